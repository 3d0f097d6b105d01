"""A signed JSON POST to the step's URL: LINE, SMS or a call-centre system on the other end.

The receiver checks `X-Stepmail-Signature: sha256=<hex>`, the HMAC-SHA256 with the step's
`channel_config["secret"]` of `<X-Stepmail-Timestamp>.<raw body>`, and refuses old timestamps
(replays). The idempotency key is in the body and the `X-Stepmail-Idempotency-Key` header, so
a POST repeated after a crash can be dropped. 5xx, time-outs and refused connections are
retried with the dispatcher's backoff, 429 after its Retry-After without spending an attempt;
other 4xx answers, and redirects, skip the delivery. The step's `timeout` bounds the whole
request, not each read: a receiver that drips its answer is cut off when it is up. It reaches
public addresses only, unless STEPMAIL["webhook_private_networks"] allows private ones
(webhook_http.py).
"""

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from ...conf import stepmail_settings
from ...vocabulary import ChannelKind
from .base import (
    Channel,
    Outgoing,
    PermanentFailure,
    Receipt,
    Throttled,
    TransientFailure,
    retry_after,
)
from .webhook_http import PrivateAddress, opener, private_literal, total_deadline

DEFAULT_TIMEOUT_SECONDS = 10
MAX_TIMEOUT_SECONDS = 30
MIN_SECRET_CHARS = 16
EXCERPT_CHARS = 200
SIGNATURE_HEADER = "X-Stepmail-Signature"
TIMESTAMP_HEADER = "X-Stepmail-Timestamp"
# Channel facts a receiver needs to reach the customer; the rest of the context stays here.
CUSTOMER_FACTS = ("email", "first_name", "last_name", "phone", "line_user_id")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: dict[str, str]
    timeout: float


def _excerpt(status: int, body: bytes) -> str:
    return f"HTTP {status}: {body[:EXCERPT_CHARS].decode('utf-8', 'replace')}".strip()


def _unreachable(exc: Exception, *, started: float, timeout: float) -> TransientFailure:
    if time.monotonic() - started >= timeout:
        return TransientFailure(f"webhook did not answer within {timeout:g}s (its timeout)")
    return TransientFailure(f"webhook not reachable: {exc}")


class WebhookChannel(Channel):
    kind = ChannelKind.WEBHOOK
    label = {"en": "Webhook (signed POST to a URL)", "ja": "Webhook（署名付きPOST）"}
    needs_line_recipients = True  # the payload passes on customer.line_user_id
    config_schema = {
        "type": "object",
        "properties": {
            "url": {
                "type": "string",
                "format": "uri",
                "pattern": "^https?://",
                "label": {"en": "Receiver URL", "ja": "送信先URL"},
            },
            "secret": {
                "type": "string",
                "minLength": MIN_SECRET_CHARS,
                "writeOnly": True,
                "label": {"en": "Signing secret", "ja": "署名用シークレット"},
            },
            "timeout": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": MAX_TIMEOUT_SECONDS,
                "default": DEFAULT_TIMEOUT_SECONDS,
                "label": {"en": "Timeout (seconds)", "ja": "タイムアウト（秒）"},
            },
        },
        "required": ["url", "secret"],
    }
    test_send_refusal = (
        "a webhook step cannot be test-sent: its receiver cannot tell a test from a real "
        "message and would pass it on to the customer in it; preview the step instead, and "
        "test the receiver with a staging URL in channelConfig"
    )

    def config_value_problems(self, config: dict) -> list[str]:
        problems = []
        url = config.get("url")
        parts = urlparse(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
            problems.append("channel_config.url must be an http(s) URL")
        elif private_literal(parts.hostname) and not stepmail_settings().webhook_private_networks:
            problems.append(
                "channel_config.url points at a private or local address; set "
                "STEPMAIL webhook_private_networks to allow it"
            )
        secret = config.get("secret")
        if not isinstance(secret, str) or len(secret) < MIN_SECRET_CHARS:
            problems.append(
                f"channel_config.secret must be a string of at least {MIN_SECRET_CHARS} characters"
            )
        timeout = config.get("timeout", DEFAULT_TIMEOUT_SECONDS)
        if not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_SECONDS:
            problems.append(f"channel_config.timeout must be 1 to {MAX_TIMEOUT_SECONDS} seconds")
        return problems

    def build_payload(self, outgoing: Outgoing) -> WebhookRequest:
        delivery = outgoing.delivery
        config = delivery.step.channel_config or {}
        problems = self.config_problems(config)
        if problems:
            raise PermanentFailure("; ".join(problems))
        customer = outgoing.context.get("customer") or {}
        enrollment = delivery.enrollment
        body = json.dumps(
            {
                "idempotency_key": str(delivery.idempotency_key),
                "delivery": delivery.pk,
                "scenario": enrollment.scenario.slug,
                "step": {"position": delivery.step.position, "name": delivery.step.name},
                "channel": enrollment.channel_slug,
                "customer": {k: customer[k] for k in CUSTOMER_FACTS if customer.get(k)},
                "order": {"id": enrollment.source_order_id},
                "message": {
                    "subject": outgoing.message.subject,
                    "text": outgoing.message.text,
                    "html": outgoing.message.html,
                },
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        timestamp = str(int(time.time()))
        return WebhookRequest(
            url=config["url"],
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "saleor-stepmail",
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: signature(config["secret"], timestamp, body),
                "X-Stepmail-Idempotency-Key": str(delivery.idempotency_key),
            },
            timeout=config.get("timeout", DEFAULT_TIMEOUT_SECONDS),
        )

    def transmit(self, payload: WebhookRequest) -> tuple[int, bytes]:
        request = urllib.request.Request(
            payload.url, data=payload.body, headers=payload.headers, method="POST"
        )
        connections = opener(stepmail_settings().webhook_private_networks)
        started = time.monotonic()
        try:
            with (
                total_deadline(payload.timeout) as deadline,
                connections.open(request, timeout=payload.timeout) as response,
            ):
                answer = response.status, response.read(EXCERPT_CHARS * 4)
            if deadline.expired:
                raise TimeoutError("the answer was cut off")
            return answer
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                where = exc.headers.get("Location", "?")
                raise PermanentFailure(
                    f"webhook redirected (HTTP {exc.code}) to {where[:EXCERPT_CHARS]}; "
                    "set the step's URL to where it points"
                ) from exc
            detail = _excerpt(exc.code, exc.read(EXCERPT_CHARS * 4))
            if exc.code == 429:
                wait = retry_after(exc.headers.get("Retry-After"))
                raise Throttled(f"webhook answered {detail}", retry_after=wait) from exc
            if exc.code >= 500 or exc.code == 408:
                raise TransientFailure(f"webhook answered {detail}") from exc
            raise PermanentFailure(f"webhook refused the message: {detail}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, PrivateAddress):
                raise PermanentFailure(
                    f"webhook not sent: {exc.reason}; set STEPMAIL webhook_private_networks "
                    "to allow it"
                ) from exc
            raise _unreachable(exc, started=started, timeout=payload.timeout) from exc
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise _unreachable(exc, started=started, timeout=payload.timeout) from exc

    def parse_result(self, payload: WebhookRequest, result: tuple[int, bytes]) -> Receipt:
        status, body = result
        return Receipt(
            provider_id=payload.headers["X-Stepmail-Idempotency-Key"],
            detail=_excerpt(status, body),
        )
