"""Several worker processes share one backlog: every mail leaves once, none is lost."""

import json
from collections import Counter

import pytest

from saleor_stepmail.models import Delivery

from .builders import due_deliveries

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WORKERS = 4


def test_four_processes_send_ten_thousand_due_mails_exactly_once_between_them(
    clock, send_log, spawn
):
    ids = due_deliveries(now=clock.now, customers=2500, steps=4)
    assert len(ids) == 10_000
    workers = [
        spawn("tests.reliability.dispatcher", "dispatch", clock.now.isoformat())
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.expect("ready", timeout=30)
    for worker in workers:
        worker.send_line("go")
    outcomes = [Counter(json.loads(w.expect("done", timeout=90))) for w in workers]

    sends = send_log.sends()
    per_delivery = Counter(s.delivery_id for s in sends)
    assert len(sends) == 10_000
    assert [d for d, n in per_delivery.items() if n > 1] == []
    assert set(per_delivery) == set(ids)
    assert len({s.idempotency_key for s in sends}) == 10_000
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == {"sent": 10_000}
    assert sum(o["sent"] for o in outcomes) == 10_000
    by_process = Counter(s.pid for s in sends)
    assert len(by_process) == WORKERS, f"not shared: {by_process}"
    assert all(o["sent"] > 0 for o in outcomes), outcomes
