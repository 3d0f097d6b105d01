"""The timeline simulator: a scenario replayed over recorded events, nothing written."""

from datetime import timedelta

import pytest

from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.engine.simulate import scenario_simulate
from saleor_stepmail.models import Delivery, Enrollment

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(clock):
    """花子 orders on day 0 and again on day 4; 健 orders on day 1 and never again."""
    start = clock.now
    for event in (
        order_created(start, email="hana@example.com", order_id="o-1"),
        order_created(start + timedelta(days=1), email="ken@example.com", order_id="o-2"),
        order_created(start + timedelta(days=4), email="hana@example.com", order_id="o-3"),
    ):
        inbound_record(
            type=event.type,
            occurred_at=event.occurred_at,
            order_id=event.order_id,
            email=event.email,
            channel_slug=event.channel_slug,
        )
    return start


def test_simulation_shows_who_gets_which_step_when_and_where_they_leave(clock, history):
    scenario = make_scenario(delays=(0, 3, 7))

    result = scenario_simulate(
        scenario=scenario, since=history - timedelta(hours=1), until=history + timedelta(days=2)
    )

    hana, ken = result.enrollments
    assert [(s.outcome, s.at) for s in hana.steps] == [
        ("sent", history),
        ("sent", history + timedelta(days=3)),
        ("not_reached", None),
    ]
    assert (hana.left_reason, hana.left_at) == ("purchased_again", history + timedelta(days=4))
    assert [s.outcome for s in ken.steps] == ["sent", "sent", "sent"]
    assert (ken.left_reason, ken.left_at) == ("all steps done", history + timedelta(days=8))
    assert result.sent_count == 5
    assert not Enrollment.objects.exists() and not Delivery.objects.exists()


def test_simulation_moves_mail_out_of_quiet_hours(clock, history, settings):
    settings.STEPMAIL = {"send_window": "10:00-20:00"}
    scenario = make_scenario(delays=(0,))

    result = scenario_simulate(
        scenario=scenario, since=history - timedelta(hours=1), until=history + timedelta(hours=1)
    )

    assert [s.at for s in result.enrollments[0].steps] == [history.replace(hour=10)]
