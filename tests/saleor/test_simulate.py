"""The simulator inside Saleor: replaying Saleor's own orders predicts what the tick did."""

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.simulate import _simulated, scenario_simulate
from saleor_stepmail.models import Delivery, Enrollment
from saleor_stepmail.vocabulary import PENDING_DELIVERY_STATES


def _tick_until(moment) -> None:
    """The tick at each moment a delivery falls due, up to `moment` (None: all of them)."""
    pending = Delivery.objects.filter(state__in=PENDING_DELIVERY_STATES)
    while (due := pending.aggregate(first=Min("available_at"))["first"]) is not None:
        if moment is not None and due >= moment:
            return
        dispatch_due(now=due)


def _answer(enrollments) -> list:
    """Who, from which order and when, how they left, and each step: what and when. When they
    left is apart: the simulator ends an enrolment at the goal's moment, the shop when the
    worker applied its hook (milliseconds later here)."""
    return [
        (e.email, e.order_id, e.triggered_at, e.left_reason)
        + tuple((s.position, s.outcome, s.at, s.reason) for s in e.steps)
        for e in enrollments
    ]


def test_simulating_saleors_orders_predicts_the_mails_the_tick_sent_and_the_goal_that_ended_them(
    stepmail_plugin, programs, buy, outbox
):
    first = buy()
    _tick_until(timezone.now())  # the day-0 mail, before the customer buys again
    second = buy()
    _tick_until(None)
    program = programs["second-purchase"]
    done = _answer(_simulated(program))
    done_left = [e.left_at for e in _simulated(program)]
    assert [e.exit_reason for e in Enrollment.objects.filter(scenario=program)] == [
        "purchased_again"
    ]
    assert len(outbox) == 1

    simulated = scenario_simulate(
        scenario=program,
        since=first.created_at - timedelta(hours=1),
        until=second.created_at + timedelta(seconds=1),
    )

    assert _answer(simulated.enrollments) == done
    left, ended = simulated.enrollments[0].left_at, done_left[0]
    assert timedelta(0) <= ended - left < timedelta(seconds=5)
    assert simulated.enrollments[0].steps[0].outcome == "sent"
    assert Enrollment.objects.filter(scenario=program).count() == 1  # nothing of it kept
