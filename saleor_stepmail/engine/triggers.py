"""Which scenario triggers an event fires: a table, one rule per trigger."""

from collections.abc import Callable

from .events import Event
from .vocabulary import EventType, Trigger

TRIGGER_RULES: dict[Trigger, Callable[[Event], bool]] = {
    Trigger.FIRST_ORDER: lambda e: e.type == EventType.ORDER_CREATED and bool(e.is_first_order),
    Trigger.ORDER_CREATED: lambda e: e.type == EventType.ORDER_CREATED,
    Trigger.UNPAID_ORDER: lambda e: e.type == EventType.ORDER_CREATED and e.is_paid is False,
    Trigger.ORDER_PAID: lambda e: e.type == EventType.ORDER_FULLY_PAID,
    Trigger.CUSTOMER_CREATED: lambda e: e.type == EventType.CUSTOMER_CREATED,
    Trigger.SUBSCRIBED: lambda e: e.type == EventType.SUBSCRIBED,
    Trigger.CHECKOUT_ABANDONED: lambda e: e.type == EventType.CHECKOUT_ABANDONED,
    Trigger.LINE_FRIEND_ADDED: lambda e: e.type == EventType.LINE_FOLLOWED,
}


def triggers_fired_by(event: Event) -> list[Trigger]:
    return [trigger for trigger, fires in TRIGGER_RULES.items() if fires(event)]
