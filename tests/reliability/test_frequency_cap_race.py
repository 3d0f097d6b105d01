"""Two workers sending to one address at once: the frequency cap holds across them.

Each worker is a thread on its own database connection. The first holds its chunk open right
after its send (the mail is out, its record not yet committed) while the second dispatches
the same customer's mail of another scenario.
"""

import threading
import time
from collections import Counter
from datetime import timedelta

import psycopg
import pytest
from django.db import connections
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery

from ..factories import make_scenario, order_created
from . import recording
from .processes import current_database_url
from .test_goal_race import lock_waiters

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30


def worker(now, outcomes: list[Counter]) -> threading.Thread:
    def body() -> None:
        try:
            outcomes.append(dispatch_due(now=now, limit=1))
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


@override_settings(STEPMAIL={"max_mails_per_day": 1})
def test_two_workers_cannot_both_pass_the_daily_cap_for_one_address(clock, send_log):
    make_scenario(slug="thanks", trigger="order_created", delays=(0,))
    make_scenario(slug="welcome", trigger="order_created", delays=(0,))
    record_event(order_created(clock.now), now=clock.now)
    first_sent, release_first = threading.Event(), threading.Event()

    def hold_the_first_send(send: recording.RecordedSend) -> None:
        if not first_sent.is_set():
            first_sent.set()
            release_first.wait(TIMEOUT)

    recording.send_observers.append(hold_the_first_send)
    outcomes: list[Counter] = []
    try:
        first = worker(clock.now, outcomes)
        assert first_sent.wait(TIMEOUT)
        second = worker(clock.now, outcomes)
        # The second worker either waits for the first one's chunk, or (the defect) sends.
        deadline = time.monotonic() + TIMEOUT
        with psycopg.connect(current_database_url(), autocommit=True) as outside:
            while second.is_alive() and not lock_waiters(outside):
                assert time.monotonic() < deadline, "the second worker neither waited nor finished"
                time.sleep(0.01)
        release_first.set()
        for thread in (first, second):
            thread.join(TIMEOUT)
            assert not thread.is_alive()
    finally:
        release_first.set()
        recording.send_observers.clear()

    assert len(send_log.sends()) == 1
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == {"sent": 1, "scheduled": 1}
    waiting = Delivery.objects.get(state="scheduled")
    assert waiting.reason.startswith("frequency cap")
    assert waiting.available_at == Delivery.objects.get(state="sent").sent_at + timedelta(days=1)
