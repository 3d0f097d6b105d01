"""Quiet hours across daylight-saving changes: the tick stepping through the nights New York
springs forward (an hour that never happens) and falls back (an hour that happens twice), with
a send window inside those hours. Every mail goes out once, only when the customer's wall clock
is inside the window, and none is lost."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.timing import SendWindow
from saleor_stepmail.models import Delivery, Scenario

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
WINDOW = "01:30-02:30"


@pytest.fixture
def night_window(outbox):
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"send_window": WINDOW}):
        yield SendWindow.parse(WINDOW, "America/New_York")
    integration_module.current_integration.cache_clear()


@pytest.mark.parametrize(
    "night",
    [datetime(2027, 3, 13, 20, 0, tzinfo=NEW_YORK), datetime(2026, 10, 31, 20, 0, tzinfo=NEW_YORK)],
    ids=["spring-forward", "fall-back"],
)
def test_a_night_of_ticks_across_a_clock_change_sends_each_mail_once_inside_the_window(
    night, night_window
):
    make_scenario(delays=(0, 1))
    Scenario.objects.update(timezone="America/New_York")
    # Orders every 25 minutes from 20:00 to 04:00 local: due before, inside and after the window,
    # and in the hour the clock skips or repeats.
    for n in range(20):
        at = (night + timedelta(minutes=25 * n)).astimezone(UTC)
        record_event(order_created(at, email=f"c{n}@example.com", order_id=f"o{n}"), now=at)

    sent_at: dict[int, list[datetime]] = {}
    ticks = [night.astimezone(UTC) + timedelta(minutes=10 * n) for n in range(6 * 24 * 3)]
    for tick in ticks:
        before = set(Delivery.objects.filter(state="sent").values_list("pk", flat=True))
        dispatch_due(now=tick)
        for pk in set(Delivery.objects.filter(state="sent").values_list("pk", flat=True)) - before:
            sent_at.setdefault(pk, []).append(tick)

    deliveries = Delivery.objects.all()
    assert Counter(d.state for d in deliveries) == {"sent": 40}
    assert all(len(times) == 1 for times in sent_at.values())
    for times in sent_at.values():
        wall = times[0].astimezone(NEW_YORK)
        assert night_window.contains(times[0]), f"sent at {wall:%H:%M %Z}, outside {WINDOW}"
    for delivery in deliveries:
        # At the first tick from its due time at which the customer's window is open.
        first_open = next(t for t in ticks if t >= delivery.due_at and night_window.contains(t))
        assert sent_at[delivery.pk] == [first_open], delivery.due_at
