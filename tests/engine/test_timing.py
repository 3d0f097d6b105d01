from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.timing import FrequencyCap, SendWindow
from saleor_stepmail.models import Delivery, Scenario, Step

from ..factories import make_scenario, order_created

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-21", "must look like 09:00-21:00"),
        ("09:00-25:00", "out of range"),
        ("09:00-09:00", "opens and closes at the same time"),
    ],
)
def test_a_malformed_send_window_is_refused_with_what_to_write(text, message):
    with pytest.raises(ValueError, match=message):
        SendWindow.parse(text, "Asia/Tokyo")


def test_a_mail_due_at_three_in_the_morning_waits_for_the_window_to_open():
    window = SendWindow.parse("09:00-21:00", "Asia/Tokyo")

    assert window.next_opening(tokyo(3, 3)) == tokyo(3, 9)
    assert window.next_opening(tokyo(3, 22)) == tokyo(4, 9)
    assert window.next_opening(tokyo(3, 12)) == tokyo(3, 12)


def test_a_window_across_midnight_is_open_late_and_early():
    window = SendWindow.parse("20:00-02:00", "Asia/Tokyo")

    assert window.contains(tokyo(3, 23)) and window.contains(tokyo(4, 1))
    assert window.next_opening(tokyo(4, 12)) == tokyo(4, 20)


def test_frequency_cap_says_when_the_next_mail_fits():
    now = datetime(2026, 11, 3, 12, tzinfo=UTC)
    sent = [now - timedelta(hours=2), now - timedelta(hours=20), now - timedelta(days=3)]

    assert FrequencyCap(per_day=3).next_allowed(sent, now) is None
    assert FrequencyCap(per_day=2).next_allowed(sent, now) == now + timedelta(hours=4)
    assert FrequencyCap(per_week=3).next_allowed(sent, now) == now + timedelta(days=4)


@pytest.mark.django_db
@override_settings(STEPMAIL={"send_window": "09:00-21:00"})
def test_quiet_hours_defer_the_mail_without_spending_an_attempt(outbox):
    make_scenario(delays=(0,))
    Scenario.objects.update(timezone="Asia/Tokyo")
    record_event(order_created(tokyo(3, 2)))

    dispatch_due(now=tokyo(3, 2, 30))
    delivery = Delivery.objects.get()
    assert outbox == []
    assert (delivery.state, delivery.available_at, delivery.attempts) == (
        "scheduled",
        tokyo(3, 9),
        0,
    )
    assert "send window 09:00-21:00 Asia/Tokyo" in delivery.reason

    dispatch_due(now=tokyo(3, 9))
    assert len(outbox) == 1


@pytest.mark.django_db
@override_settings(STEPMAIL={"max_mails_per_day": 1})
def test_a_customer_in_two_scenarios_gets_one_mail_a_day_and_the_other_later(clock, outbox):
    make_scenario(slug="thanks", delays=(0,))
    make_scenario(slug="welcome", trigger="order_created", delays=(0,))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    assert len(outbox) == 1
    waiting = Delivery.objects.get(state="scheduled")
    assert waiting.available_at == clock.now + timedelta(days=1)
    dispatch_due(now=clock.advance(days=1))
    assert len(outbox) == 2


@pytest.mark.django_db
def test_a_step_with_a_time_of_day_goes_out_at_that_time_after_its_delay(clock):
    scenario = make_scenario(delays=(3,))
    Scenario.objects.update(timezone="Asia/Tokyo")
    Step.objects.filter(scenario=scenario).update(send_at=time(10, 0))

    record_event(order_created(tokyo(2, 18)))

    assert Delivery.objects.get().due_at == tokyo(6, 10)
