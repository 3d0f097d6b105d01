from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.timing import FrequencyCap, SendWindow, at_time_of_day
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


def test_frequency_cap_counts_elapsed_hours_across_a_clock_change():
    # 2026-11-01 has 25 hours in New York: a day after 00:30 EDT is 23:30 EST, not 00:30.
    sent = [datetime(2026, 11, 1, 0, 30, tzinfo=ZoneInfo("America/New_York"))]
    now = datetime(2026, 11, 1, 12, tzinfo=ZoneInfo("America/New_York"))

    assert FrequencyCap(per_day=1).next_allowed(sent, now) == datetime(
        2026, 11, 1, 23, 30, tzinfo=ZoneInfo("America/New_York")
    )


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


NY = "America/New_York"
NEW_YORK = ZoneInfo(NY)


@pytest.mark.parametrize(
    ("zone", "due", "opens"),
    [
        # No daylight saving: 09:00 JST is always 00:00 UTC.
        (
            "Asia/Tokyo",
            datetime(2026, 10, 31, 22, tzinfo=TOKYO),
            datetime(2026, 11, 1, 0, tzinfo=UTC),
        ),
        # 2026-11-01 02:00 EDT becomes 01:00 EST: 09:00 that morning is 14:00 UTC, not 13:00.
        (NY, datetime(2026, 10, 31, 22, tzinfo=NEW_YORK), datetime(2026, 11, 1, 14, tzinfo=UTC)),
        # 2027-03-14 02:00 EST becomes 03:00 EDT: 09:00 that morning is 13:00 UTC, not 14:00.
        (NY, datetime(2027, 3, 13, 22, tzinfo=NEW_YORK), datetime(2027, 3, 14, 13, tzinfo=UTC)),
    ],
)
@pytest.mark.django_db
@override_settings(STEPMAIL={"send_window": "09:00-21:00"})
def test_a_mail_held_overnight_goes_out_at_nine_local_time_across_a_clock_change(
    zone, due, opens, outbox
):
    make_scenario(delays=(0,))
    Scenario.objects.update(timezone=zone)
    record_event(order_created(due))

    dispatch_due(now=due)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.available_at) == ("scheduled", opens)
    assert SendWindow.parse("09:00-21:00", zone).next_opening(due) == opens

    dispatch_due(now=opens - timedelta(minutes=1))
    assert outbox == []
    dispatch_due(now=opens)
    assert len(outbox) == 1
    assert Delivery.objects.get().sent_at == opens


@pytest.mark.django_db
def test_a_day_delay_counts_the_same_whatever_zone_the_event_time_is_written_in(clock):
    # Three days after 2026-10-31 12:00 EDT: 72 hours later, 11:00 EST, for every caller.
    moment = datetime(2026, 10, 31, 12, tzinfo=NEW_YORK)
    make_scenario(slug="in-utc", trigger="order_created", delays=(3,))
    make_scenario(slug="in-new-york", trigger="order_created", delays=(3,))
    Scenario.objects.update(timezone="America/New_York")

    record_event(order_created(moment.astimezone(UTC), order_id="o-utc", email="a@example.com"))
    record_event(order_created(moment, order_id="o-ny", email="b@example.com"))

    later = moment.astimezone(UTC) + timedelta(hours=72)
    assert set(Delivery.objects.values_list("due_at", flat=True)) == {later}


@pytest.mark.django_db
@override_settings(STEPMAIL={"max_mails_per_day": 2})
def test_the_third_mail_of_a_day_waits_until_the_oldest_send_is_a_day_old(clock, outbox):
    for slug, minutes in (("thanks", 0), ("welcome", 20), ("tips", 40)):
        scenario = make_scenario(slug=slug, trigger="order_created", delays=(0,))
        scenario.steps.update(delay_minutes=minutes)
    start = clock.now
    record_event(order_created(start))

    for minutes in (0, 20, 40):
        dispatch_due(now=start + timedelta(minutes=minutes))

    assert len(outbox) == 2
    waiting = Delivery.objects.get(state="scheduled")
    assert waiting.enrollment.scenario.slug == "tips"
    assert waiting.available_at == start + timedelta(days=1)
    assert waiting.reason == "frequency cap 2 a day"
    dispatch_due(now=start + timedelta(days=1))
    assert len(outbox) == 3
    assert Delivery.objects.get(enrollment__scenario__slug="tips").sent_at == start + timedelta(
        days=1
    )


