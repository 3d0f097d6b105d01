from datetime import UTC, datetime

import pytest

from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.triggers import triggers_fired_by
from saleor_stepmail.vocabulary import Trigger

AT = datetime(2026, 11, 2, 10, tzinfo=UTC)


def _event(type: str, **facts) -> Event:
    return Event(type=type, occurred_at=AT, email="hana@example.com", order_id="o1", **facts)


@pytest.mark.parametrize(
    ("event", "fires"),
    [
        (_event("order_fully_paid", is_first_order=True), True),
        (_event("order_created", is_first_order=True, is_paid=True), True),
        (_event("order_created", is_first_order=True, is_paid=False), False),
        (_event("order_fully_paid", is_first_order=False), False),
        (_event("order_cancelled", is_first_order=True), False),
    ],
)
def test_the_first_paid_order_trigger_waits_for_the_payment(event, fires):
    assert (Trigger.FIRST_PAID_ORDER in triggers_fired_by(event)) is fires


@pytest.mark.parametrize(
    ("facts", "fires"),
    [
        ({"is_paid": False, "awaiting_payment": True}, True),
        # A card authorised, not captured yet: not paid, and not waiting for the customer.
        ({"is_paid": False, "awaiting_payment": False}, False),
        ({"is_paid": False}, True),
        ({"is_paid": True}, False),
    ],
)
def test_an_order_is_unpaid_only_while_it_waits_for_the_customer_to_pay(facts, fires):
    event = _event("order_created", is_first_order=True, **facts)

    assert (Trigger.UNPAID_ORDER in triggers_fired_by(event)) is fires
