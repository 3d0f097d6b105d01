"""The timeline simulator: a scenario replayed over recorded events, nothing written."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.engine.simulate import SENT, scenario_simulate
from saleor_stepmail.models import Delivery, Enrollment, Scenario
from saleor_stepmail.presets import scenario_create_from_preset

from ..factories import make_scenario, order_created, order_event

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


def month_of_orders(start: datetime) -> list[Event]:
    """A dozen customers over a month, each event on the hour (the real run ticks hourly).

    `start` is 18:00 in Tokyo, inside the 09:00-21:00 window; five hours later is 23:00,
    outside it, so those customers' mail waits for the next morning.
    """

    def at(day: int, hours: int = 0) -> datetime:
        return start + timedelta(days=day, hours=hours)

    def paid(when: datetime, email: str, order_id: str, *, first: bool = True) -> list[Event]:
        # A card payment: the shop reports the order paid as it is created.
        return [
            order_created(when, email=email, order_id=order_id, first=first),
            order_event("order_fully_paid", when, order_id=order_id, email=email),
        ]

    events = [
        event
        for n in range(12)
        for event in paid(at(n, 5 * (n % 2)), f"c{n}@example.com", f"o-{n}")
    ]
    events += [
        # Buying again: between two steps, at the very hour a step is due, after the last one.
        *paid(at(5), "c0@example.com", "o-0b", first=False),
        *paid(at(2 + 7), "c2@example.com", "o-2b", first=False),
        *paid(at(4 + 31), "c4@example.com", "o-4b", first=False),
        *paid(at(5 + 20, 5), "c5@example.com", "o-5b", first=False),
        # Bank transfer, paid four days later: the reminders stop, second purchase starts.
        order_created(at(3, 5), email="c12@example.com", order_id="o-12", paid=False),
        order_event(
            "order_fully_paid",
            at(3 + 4, 1),
            order_id="o-12",
            email="c12@example.com",
            is_first_order=True,
        ),
        # Bank transfer never paid: every reminder.
        order_created(at(1), email="c13@example.com", order_id="o-13", paid=False),
    ]
    return sorted(events, key=lambda event: event.occurred_at)


@pytest.mark.django_db
@override_settings(STEPMAIL={"send_window": "09:00-21:00"})
def test_simulation_predicts_the_sends_and_exits_of_a_real_run(clock, outbox):
    scenarios = [
        scenario_create_from_preset(preset=preset, language="ja", activate=True)
        for preset in ("second-purchase", "unpaid-reminder")
    ]
    scenarios[0].steps.filter(position=1).update(send_at=time(10, 0))
    start, events = clock.now, month_of_orders(clock.now)
    for event in events:
        inbound_record(
            type=event.type,
            occurred_at=event.occurred_at,
            order_id=event.order_id,
            email=event.email,
            channel_slug=event.channel_slug,
        )

    simulated = [
        scenario_simulate(scenario=s, since=start, until=start + timedelta(days=36))
        for s in scenarios
    ]
    assert not Enrollment.objects.exists()
    for hour in range(44 * 24):
        now = start + timedelta(hours=hour)
        while events and events[0].occurred_at <= now:
            record_event(events.pop(0), now=now)
        dispatch_due(now=now)

    predicted_sends = sorted(
        (result.scenario.slug, e.email, step.position, step.at)
        for result in simulated
        for e in result.enrollments
        for step in e.steps
        if step.outcome == SENT
    )
    sent = Delivery.objects.filter(state="sent").values_list(
        "enrollment__scenario__slug", "enrollment__email", "step__position", "sent_at"
    )
    assert predicted_sends == sorted(sent)
    predicted_exits = sorted(
        (result.scenario.slug, e.email, e.left_reason, e.left_at)
        for result in simulated
        for e in result.enrollments
    )
    exits = Enrollment.objects.values_list("scenario__slug", "email", "exit_reason", "ended_at")
    assert predicted_exits == sorted(exits)
    assert len(outbox) == len(predicted_sends) > 60


@pytest.mark.django_db
@override_settings(STEPMAIL={"send_window": "09:00-21:00", "max_mails_per_day": 1})
def test_simulation_keeps_a_capped_mail_inside_the_window_across_a_clock_change(clock):
    # Sent 2026-10-31 09:00 EDT; a day later is 08:00 EST, before the window opens at 09:00.
    first = datetime(2026, 10, 31, 13, tzinfo=UTC)
    scenario = make_scenario(slug="two-a-day", trigger="order_created", delays=(0, 0))
    scenario.steps.filter(position=1).update(delay_hours=1)
    Scenario.objects.filter(pk=scenario.pk).update(timezone="America/New_York")
    inbound_record(type="order_created", occurred_at=first, order_id="o-1", email="a@example.com")
    simulated = scenario_simulate(
        scenario=Scenario.objects.get(), since=first, until=first + timedelta(hours=1)
    )

    record_event(order_created(first, email="a@example.com", order_id="o-1"))
    for now in (first, first + timedelta(hours=1), first + timedelta(days=1)):
        dispatch_due(now=now)
    dispatch_due(now=first + timedelta(days=1, hours=1))

    second = datetime(2026, 11, 1, 14, tzinfo=UTC)  # 09:00 EST
    assert [s.at for s in simulated.enrollments[0].steps] == [first, second]
    assert sorted(Delivery.objects.values_list("sent_at", flat=True)) == [first, second]
