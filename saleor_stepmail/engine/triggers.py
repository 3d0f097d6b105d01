"""Which scenario triggers an event fires: a table, one rule per trigger."""

from collections.abc import Callable

from ..vocabulary import EventType, Trigger
from .events import Event


def _awaiting_payment(event: Event) -> bool:
    if event.awaiting_payment is not None:
        return event.awaiting_payment
    return event.is_paid is False


def _paid(event: Event) -> bool:
    """Paid now: the payment's own event, or an order created paid (a card checkout)."""
    if event.type == EventType.ORDER_FULLY_PAID:
        return True
    return event.type == EventType.ORDER_CREATED and bool(event.is_paid)


TRIGGER_RULES: dict[Trigger, Callable[[Event], bool]] = {
    Trigger.FIRST_ORDER: lambda e: e.type == EventType.ORDER_CREATED and bool(e.is_first_order),
    Trigger.ORDER_CREATED: lambda e: e.type == EventType.ORDER_CREATED,
    Trigger.UNPAID_ORDER: lambda e: e.type == EventType.ORDER_CREATED and _awaiting_payment(e),
    Trigger.FIRST_PAID_ORDER: lambda e: bool(e.is_first_order) and _paid(e),
    Trigger.ORDER_PAID: lambda e: e.type == EventType.ORDER_FULLY_PAID,
    Trigger.CUSTOMER_CREATED: lambda e: e.type == EventType.CUSTOMER_CREATED,
    Trigger.SUBSCRIBED: lambda e: e.type == EventType.SUBSCRIBED,
    Trigger.CHECKOUT_ABANDONED: lambda e: e.type == EventType.CHECKOUT_ABANDONED,
    Trigger.LINE_FRIEND_ADDED: lambda e: e.type == EventType.LINE_FOLLOWED,
    Trigger.CUSTOMER_DORMANT: lambda e: e.type == EventType.CUSTOMER_DORMANT,
}


def triggers_fired_by(event: Event) -> list[Trigger]:
    return [trigger for trigger, fires in TRIGGER_RULES.items() if fires(event)]
