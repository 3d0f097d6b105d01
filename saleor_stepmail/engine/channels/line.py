"""A LINE message through the Messaging API's push: text, an optional image and link buttons.

The text is the step's rendered text template; its subject is the notification's text
(`altText`) and the caption over the buttons. `channel_config` may add
{"image_url": "https://...", "buttons": [{"label": "...", "url": "https://..."}, ...]} (at most
4 buttons, LINE's limit); the buttons' links are click-tracked with UTM parameters as mail
links are, when the channel tracks.

`X-Line-Retry-Key` is a UUID derived from the delivery's idempotency key: a push repeated
after a crash carries the same key, and LINE answers 409 instead of delivering it twice, which
counts as sent. 429 waits for LINE's Retry-After (else the retry backoff) without spending an
attempt; 5xx are retried with the dispatcher's backoff; other 4xx skip the
delivery with LINE's reason, and so does a customer without a LINE user or who blocked the
shop's account.
"""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...conf import stepmail_settings
from ...models import Delivery
from ...vocabulary import ChannelKind
from ..integration import current_integration
from ..links import plugin_url, public_root, utm_added
from ..tokens import click_token_create
from .base import (
    Channel,
    Outgoing,
    PermanentFailure,
    Receipt,
    Throttled,
    TransientFailure,
    retry_after,
)
from .line_api import LineAnswer, LineUnreachable, line_request

PUSH_PATH = "/v2/bot/message/push"
RETRY_KEY_NAMESPACE = uuid.UUID("6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f")
MAX_TEXT_CHARS = 5000
MAX_ALT_TEXT_CHARS = 400
MAX_BUTTONS_TEXT_CHARS = 160
MAX_BUTTONS = 4
MAX_LABEL_CHARS = 20
MAX_URL_CHARS = 1000
NO_LINE_USER = "no LINE user linked to this customer"
BLOCKED = "the customer blocked the shop's LINE account"


def retry_key(delivery: Delivery) -> str:
    """The same UUID for every attempt of one delivery (LINE wants a UUID, not any string)."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, str(delivery.idempotency_key)))


def _https(url: object) -> bool:
    return isinstance(url, str) and len(url) <= MAX_URL_CHARS and urlsplit(url).scheme == "https"


@dataclass(frozen=True)
class LinePush:
    token: str
    body: dict
    retry_key: str
    api_url: str
    timeout: float


def _link(url: str, delivery: Delivery, tracked: bool) -> str:
    if not tracked:
        return url
    with_utm = utm_added(url, delivery=delivery, medium="line")
    return plugin_url("stepmail-click", click_token_create(delivery_id=delivery.pk, url=with_utm))


def line_messages(outgoing: Outgoing, *, tracked: bool) -> list[dict]:
    """The push's message objects, as LINE documents them: text, image, buttons template."""
    delivery, message = outgoing.delivery, outgoing.message
    config = delivery.step.channel_config or {}
    text = message.text.strip()
    if not text:
        raise PermanentFailure("a LINE step needs a text: its text template rendered empty")
    if len(text) > MAX_TEXT_CHARS:
        raise PermanentFailure(
            f"the LINE text is {len(text)} characters; LINE takes at most {MAX_TEXT_CHARS}"
        )
    messages: list[dict] = [{"type": "text", "text": text}]
    if config.get("image_url"):
        image = config["image_url"]
        messages.append({"type": "image", "originalContentUrl": image, "previewImageUrl": image})
    if config.get("buttons"):
        actions = [
            {
                "type": "uri",
                "label": button["label"].strip()[:MAX_LABEL_CHARS],
                "uri": _link(button["url"], delivery, tracked),
            }
            for button in config["buttons"][:MAX_BUTTONS]
        ]
        messages.append(
            {
                "type": "template",
                "altText": message.subject[:MAX_ALT_TEXT_CHARS],
                "template": {
                    "type": "buttons",
                    "text": message.subject[:MAX_BUTTONS_TEXT_CHARS],
                    "actions": actions,
                },
            }
        )
    return messages