BERLIN = ZoneInfo("Europe/Berlin")
# Fall-back nights: New York repeats 01:00-02:00 (05:00-06:00 UTC in EDT, then 06:00-07:00 UTC in
# EST); Berlin repeats 02:00-03:00 (00:00-01:00 UTC in CEST, then 01:00-02:00 UTC in CET).
FALL_BACK = [
    # (zone, the moment, the same wall clock in the moment's other hour, a later wall clock)
    (
        NY,
        datetime(2026, 11, 1, 6, 10, tzinfo=UTC),
        time(1, 30),
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
    ),
    (
        NY,
        datetime(2026, 11, 1, 5, 10, tzinfo=UTC),
        time(1, 30),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    ),
    (
        "Europe/Berlin",
        datetime(2026, 10, 25, 1, 10, tzinfo=UTC),
        time(2, 30),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    ),
    (
        "Europe/Berlin",
        datetime(2026, 10, 25, 0, 10, tzinfo=UTC),
        time(2, 30),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    ),
]


@pytest.mark.parametrize(("zone", "moment", "opens", "expected"), FALL_BACK)
def test_in_the_repeated_hour_a_window_opens_at_the_next_instant_not_an_hour_ago(
    zone, moment, opens, expected
):
    window = SendWindow.parse(f"{opens:%H:%M}-21:00", zone)

    assert not window.contains(moment)
    opening = window.next_opening(moment)
    assert opening == expected
    assert opening > moment
    assert window.contains(opening)


@pytest.mark.parametrize(("zone", "moment", "clock", "expected"), FALL_BACK)
def test_in_the_repeated_hour_a_time_of_day_is_the_next_instant_showing_it(
    zone, moment, clock, expected
):
    send_at = at_time_of_day(moment, clock, zone)

    assert send_at == expected
    assert send_at >= moment


def test_a_time_of_day_the_spring_change_skips_comes_that_much_later():
    # 2027-03-14 02:00 EST becomes 03:00 EDT: there is no 02:30 that night.
    moment = datetime(2027, 3, 14, 6, 0, tzinfo=UTC)  # 01:00 EST

    send_at = at_time_of_day(moment, time(2, 30), NY)

    assert send_at == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 03:30 EDT
    assert send_at.astimezone(NEW_YORK).time() == time(3, 30)


@pytest.mark.django_db
@override_settings(STEPMAIL={"send_window": "01:30-21:00"})
def test_a_mail_deferred_in_the_repeated_hour_is_not_claimed_again_before_the_window(outbox):
    make_scenario(delays=(0,))
    Scenario.objects.update(timezone=NY)
    due = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)  # 01:10 EST, the second 01:10 that night
    record_event(order_created(due))

    dispatch_due(now=due)
    assert Delivery.objects.get().available_at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)

    assert dispatch_due(now=due + timedelta(minutes=5))["claimed"] == 0
    dispatch_due(now=datetime(2026, 11, 1, 6, 30, tzinfo=UTC))
    assert len(outbox) == 1


@pytest.mark.django_db
def test_a_step_time_of_day_in_the_repeated_hour_is_never_before_its_delay_ends():
    scenario = make_scenario(delays=(1,))
    Scenario.objects.update(timezone="Europe/Berlin")
    Step.objects.filter(scenario=scenario).update(send_at=time(2, 30))
    triggered = datetime(2026, 10, 24, 1, 10, tzinfo=UTC)  # a day later: 02:10 CET

    record_event(order_created(triggered))

    due_at = Delivery.objects.get().due_at
    assert due_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert due_at >= triggered + timedelta(days=1)
    assert due_at.astimezone(BERLIN).time() == time(2, 30)
