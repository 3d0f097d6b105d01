"""A worker killed with its batch claimed, or in the middle of its provider calls: the lease
holds the batch, then hands it back once; only the calls in flight go out twice; what its
committed chunks finished stays finished."""

import json
import time
from collections import Counter
from datetime import timedelta

import pytest

from saleor_stepmail.conf import stepmail_settings
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, Enrollment

from ..factories import order_created
from .builders import due_deliveries
from .dispatcher import PROVIDER_URL_ENV

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_batch_of_a_killed_worker_waits_for_its_lease_then_goes_out_exactly_once(
    clock, send_log, spawn
):
    ids = due_deliveries(now=clock.now, customers=10, steps=3)
    worker = spawn("tests.reliability.dispatcher", "claim", clock.now.isoformat(), "20")
    worker.expect("ready", timeout=30)
    worker.send_line("go")
    held = set(json.loads(worker.expect("claimed", timeout=30)))
    worker.kill()  # SIGKILL: no cleanup, no rollback of the committed claim
    assert worker.process.returncode == -9
    assert len(held) == 20
    lease_end = clock.now + stepmail_settings().lease
    assert (
        set(
            Delivery.objects.filter(
                pk__in=held, state="claimed", available_at=lease_end
            ).values_list("pk", flat=True)
        )
        == held
    )

    before_lease_end = dispatch_due(now=lease_end - timedelta(seconds=1))

    assert before_lease_end["claimed"] == len(ids) - 20
    assert {s.delivery_id for s in send_log.sends()} == set(ids) - held
    assert Counter(Delivery.objects.filter(pk__in=held).values_list("state", flat=True)) == {
        "claimed": 20
    }

    after_lease_end = dispatch_due(now=lease_end)
    again = dispatch_due(now=lease_end + timedelta(days=1))

    assert after_lease_end["claimed"] == after_lease_end["sent"] == 20
    assert again["claimed"] == 0
    sends = Counter(s.delivery_id for s in send_log.sends())
    assert sends == Counter(ids)  # every delivery once, none twice
    held_rows = Delivery.objects.filter(pk__in=held)
    assert {(d.state, d.attempts) for d in held_rows} == {("sent", 2)}
    assert Counter(Delivery.objects.values_list("state", flat=True)) == {"sent": len(ids)}


def test_worker_killed_during_its_provider_calls_resends_only_those_calls_with_the_same_ids(
    clock, provider, spawn
):
    ids = due_deliveries(now=clock.now, customers=40, steps=1)
    provider.open.clear()  # calls arrive and wait: the worker dies while they are in flight
    worker = spawn(
        "tests.reliability.dispatcher",
        "dispatch",
        clock.now.isoformat(),
        env={PROVIDER_URL_ENV: provider.url, "STEPMAIL_SEND_CONCURRENCY": "8"},
    )
    worker.expect("ready", timeout=30)
    worker.send_line("go")
    assert provider.wait_for_in_flight(8, timeout=30) == 8
    worker.kill()
    provider.open.set()  # the provider accepts what the dead worker had handed it
    assert provider.wait_idle(timeout=30)
    in_flight = {a.idempotency_key: a for a in provider.accepted}
    assert len(in_flight) == 8

    after_lease_end = dispatch_due(now=clock.now + stepmail_settings().lease)

    assert after_lease_end["sent"] == 40
    assert sorted({a.delivery_id for a in provider.accepted}) == sorted(ids)
    duplicates = provider.duplicates()
    assert set(duplicates) == set(in_flight)  # each call in flight once more, nothing else
    assert set(duplicates.values()) == {2}
    for again in provider.accepted[8:]:
        if again.idempotency_key in in_flight:
            assert again.message_id == in_flight[again.idempotency_key].message_id
    assert Counter(Delivery.objects.values_list("state", flat=True)) == {"sent": 40}


def test_enrolments_a_killed_workers_committed_chunk_finished_are_completed_and_enrol_again(
    clock, provider, spawn
):
    ids = due_deliveries(now=clock.now, customers=10, steps=1)
    first_chunk, second_chunk = ids[:5], ids[5:]
    provider.held = set(second_chunk)  # the first chunk is answered, the second's calls wait
    provider.open.clear()
    worker = spawn(
        "tests.reliability.dispatcher",
        "dispatch",
        clock.now.isoformat(),
        env={PROVIDER_URL_ENV: provider.url, "STEPMAIL_SEND_CHUNK_SIZE": "5"},
    )
    worker.expect("ready", timeout=30)
    worker.send_line("go")
    sent = Delivery.objects.filter(pk__in=first_chunk, state="sent")
    assert _wait_until(lambda: sent.count() == 5, timeout=30)  # the first chunk committed
    assert provider.wait_for_in_flight(5, timeout=30) == 5  # the second chunk's calls
    worker.kill()
    provider.open.set()

    finished = Enrollment.objects.filter(deliveries__in=first_chunk)
    assert set(finished.values_list("state", "exit_reason")) == {("completed", "all steps done")}
    again = record_event(
        order_created(clock.now, email="customer-0@example.com", order_id="order-again")
    )
    assert len(again.enrolled) == 1  # the customer's next order starts the scenario again
    after_lease_end = dispatch_due(now=clock.now + stepmail_settings().lease)
    assert after_lease_end["sent"] == 5 + 1  # the second chunk again, and the new enrolment
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"completed"}


def _wait_until(condition, *, timeout: float) -> bool:
    """Whether `condition()` became true within `timeout` seconds (polled: another process
    changes what it reads)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
