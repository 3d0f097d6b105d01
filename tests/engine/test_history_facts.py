"""Without a shop, customer.* order facts come from the engine's own record of hook events, so
a condition on them behaves in the demo and the simulator as it does inside Saleor."""

from datetime import timedelta

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, InboundEvent

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

REPEAT_BUYER = [{"fact": "customer.orders_count", "op": "gte", "value": 2}]


def recorded(kind: str, at, order_id: str, email: str = "Hana@Example.com") -> None:
    InboundEvent.objects.create(
        type=kind, occurred_at=at, order_id=order_id, email=email, processed_at=at
    )


def test_orders_recorded_by_the_hooks_count_and_a_cancelled_one_does_not(clock, outbox):
    scenario = make_scenario(slug="thanks-again", trigger="order_created", delays=(0,))
    scenario.steps.update(conditions=REPEAT_BUYER)
    earlier = clock.now - timedelta(days=40)
    recorded("order_created", earlier, "order-0")
    recorded("order_created", earlier + timedelta(days=1), "order-cancelled")
    recorded("order_cancelled", earlier + timedelta(days=2), "order-cancelled")
    recorded("order_created", clock.now, "order-1", email="hana@example.com")
    record_event(order_created(clock.now, order_id="order-1", first=False))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "sent", delivery.reason
    assert len(outbox) == 1


def test_a_first_order_alone_does_not_meet_a_repeat_buyer_condition(clock, outbox):
    scenario = make_scenario(slug="thanks-again", trigger="order_created", delays=(0,))
    scenario.steps.update(conditions=REPEAT_BUYER)
    recorded("order_created", clock.now, "order-1")
    record_event(order_created(clock.now, order_id="order-1"))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert delivery.reason == "condition not met: customer.orders_count gte 2"
    assert outbox == []