class LineChannel(Channel):
    kind = ChannelKind.LINE
    label = {"en": "LINE message", "ja": "LINEメッセージ"}
    noun = "LINE"
    config_schema = {
        "type": "object",
        "properties": {
            "image_url": {
                "type": "string",
                "format": "uri",
                "pattern": "^https://",
                "maxLength": MAX_URL_CHARS,
                "label": {
                    "en": "Image (https URL of a JPEG or PNG)",
                    "ja": "画像（JPEG・PNGのhttps URL）",
                },
            },
            "buttons": {
                "type": "array",
                "maxItems": MAX_BUTTONS,
                "label": {"en": "Link buttons", "ja": "リンクボタン"},
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_LABEL_CHARS,
                            "label": {"en": "Button text", "ja": "ボタンの文言"},
                        },
                        "url": {
                            "type": "string",
                            "format": "uri",
                            "maxLength": MAX_URL_CHARS,
                            "label": {"en": "Link", "ja": "リンク先"},
                        },
                    },
                    "required": ["label", "url"],
                },
            },
        },
        "required": [],
    }
    test_send_refusal = (
        "a LINE step cannot be test-sent to an address: it goes to a LINE account; preview "
        "the step to read its chat bubble"
    )
    html_body = False
    needs_line_recipients = True

    def config_value_problems(self, config: dict) -> list[str]:
        problems = []
        if "image_url" in config and not _https(config["image_url"]):
            problems.append(
                "channel_config.image_url must be an https URL of at most "
                f"{MAX_URL_CHARS} characters (a JPEG or PNG; LINE loads only https)"
            )
        buttons = config.get("buttons", [])
        if not isinstance(buttons, list) or len(buttons) > MAX_BUTTONS:
            problems.append(
                f"channel_config.buttons must be a list of at most {MAX_BUTTONS} buttons"
            )
            return problems
        for number, button in enumerate(buttons, 1):
            label = button.get("label") if isinstance(button, dict) else None
            url = button.get("url") if isinstance(button, dict) else None
            if not isinstance(label, str) or not 0 < len(label.strip()) <= MAX_LABEL_CHARS:
                problems.append(
                    f"button {number}: label must be 1 to {MAX_LABEL_CHARS} characters "
                    "(LINE's limit)"
                )
            if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"}:
                problems.append(f"button {number}: url must be an http(s) URL")
            elif len(url) > MAX_URL_CHARS:
                problems.append(f"button {number}: url is longer than {MAX_URL_CHARS} characters")
        return problems

    def build_payload(self, outgoing: Outgoing) -> LinePush:
        delivery = outgoing.delivery
        enrollment = delivery.enrollment
        recipient = outgoing.context.get("line") or {}
        if not recipient.get("user_id"):
            raise PermanentFailure(NO_LINE_USER)
        if recipient.get("blocked"):
            raise PermanentFailure(BLOCKED)
        integration = current_integration()
        token = integration.line_credentials(enrollment.channel_slug).access_token
        if not token:
            raise PermanentFailure(
                f"LINE is not set up for channel {enrollment.channel_slug!r}: set its channel "
                "access token in the plugin configuration"
            )
        config = stepmail_settings()
        tracked = bool(public_root()) and integration.tracking_enabled(enrollment)
        return LinePush(
            token=token,
            body={
                "to": recipient["user_id"],
                "messages": line_messages(outgoing, tracked=tracked),
            },
            retry_key=retry_key(delivery),
            api_url=config.line_api_url,
            timeout=config.line_timeout_seconds,
        )

    def transmit(self, payload: LinePush) -> LineAnswer:
        try:
            return line_request(
                "POST",
                PUSH_PATH,
                token=payload.token,
                json_body=payload.body,
                headers={"X-Line-Retry-Key": payload.retry_key},
                api_url=payload.api_url,
                timeout=payload.timeout,
            )
        except LineUnreachable as exc:
            raise TransientFailure(str(exc)) from exc

    def parse_result(self, payload: LinePush, result: LineAnswer) -> Receipt:
        status = result.status
        request_id = result.headers.get("x-line-request-id", "")
        if status == 409:
            # Accepted before, by an attempt whose answer was lost: sent, and not twice.
            accepted = result.headers.get("x-line-accepted-request-id", "") or payload.retry_key
            return Receipt(provider_id=accepted, detail="LINE had already accepted it (409)")
        if status == 429:
            wait = retry_after(result.headers.get("retry-after"))
            raise Throttled(f"LINE answered HTTP 429: {result.reason()}", retry_after=wait)
        if status >= 500:
            raise TransientFailure(f"LINE answered HTTP {status}: {result.reason()}")
        if status >= 300:
            raise PermanentFailure(f"LINE refused the message (HTTP {status}): {result.reason()}")
        sent = result.json().get("sentMessages") or [{}]
        message_id = sent[0].get("id") if isinstance(sent[0], dict) else None
        return Receipt(
            provider_id=str(message_id or request_id or payload.retry_key),
            detail=f"HTTP {status}",
        )
