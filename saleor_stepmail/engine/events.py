"""The normalised event every trigger and goal is decided from."""

from dataclasses import dataclass, field
from datetime import datetime

from ..vocabulary import EventType


@dataclass(frozen=True, kw_only=True)
class Event:
    type: EventType
    occurred_at: datetime
    email: str = ""
    user_id: str = ""
    order_id: str = ""
    channel_slug: str = ""
    # A LINE user (LINE's webhook events; enrolments of the LINE friend-added trigger).
    line_user_id: str = ""
    # The shop's checkout: the abandoned one, or the one an order was completed from.
    checkout_token: str = ""
    # For order_created: whether this is the customer's first non-draft order, and whether
    # the order was already paid when it was created. For order_fully_paid: whether it is the
    # customer's first order (earlier ones cancelled or expired do not count).
    is_first_order: bool | None = None
    is_paid: bool | None = None
    # Whether the order waits for the customer to pay: nothing charged *and* nothing
    # authorised (bank transfer, konbini). None: the integration cannot tell, and an order not
    # paid when created counts as waiting.
    awaiting_payment: bool | None = None
    # Facts kept on the enrolment for templates and conditions (first name, order number, lines...).
    context: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError("Event.occurred_at must be timezone-aware")
        object.__setattr__(self, "type", EventType(self.type))
        object.__setattr__(self, "email", normalize_email(self.email))
        object.__setattr__(self, "user_id", str(self.user_id or ""))
        object.__setattr__(self, "order_id", str(self.order_id or ""))
        object.__setattr__(self, "checkout_token", str(self.checkout_token or ""))


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()
