import pytest

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.suppression import suppression_add
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment

from ..factories import make_scenario, order_created, order_event

pytestmark = pytest.mark.django_db


def test_first_order_enrols_and_schedules_every_step_from_the_order_time(clock):
    make_scenario(delays=(0, 3, 7))

    outcome = record_event(order_created(clock.now))

    enrollment = Enrollment.objects.get(pk=outcome.enrolled[0])
    assert enrollment.state == "active"
    assert enrollment.email == "hana@example.com"
    due = sorted((d.due_at - clock.now).days for d in enrollment.deliveries.all())
    assert due == [0, 3, 7]


def test_email_is_matched_without_regard_to_case(clock):
    make_scenario()
    record_event(order_created(clock.now, email="Hana@Example.COM"))

    assert Enrollment.objects.get().email == "hana@example.com"


def test_repeat_order_is_not_a_first_order_trigger(clock):
    make_scenario(trigger="first_order")

    assert record_event(order_created(clock.now, first=False)).enrolled == []


def test_paused_scenario_and_other_channel_enrol_nobody(clock):
    make_scenario(slug="paused", status="paused")
    make_scenario(slug="jp-only", channels=("jp",))

    assert record_event(order_created(clock.now, channel="us")).enrolled == []


def test_customer_is_never_twice_in_the_same_scenario_while_active(clock):
    make_scenario(trigger="order_created", goals=())
    record_event(order_created(clock.now, order_id="a"))

    assert record_event(order_created(clock.advance(days=1), order_id="b")).enrolled == []
    assert Enrollment.objects.count() == 1


def test_once_policy_never_enrols_again_after_the_enrolment_ended(clock):
    make_scenario(trigger="order_created", goals=("purchased_again",), reentry="once")
    record_event(order_created(clock.now, order_id="a"))

    outcome = record_event(order_created(clock.advance(days=2), order_id="b"))

    assert outcome.ended and not outcome.enrolled


def test_after_exit_policy_enrols_again_once_the_previous_enrolment_ended(clock):
    make_scenario(trigger="order_created", goals=("purchased_again",), reentry="after_exit")
    record_event(order_created(clock.now, order_id="a"))

    outcome = record_event(order_created(clock.advance(days=2), order_id="b"))

    assert len(outcome.ended) == 1 and len(outcome.enrolled) == 1
    assert Enrollment.objects.filter(state="active").get().source_order_id == "b"


def test_per_order_policy_runs_one_enrolment_per_unpaid_order(clock):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order")
    record_event(order_created(clock.now, order_id="a", paid=False))
    record_event(order_created(clock.now, order_id="b", paid=False, first=False))

    assert Enrollment.objects.filter(state="active").count() == 2


def test_second_order_converts_and_cancels_every_pending_mail(clock):
    make_scenario(delays=(0, 3, 7))
    record_event(order_created(clock.now, order_id="first"))

    record_event(order_created(clock.advance(days=2), order_id="second", first=False))

    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "purchased_again")
    assert set(enrollment.deliveries.values_list("state", flat=True)) == {"cancelled"}


def test_payment_ends_only_the_reminders_of_the_order_that_was_paid(clock):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order")
    record_event(order_created(clock.now, order_id="a", paid=False))
    record_event(order_created(clock.now, order_id="b", paid=False, first=False))

    record_event(order_event("order_fully_paid", clock.advance(days=4), order_id="a"))

    states = dict(Enrollment.objects.values_list("source_order_id", "state"))
    assert states == {"a": "converted", "b": "active"}


def test_cancelled_order_exits_without_counting_as_a_conversion(clock):
    make_scenario(trigger="unpaid_order", goals=("paid", "order_cancelled"), reentry="per_order")
    record_event(order_created(clock.now, order_id="a", paid=False))

    record_event(order_event("order_expired", clock.advance(days=8), order_id="a"))

    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("exited", "order_cancelled")


def test_event_that_is_not_a_goal_of_the_scenario_leaves_it_running(clock):
    make_scenario(trigger="unpaid_order", goals=("order_cancelled",), reentry="per_order")
    record_event(order_created(clock.now, order_id="a", paid=False))

    record_event(order_event("order_fully_paid", clock.advance(days=1), order_id="a"))

    assert Enrollment.objects.get().state == "active"


def test_suppressed_address_is_not_enrolled(clock):
    make_scenario()
    suppression_add(email="HANA@example.com", reason="complained")

    assert record_event(order_created(clock.now)).enrolled == []


def test_deleted_customer_leaves_no_personal_data_but_counts_stay(clock):
    make_scenario()
    record_event(order_created(clock.now, user_id="42"))
    delivery = Delivery.objects.first()
    DeliveryEvent.objects.create(
        delivery=delivery, type="opened", occurred_at=clock.now, metadata={"ip": "192.0.2.1"}
    )

    record_event(Event(type="customer_deleted", occurred_at=clock.advance(days=1), user_id="42"))

    enrollment = Enrollment.objects.get()
    assert (enrollment.email, enrollment.user_id, enrollment.context) == ("", "", {})
    assert (enrollment.state, enrollment.exit_reason) == ("exited", "customer_deleted")
    assert DeliveryEvent.objects.get().metadata == {}
    assert not Delivery.objects.filter(state="scheduled").exists()
