"""Two active scenarios on one trigger: each enrols the customer, unless the shop's policy says
one scenario per trigger, and then only the oldest does, live and in the simulator alike."""

from datetime import timedelta

import pytest
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.branching import enrollment_move
from saleor_stepmail.engine.enrollment import record_event, scenarios_sharing_trigger
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.engine.simulate import scenario_simulate
from saleor_stepmail.models import Enrollment

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_per_trigger():
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"one_scenario_per_trigger": True}):
        yield
    integration_module.current_integration.cache_clear()


def test_a_new_buyer_enters_every_scenario_of_the_trigger_by_default(clock):
    make_scenario(slug="thanks")
    make_scenario(slug="welcome")

    record_event(order_created(clock.now), now=clock.now)

    assert sorted(Enrollment.objects.values_list("scenario__slug", flat=True)) == [
        "thanks",
        "welcome",
    ]


def test_with_one_scenario_per_trigger_only_the_oldest_takes_the_customer(clock, one_per_trigger):
    make_scenario(slug="thanks")
    make_scenario(slug="welcome")
    make_scenario(slug="elsewhere", trigger="order_created")

    record_event(order_created(clock.now), now=clock.now)

    assert sorted(Enrollment.objects.values_list("scenario__slug", flat=True)) == [
        "elsewhere",
        "thanks",
    ]


def test_the_simulator_refuses_what_the_policy_refuses(clock, one_per_trigger):
    make_scenario(slug="thanks")
    welcome = make_scenario(slug="welcome")
    start = clock.now
    inbound_record(
        type="order_created", occurred_at=clock.advance(hours=1), order_id="o1", email="a@x.jp"
    )
    inbound_apply_pending(now=clock.now)

    result = scenario_simulate(scenario=welcome, since=start, until=clock.now + timedelta(days=1))

    assert result.enrollments == []
    assert result.not_enrolled == {"one scenario per trigger: thanks takes it": 1}
    assert list(Enrollment.objects.values_list("scenario__slug", flat=True)) == ["thanks"]


def test_scenarios_sharing_a_trigger_are_those_of_a_channel_in_common():
    everywhere = make_scenario(slug="everywhere")
    japan = make_scenario(slug="japan")
    japan.channels = ["jp"]
    japan.save()
    usa = make_scenario(slug="usa")
    usa.channels = ["us"]
    usa.save()
    make_scenario(slug="paused", status="paused")
    make_scenario(slug="other-trigger", trigger="order_created")

    assert [s.slug for s in scenarios_sharing_trigger(japan)] == ["everywhere"]
    assert [s.slug for s in scenarios_sharing_trigger(everywhere)] == ["japan", "usa"]
    assert [s.slug for s in scenarios_sharing_trigger(usa, channel_slug="us", older=True)] == [
        "everywhere"
    ]


def test_a_move_step_brings_the_customer_into_a_newer_scenario_of_the_same_trigger(
    clock, one_per_trigger
):
    make_scenario(slug="thanks")
    welcome = make_scenario(slug="welcome")
    record_event(order_created(clock.now), now=clock.now)
    (thanks,) = Enrollment.objects.all()

    moved = enrollment_move(enrollment=thanks, target=welcome, now=clock.now)

    assert moved is not None and moved.scenario == welcome
