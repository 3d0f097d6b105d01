"""The channel interface: one fixed pipeline, each channel fills the named hooks."""

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..engine.render import RenderedMessage
from ..models import Delivery


class TransientFailure(Exception):
    """The provider may accept the message later: retried with backoff."""


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


class Channel:
    # True when the message is a row written in the chunk's transaction (a call task): it
    # rolls back with the chunk, and is written again when the delivery is retried.
    transactional = False

    def session(self) -> AbstractContextManager:
        """Around a batch of sends: a channel may hold one provider connection for all of them."""
        return nullcontext()

    def send(self, outgoing: Outgoing) -> Receipt:
        """Send one message and return the provider's receipt.

        Raises TransientFailure or PermanentFailure; any other error is a bug and propagates.
        """
        payload = self.build_payload(outgoing)
        result = self.transmit(payload)
        receipt = self.parse_result(payload, result)
        return receipt if isinstance(receipt, Receipt) else Receipt(provider_id=receipt)

    def build_payload(self, outgoing: Outgoing) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.build_payload must be implemented")

    def transmit(self, payload: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}.transmit must be implemented")

    def parse_result(self, payload: Any, result: Any) -> "str | Receipt":
        raise NotImplementedError(f"{type(self).__name__}.parse_result must be implemented")
