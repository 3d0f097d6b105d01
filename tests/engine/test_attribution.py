from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.experiments import holdout_assigned
from saleor_stepmail.engine.stats import holdout_lift, step_stats
from saleor_stepmail.models import Delivery, DeliveryEvent, Scenario

from ..factories import make_scenario, order_created, order_event

pytestmark = pytest.mark.django_db


def second_order(at: datetime, *, order_id: str = "order-2", amount: str = "5400") -> Event:
    return Event(
        type="order_created",
        occurred_at=at,
        email="hana@example.com",
        order_id=order_id,
        is_first_order=False,
        is_paid=True,
        context={"order": {"number": order_id, "total": {"amount": amount, "currency": "JPY"}}},
    )


def _step(position: int) -> Delivery:
    return Delivery.objects.get(step__position=position)


def test_order_within_three_days_of_a_send_is_its_conversion_with_revenue(clock, outbox):
    make_scenario(delays=(0, 3, 7))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    record_event(second_order(clock.advance(days=2)))

    conversion = DeliveryEvent.objects.get(type="converted")
    assert conversion.delivery == _step(0)
    assert (conversion.order_id, conversion.revenue, conversion.currency) == (
        "order-2",
        Decimal("5400"),
        "JPY",
    )


def test_order_long_after_the_last_send_is_nobodys_conversion(clock, outbox):
    make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    record_event(second_order(clock.advance(days=4)))

    assert not DeliveryEvent.objects.filter(type="converted").exists()


def test_a_click_within_seven_days_beats_a_later_send(clock, outbox):
    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    DeliveryEvent.objects.create(delivery=_step(0), type="clicked", occurred_at=clock.now)
    dispatch_due(now=clock.advance(days=3))

    record_event(second_order(clock.advance(days=2)))  # 5 days after the click

    assert DeliveryEvent.objects.get(type="converted").delivery == _step(0)


def test_among_sends_the_last_one_gets_the_order(clock, outbox):
    make_scenario(delays=(0, 1))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    dispatch_due(now=clock.advance(days=1))

    record_event(second_order(clock.advance(hours=1)))

    assert DeliveryEvent.objects.get(type="converted").delivery == _step(1)


def test_an_order_counts_once_even_when_its_event_arrives_twice(clock, outbox):
    make_scenario(delays=(0, 3), goals=())
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    record_event(second_order(clock.advance(hours=5)))
    record_event(second_order(clock.now))

    assert DeliveryEvent.objects.filter(type="converted").count() == 1


def test_the_order_that_enrolled_the_customer_is_not_its_own_conversion(clock, outbox):
    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    record_event(order_created(clock.now))  # the trigger order's event again

    assert not DeliveryEvent.objects.filter(type="converted").exists()


def test_windows_come_from_settings(clock, outbox):
    make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    with override_settings(STEPMAIL={"attribution_send_days": 10}):
        record_event(second_order(clock.advance(days=9)))

    assert DeliveryEvent.objects.filter(type="converted").count() == 1


def test_holdout_order_is_credited_to_the_skipped_delivery_within_the_click_window(clock, outbox):
    make_scenario(delays=(0, 30))
    Scenario.objects.update(holdout_percent=50)
    # A customer the hash puts in the holdout of this scenario.
    scenario_id = Scenario.objects.get().pk
    email = next(
        f"h{n}@example.com"
        for n in range(100)
        if holdout_assigned(scenario_id=scenario_id, email=f"h{n}@example.com", percent=50)
    )
    record_event(order_created(clock.now, email=email))
    dispatch_due(now=clock.now)
    assert outbox == [] and _step(0).reason == "holdout"

    record_event(replace(second_order(clock.advance(days=6)), email=email))

    conversion = DeliveryEvent.objects.get(type="converted")
    assert conversion.delivery == _step(0) and conversion.revenue == Decimal("5400")


def _counted(scenario, clock) -> tuple[int, dict]:
    (first, *_) = step_stats(
        scenario=scenario, start=clock.now - timedelta(days=10), end=clock.now + timedelta(days=1)
    )
    return first.figures.converted, first.figures.revenue


def test_order_paid_at_checkout_counts_at_once(clock, outbox):
    scenario = make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)

    record_event(second_order(clock.advance(days=1)))

    assert DeliveryEvent.objects.get(type="converted").paid_at == clock.now
    assert _counted(scenario, clock) == (1, {"JPY": Decimal("5400")})


def test_unpaid_order_counts_only_once_it_is_fully_paid(clock, outbox):
    scenario = make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    record_event(replace(second_order(clock.advance(days=1)), is_paid=False))
    assert _counted(scenario, clock) == (0, {})

    record_event(order_event("order_fully_paid", clock.advance(days=3), order_id="order-2"))

    assert DeliveryEvent.objects.get(type="converted").paid_at == clock.now
    assert _counted(scenario, clock) == (1, {"JPY": Decimal("5400")})


@pytest.mark.parametrize("ending", ["order_cancelled", "order_expired", "order_fully_refunded"])
def test_cancelled_expired_or_refunded_order_stops_counting_even_later(clock, outbox, ending):
    scenario = make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    record_event(second_order(clock.advance(days=1)))

    record_event(order_event(ending, clock.advance(days=20), order_id="order-2"))

    conversion = DeliveryEvent.objects.get(type="converted")
    assert (conversion.paid_at is not None, conversion.reversed_at) == (True, clock.now)
    assert _counted(scenario, clock) == (0, {})


def test_payment_of_another_order_changes_no_conversion(clock, outbox):
    make_scenario(delays=(0, 30))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    record_event(replace(second_order(clock.advance(days=1)), is_paid=False))

    record_event(order_event("order_fully_paid", clock.advance(hours=1), order_id="order-1"))

    assert DeliveryEvent.objects.get(type="converted").paid_at is None


def test_holdout_lift_counts_paid_orders_only(clock, outbox):
    scenario = make_scenario(delays=(0,))
    Scenario.objects.filter(pk=scenario.pk).update(holdout_percent=50)
    held = next(
        f"h{i}@example.com"
        for i in range(100)
        if holdout_assigned(scenario_id=scenario.pk, email=f"h{i}@example.com", percent=50)
    )
    record_event(order_created(clock.now, email=held, order_id="first"))
    dispatch_due(now=clock.now)
    paid = replace(second_order(clock.advance(hours=1), order_id="paid"), email=held)
    record_event(paid)
    record_event(replace(paid, order_id="unpaid", is_paid=False))
    record_event(replace(paid, order_id="cancelled", context={"order": {"total": {
        "amount": "900", "currency": "USD"}}}))  # fmt: skip
    record_event(order_event("order_cancelled", clock.advance(hours=1), order_id="cancelled"))

    lift = holdout_lift(
        scenario=scenario, start=clock.now - timedelta(days=1), end=clock.now + timedelta(days=1)
    )

    assert (lift.holdout.enrollments, lift.holdout.converted) == (1, 1)
    assert lift.holdout.revenue == {"JPY": Decimal("5400")}
