"""Steps that branch: end the enrolment, move the customer, or read engine facts."""

from datetime import timedelta

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

LOYAL = [{"fact": "customer.orders_count", "op": "gte", "value": 3}]


def loyal_order(at, *, orders_count=5, **kwargs):
    event = order_created(at, **kwargs)
    event.context["customer"]["orders_count"] = orders_count
    return event


def test_loyal_customer_moves_to_the_cross_sell_path_timed_from_the_move(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0, 2, 5))
    cross_sell = make_scenario(slug="cross-sell", trigger="order_paid", delays=(1, 4))
    follow.steps.filter(position=1).update(action="move", move_to=cross_sell, conditions=LOYAL)
    record_event(loyal_order(clock.now))

    dispatch_due(now=clock.advance(days=2, minutes=1))

    old = Enrollment.objects.get(scenario=follow)
    assert (old.state, old.exit_reason) == ("completed", "moved to cross-sell")
    assert old.deliveries.get(step__position=2).state == "cancelled"
    moved = Enrollment.objects.get(scenario=cross_sell)
    assert (moved.state, moved.email, moved.triggered_at) == (
        "active",
        "hana@example.com",
        clock.now,
    )
    assert [d.due_at - clock.now for d in moved.deliveries.order_by("due_at")] == [
        timedelta(days=1),
        timedelta(days=4),
    ]
    assert len(outbox) == 1


def test_move_respects_the_target_scenarios_reentry_policy(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0, 1))
    target = make_scenario(slug="vip", trigger="order_paid", delays=(3,), reentry="once")
    follow.steps.filter(position=1).update(action="move", move_to=target)
    record_event(order_created(clock.now, order_id="o-1"))
    dispatch_due(now=clock.advance(days=1, minutes=1))
    record_event(order_created(clock.advance(days=30), order_id="o-2", first=True))

    dispatch_due(now=clock.advance(days=1, minutes=1))

    assert Enrollment.objects.filter(scenario=target).count() == 1
    assert Enrollment.objects.filter(scenario=follow, exit_reason="moved to vip").count() == 2


def test_customer_not_loyal_skips_the_move_step_and_stays(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0, 2, 5))
    target = make_scenario(slug="cross-sell", trigger="order_paid", delays=(1,))
    follow.steps.filter(position=1).update(action="move", move_to=target, conditions=LOYAL)
    record_event(loyal_order(clock.now, orders_count=1))

    dispatch_due(now=clock.advance(days=2, minutes=1))

    move_step = Delivery.objects.get(step__position=1, enrollment__scenario=follow)
    assert move_step.state == "skipped"
    assert move_step.reason == "condition not met: customer.orders_count gte 3"
    assert Enrollment.objects.get(scenario=follow).state == "active"
    assert not Enrollment.objects.filter(scenario=target).exists()


def test_end_step_ends_the_enrolment_naming_the_step(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0, 2, 5))
    follow.steps.filter(position=1).update(
        action="end",
        name="subscribers stop",
        conditions=[{"fact": "customer.metadata.定期", "op": "eq", "value": "yes"}],
    )
    event = order_created(clock.now)
    event.context["customer"]["metadata"] = {"定期": "yes"}
    record_event(event)

    dispatch_due(now=clock.advance(days=6))

    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == (
        "completed",
        "ended by step 1 (subscribers stop)",
    )
    assert len(outbox) == 1


def test_step_for_openers_goes_only_after_the_previous_mail_was_opened(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0, 2))
    follow.steps.filter(position=1).update(
        conditions=[{"fact": "previous_step.opened", "op": "eq", "value": True}]
    )
    record_event(order_created(clock.now, email="opens@example.com", order_id="o-1"))
    record_event(order_created(clock.now, email="ignores@example.com", order_id="o-2"))
    dispatch_due(now=clock.advance(minutes=1))
    first = Delivery.objects.get(enrollment__email="opens@example.com", step__position=0)
    DeliveryEvent.objects.create(delivery=first, type="clicked", occurred_at=clock.now)

    dispatch_due(now=clock.advance(days=2))

    second = {d.enrollment.email: d for d in Delivery.objects.filter(step__position=1)}
    assert second["opens@example.com"].state == "sent"
    assert second["ignores@example.com"].state == "skipped"
    assert second["ignores@example.com"].reason == "condition not met: previous_step.opened eq True"


def test_channel_condition_reads_the_enrolments_channel(clock, outbox):
    follow = make_scenario(slug="follow", delays=(0,))
    follow.steps.update(conditions=[{"fact": "channel", "op": "eq", "value": "jp"}])
    record_event(order_created(clock.now, email="a@example.com", order_id="o-1", channel="jp"))
    record_event(order_created(clock.now, email="b@example.com", order_id="o-2"))

    dispatch_due(now=clock.advance(minutes=1))

    assert [m.to for m in outbox] == [["a@example.com"]]
