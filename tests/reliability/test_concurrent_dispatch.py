"""Several worker processes share one backlog through a provider with a round trip: every mail
leaves once, none is lost, while each process has several calls in flight."""

import json
from collections import Counter

import pytest

from saleor_stepmail.models import Delivery

from .builders import due_deliveries
from .dispatcher import PROVIDER_URL_ENV

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WORKERS = 4


def test_four_processes_send_ten_thousand_due_mails_exactly_once_between_them(
    clock, provider, spawn
):
    ids = due_deliveries(now=clock.now, customers=2500, steps=4)
    assert len(ids) == 10_000
    workers = [
        spawn(
            "tests.reliability.dispatcher",
            "dispatch",
            clock.now.isoformat(),
            env={PROVIDER_URL_ENV: provider.url},
        )
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.expect("ready", timeout=30)
    for worker in workers:
        worker.send_line("go")
    outcomes = [Counter(json.loads(w.expect("done", timeout=300))) for w in workers]

    accepted = provider.accepted
    per_delivery = Counter(a.delivery_id for a in accepted)
    assert len(accepted) == 10_000, outcomes
    assert provider.duplicates() == {}
    assert set(per_delivery) == set(ids)
    assert len({a.message_id for a in accepted}) == 10_000
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == {"sent": 10_000}
    assert sum(o["sent"] for o in outcomes) == 10_000
    assert all(o["sent"] > 0 for o in outcomes), outcomes
    assert provider.max_in_flight > WORKERS  # calls of one process overlapped
