"""Workers on hosts whose clocks are off: what is due, and how long a claim holds, is read
from the database's clock, the one clock every worker shares."""

import uuid
from datetime import timedelta

import pytest

from saleor_stepmail.conf import stepmail_settings
from saleor_stepmail.engine.clock import database_now
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import Delivery

from .builders import due_deliveries
from .dispatcher import CLOCK_OFFSET_ENV, NO_FIXED_NOW, PROVIDER_URL_ENV

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TEN_MINUTES = 600


def test_a_worker_whose_clock_runs_ahead_sends_nothing_early_and_takes_no_row_under_lease(
    send_log, spawn
):
    now = database_now()
    due, early, leased = due_deliveries(now=now, customers=3, steps=1)
    Delivery.objects.filter(pk=due).update(due_at=now, available_at=now - timedelta(minutes=1))
    in_five = now + timedelta(minutes=5)
    Delivery.objects.filter(pk=early).update(due_at=in_five, available_at=in_five)
    # Another worker's claim, its lease running for two more minutes.
    other = uuid.uuid4()
    Delivery.objects.filter(pk=leased).update(
        state="claimed", claim_token=other, attempts=1, available_at=now + timedelta(minutes=2)
    )
    worker = spawn(
        "tests.reliability.dispatcher",
        "dispatch",
        NO_FIXED_NOW,
        env={CLOCK_OFFSET_ENV: str(TEN_MINUTES)},
    )
    worker.expect("ready", timeout=30)
    worker.send_line("go")
    worker.expect("done", timeout=60)

    assert [s.delivery_id for s in send_log.sends()] == [due]
    assert Delivery.objects.get(pk=early).state == "scheduled"
    still = Delivery.objects.get(pk=leased)
    assert (still.state, still.claim_token) == ("claimed", other)


def test_a_worker_whose_clock_runs_behind_holds_its_claim_for_the_whole_lease(provider, spawn):
    ids = due_deliveries(now=database_now(), customers=4, steps=1)
    provider.open.clear()  # the worker's calls arrive and wait: it holds its claim meanwhile
    worker = spawn(
        "tests.reliability.dispatcher",
        "dispatch",
        NO_FIXED_NOW,
        env={PROVIDER_URL_ENV: provider.url, CLOCK_OFFSET_ENV: str(-TEN_MINUTES)},
    )
    worker.expect("ready", timeout=30)
    claimed_after = database_now()
    worker.send_line("go")
    assert provider.wait_for_in_flight(4, timeout=30) == 4

    lease_ends = set(Delivery.objects.values_list("available_at", flat=True))
    assert all(end >= claimed_after + stepmail_settings().lease for end in lease_ends)
    assert dispatch_due()["claimed"] == 0  # another worker, now: the claim still holds
    provider.open.set()
    worker.expect("done", timeout=60)
    assert sorted(a.delivery_id for a in provider.accepted) == sorted(ids)
    assert provider.duplicates() == {}
