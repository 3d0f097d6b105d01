"""The channel interface: one fixed pipeline, each channel fills the named hooks.

A channel is one class: besides the hooks of the send (`build_payload`, `transmit`,
`parse_result`), it says what the rest of the product asks of its kind, so that nothing about
a channel lives outside its module: the settings form of a step (`config_schema`) and its checks
(`config_problems`), whether a test send takes it, whether its message has an HTML body, and
the facts a chunk loads for it.
"""

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from ...models import Delivery
from ..render import RenderedMessage


class TransientFailure(Exception):
    """The provider may accept the message later: retried with backoff."""


class Throttled(TransientFailure):
    """The provider asks us to slow down (HTTP 429, a throttling error): the delivery waits
    `retry_after` (the provider's Retry-After, else the retry backoff) and goes again without
    spending an attempt."""

    def __init__(self, message: str, *, retry_after: timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# A provider's Retry-After longer than this is read as this: a broken or hostile answer cannot
# park a delivery for months.
MAX_RETRY_AFTER = timedelta(days=1)


def retry_after(value: str | None) -> timedelta | None:
    """An HTTP Retry-After header (seconds, or an HTTP date) as a wait; None if absent or bad."""
    value = (value or "").strip()
    if value.isdigit():
        wait = timedelta(seconds=int(value))
    else:
        try:
            wait = parsedate_to_datetime(value) - datetime.now(UTC)
        except (TypeError, ValueError):
            return None
    return min(max(wait, timedelta(0)), MAX_RETRY_AFTER)


class PermanentFailure(Exception):
    """Sending this message again cannot help (bad address, refused recipient)."""


@dataclass(frozen=True)
class Outgoing:
    delivery: Delivery
    message: RenderedMessage
    sender: str
    # The facts the message was rendered from: a phone number or a postal address for the
    # channels that need one.
    context: dict = field(default_factory=dict)
    # When it goes out by the dispatcher's clock (the mail's Date); None: the moment it is built.
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Receipt:
    """What a channel reports for a message it sent: the provider's id, and what it answered
    (kept on the delivery and its sent event; a webhook's status and body excerpt)."""

    provider_id: str
    detail: str = ""


# The config_schema of a channel whose steps take no settings.
NO_SETTINGS: Mapping = {"type": "object", "properties": {}, "required": []}


class Channel:
    # What a step stores in Step.channel, and the key it is registered under (CHANNELS);
    # StepmailChannelKind over GraphQL, in capitals.
    kind = ""
    # Its name on the operator page, per language: {"en": ..., "ja": ...}.
    label: Mapping[str, str] = {}
    # The step's channel_config as a form, JSON-schema-like: `properties` (each with its
    # `type`, a `label` per language, a `default`, limits such as `maximum`; `writeOnly`: the
    # API stores it but never shows it) and `required`. A key it does not list is refused.
    config_schema: Mapping = NO_SETTINGS
    # Why stepmailStepSendTest refuses a step of this kind (it would do for real what the step
    # does); None: the test mails the rendered message to the address given.
    test_send_refusal: str | None = None
    # True: the message is a mail, an HTML body and a text body in the shop's layout. False:
    # the text body alone is the message (a chat bubble): presets write no HTML for it.
    html_body = True
    # True: a message of this kind reads the LINE user its enrolment reaches, which is loaded
    # for it (engine/context.py): LINE pushes to them, a webhook passes their id on.
    needs_line_recipients = False
    # True when the message is a row written in the chunk's transaction (a call task): it
    # rolls back with the chunk, and is written again when the delivery is retried. It is sent
    # in the chunk's own thread. False: `transmit` and `parse_result` are a call to a provider
    # that touches no database, made from one of the dispatcher's send threads
    # (engine/sending.py), several at a time; `build_payload` still runs in the chunk's thread
    # (it may read the database, as the shop's configuration).
    transactional = False

    @property
    def noun(self) -> str:
        """How messages name a step of this kind: "a webhook step"."""
        return self.kind

    def config_problems(self, config: dict) -> list[str]:
        """What a step's channel_config gets wrong; empty when this channel takes it."""
        fields = self.config_schema["properties"]
        unknown = ", ".join(sorted(set(config) - set(fields)))
        takes = ", ".join(fields) or "no settings"
        problems = [f"unknown channelConfig keys {unknown}; a {self.noun} step takes {takes}"]
        return (problems if unknown else []) + self.config_value_problems(config)

    def config_value_problems(self, config: dict) -> list[str]:
        """What the values of its known keys get wrong (the channel's own limits)."""
        return []

    def config_kept(self, config: dict, *, stored: dict) -> dict:
        """A config being written, with the stored write-only values it leaves out: the API
        never shows them, so a form cannot send them back."""
        kept = {
            name: stored[name]
            for name, field in self.config_schema["properties"].items()
            if field.get("writeOnly") and name not in config and stored.get(name)
        }
        return {**config, **kept}

    def config_shown(self, config: dict) -> dict:
        """A stored config without its write-only values."""
        fields = self.config_schema["properties"]
        return {k: v for k, v in config.items() if not fields.get(k, {}).get("writeOnly")}

    def session(self) -> AbstractContextManager:
        """Around the sends of one thread: a channel may hold one provider connection for them.

        Entered and left in the thread that transmits, so a connection is never shared.
        """
        return nullcontext()

    def send(self, outgoing: Outgoing) -> Receipt:
        """Send one message and return the provider's receipt.

        Raises TransientFailure or PermanentFailure; any other error is a bug and propagates.
        """
        return self.deliver(self.build_payload(outgoing))

    def deliver(self, payload: Any, *, turn: Callable[[], None] | None = None) -> Receipt:
        """Transmit a built payload and read the provider's answer as a receipt.

        `turn`, if given, is called right before transmitting: the send threads wait there for
        the shared send rate (engine/budget.py).
        """
        if turn is not None:
            turn()
        result = self.transmit(payload)
        receipt = self.parse_result(payload, result)
        return receipt if isinstance(receipt, Receipt) else Receipt(provider_id=receipt)

    def build_payload(self, outgoing: Outgoing) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.build_payload must be implemented")

    def transmit(self, payload: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.transmit must be implemented")

    def parse_result(self, payload: Any, result: Any) -> "str | Receipt":
        raise NotImplementedError(f"{type(self).__name__}.parse_result must be implemented")


class UnregisteredChannel(Channel):
    """What CHANNELS answers for a kind no channel is registered for (a step stored before its
    channel's module was taken out): its mail is skipped with the reason, not retried."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.reason = f"no channel {kind!r} is registered (engine/channels); choose another channel"
        self.test_send_refusal = self.reason

    def build_payload(self, outgoing: Outgoing) -> Any:
        raise PermanentFailure(self.reason)
