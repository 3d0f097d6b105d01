"""The send rate all workers share (engine/budget.py), when workers die with turns booked and
when the operator corrects the rate: the next worker goes at the rate it is given, held back by
at most one turn of each dead worker."""

import time

import pytest

from .builders import due_deliveries
from .dispatcher import PROVIDER_URL_ENV

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _worker(spawn, clock, provider, *, per_second: str, batch: int):
    worker = spawn(
        "tests.reliability.dispatcher",
        "dispatch",
        clock.now.isoformat(),
        env={
            PROVIDER_URL_ENV: provider.url,
            "STEPMAIL_MAX_SENDS_PER_SECOND": per_second,
            "STEPMAIL_BATCH_SIZE": str(batch),
        },
    )
    worker.expect("ready", timeout=30)
    return worker


def _killed_with_turns_booked(
    spawn, clock, provider, *, per_second: str, claims: list[int], calls: int
):
    """A worker that claimed `claims` and built their messages, killed once `calls` of them
    reached the provider (which holds them); returns when it was killed."""
    provider.held = set(claims)
    provider.open.clear()
    first = _worker(spawn, clock, provider, per_second=per_second, batch=len(claims))
    first.send_line("go")
    assert provider.wait_for_in_flight(calls, timeout=30) == calls
    first.kill()
    return time.monotonic()


def test_a_killed_workers_booked_turns_hold_the_next_worker_back_one_turn_at_most(
    clock, provider, spawn
):
    ids = due_deliveries(now=clock.now, customers=12, steps=1)
    following = _worker(spawn, clock, provider, per_second="1", batch=2)

    # Killed a second after its first call, when its second one went: every message of its
    # batch is built and handed to a send thread by then.
    killed_at = _killed_with_turns_booked(
        spawn, clock, provider, per_second="1", claims=ids[:10], calls=2
    )
    following.send_line("go")
    following.expect("done", timeout=30)

    arrivals = sorted(a.arrived for a in provider.accepted if a.delivery_id in ids[10:])
    assert len(arrivals) == 2
    # At 1/s: the dead worker's one booked turn, then this worker's. Each of its ten send
    # threads used to book a turn, and the next worker waited for all of them.
    assert arrivals[0] - killed_at < 4


def test_a_rate_corrected_from_one_per_100_seconds_to_100_per_second_applies_at_once(
    clock, provider, spawn
):
    ids = due_deliveries(now=clock.now, customers=7, steps=1)
    corrected = _worker(spawn, clock, provider, per_second="100", batch=2)

    _killed_with_turns_booked(spawn, clock, provider, per_second="0.01", claims=ids[:5], calls=1)
    started = time.monotonic()
    corrected.send_line("go")
    # The turns booked at 0.01/s used to hold it back 100 s each.
    corrected.expect("done", timeout=30)

    arrivals = sorted(a.arrived for a in provider.accepted if a.delivery_id in ids[5:])
    assert len(arrivals) == 2
    assert arrivals[-1] - started < 3
