"""A signed JSON POST to the step's URL: LINE, SMS or a call-centre system on the other end.

The receiver checks `X-Stepmail-Signature: sha256=<hex>`, the HMAC-SHA256 with the step's
`channel_config["secret"]` of `<X-Stepmail-Timestamp>.<raw body>`, and refuses old timestamps
(replays). The idempotency key is in the body and the `X-Stepmail-Idempotency-Key` header, so
a POST repeated after a crash can be dropped. 5xx, 429, time-outs and refused connections are
retried with the dispatcher's backoff; other 4xx answers skip the delivery.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from .base import Channel, Outgoing, PermanentFailure, Receipt, TransientFailure

DEFAULT_TIMEOUT_SECONDS = 10
MAX_TIMEOUT_SECONDS = 30
EXCERPT_CHARS = 200
SIGNATURE_HEADER = "X-Stepmail-Signature"
TIMESTAMP_HEADER = "X-Stepmail-Timestamp"
# Channel facts a receiver needs to reach the customer; the rest of the context stays here.
CUSTOMER_FACTS = ("email", "first_name", "last_name", "phone", "line_user_id")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def config_problems(config: dict) -> list[str]:
    """What a webhook step's channel_config lacks; empty when it can be sent."""
    problems = []
    url = config.get("url")
    if not isinstance(url, str) or urlparse(url).scheme not in {"http", "https"}:
        problems.append("channel_config.url must be an http(s) URL")
    if not isinstance(config.get("secret"), str) or len(config.get("secret", "")) < 16:
        problems.append("channel_config.secret must be a string of at least 16 characters")
    timeout = config.get("timeout", DEFAULT_TIMEOUT_SECONDS)
    if not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_SECONDS:
        problems.append(f"channel_config.timeout must be 1 to {MAX_TIMEOUT_SECONDS} seconds")
    return problems


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: dict[str, str]
    timeout: float


def _excerpt(status: int, body: bytes) -> str:
    return f"HTTP {status}: {body[:EXCERPT_CHARS].decode('utf-8', 'replace')}".strip()


class WebhookChannel(Channel):
    def build_payload(self, outgoing: Outgoing) -> WebhookRequest:
        delivery = outgoing.delivery
        config = delivery.step.channel_config or {}
        problems = config_problems(config)
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
        try:
            with urllib.request.urlopen(request, timeout=payload.timeout) as response:  # noqa: S310 (http(s) checked)
                return response.status, response.read(EXCERPT_CHARS * 4)
        except urllib.error.HTTPError as exc:
            detail = _excerpt(exc.code, exc.read(EXCERPT_CHARS * 4))
            if exc.code >= 500 or exc.code in {408, 429}:
                raise TransientFailure(f"webhook answered {detail}") from exc
            raise PermanentFailure(f"webhook refused the message: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransientFailure(f"webhook not reachable: {exc}") from exc

    def parse_result(self, payload: WebhookRequest, result: tuple[int, bytes]) -> Receipt:
        status, body = result
        return Receipt(
            provider_id=payload.headers["X-Stepmail-Idempotency-Key"],
            detail=_excerpt(status, body),
        )
