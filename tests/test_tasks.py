"""The tick through a real Celery worker and Redis broker, queued by hand and by a real beat."""

import re
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_stepmail.models import Delivery, Enrollment, InboundEvent
from saleor_stepmail.tasks import DISPATCH_TASK, TICK_TASK, apply_inbound_events
from standalone.celery import app

from .factories import make_scenario
from .reliability import fixtures
from .reliability.builders import due_deliveries
from .reliability.processes import QUEUE_ENV, Child, child_env
from .reliability.recording import redis_client

send_log = fixtures.send_log  # the fixture, shared with tests/reliability

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEND_TIMEOUT = 60


@pytest.fixture
def queue(settings):
    """A queue of this test alone, so that parallel runs and real workers do not take its tasks."""
    name = f"stepmail-test-{uuid.uuid4().hex}"
    yield name
    client = redis_client(settings.REDIS_URL)
    for key in client.scan_iter(match=f"*{name}*"):
        client.delete(key)


@pytest.fixture
def celery(send_log, queue):
    """Start `celery ...` on the test database; whatever is still running is stopped at the end."""
    children: list[Child] = []

    def start(*args: str) -> Child:
        child = Child.celery(*args, env={**child_env(send_log), QUEUE_ENV: queue})
        children.append(child)
        return child

    yield start
    for child in children:
        child.kill()


def start_worker(celery, queue: str, *, name: str = "") -> Child:
    return celery(
        "-A",
        "standalone.celery:app",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        f"{name or queue}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    )


def ticks_succeeded(worker: Child) -> int:
    return len(re.findall(rf"Task {re.escape(TICK_TASK)}\[[-\w]+\] succeeded", worker.log()))


def assert_each_sent_once(send_log, ids: list[int]) -> None:
    assert Counter(s.delivery_id for s in send_log.sends()) == Counter(ids)
    assert Counter(Delivery.objects.values_list("state", flat=True)) == {"sent": len(ids)}


def test_worker_runs_a_queued_tick_and_sends_every_due_mail_once(
    clock,
    send_log,
    celery,
    queue,
):
    ids = due_deliveries(now=clock.now, customers=5, steps=2)
    worker = start_worker(celery, queue)

    app.send_task(TICK_TASK, args=[clock.now.isoformat()], queue=queue)

    assert send_log.wait_for(len(ids), timeout=SEND_TIMEOUT) == len(ids), worker.log()
    assert worker.stop() == 0, worker.log()  # warm shutdown
    assert ticks_succeeded(worker) == 1, worker.log()
    assert_each_sent_once(send_log, ids)


def test_beat_queues_the_tick_every_second_and_the_worker_sends_what_is_due(
    send_log,
    celery,
    queue,
):
    ids = due_deliveries(now=timezone.now(), customers=5, steps=2)
    worker = start_worker(celery, queue)
    beat = celery(
        "-A",
        "tests.reliability.beat_app:app",
        "beat",
        "--loglevel=INFO",
        "--scheduler",
        "celery.beat:Scheduler",
    )

    assert send_log.wait_for(len(ids), timeout=SEND_TIMEOUT) == len(ids), worker.log()
    beat.expect(f"Sending due task stepmail-tick ({TICK_TASK})", timeout=5, anywhere=True)
    assert beat.stop() == 0, beat.log()
    assert worker.stop() == 0, worker.log()
    assert_each_sent_once(send_log, ids)
    assert ticks_succeeded(worker) >= 1, worker.log()


def test_a_backlog_above_one_batch_is_shared_by_every_worker_through_fanned_out_tasks(
    clock, send_log, celery, queue, monkeypatch
):
    monkeypatch.setenv("STEPMAIL_BATCH_SIZE", "10")
    ids = due_deliveries(now=clock.now, customers=150, steps=2)
    workers = [start_worker(celery, queue, name=f"{queue}-{n}") for n in range(2)]
    for worker in workers:
        worker.expect("ready", timeout=60, anywhere=True)

    app.send_task(TICK_TASK, args=[clock.now.isoformat()], queue=queue)

    assert send_log.wait_for(len(ids), timeout=SEND_TIMEOUT) == len(ids)
    for worker in workers:
        assert worker.stop() == 0, worker.log()
    assert_each_sent_once(send_log, ids)
    assert len({s.pid for s in send_log.sends()}) == 2, "one worker sent everything"
    fanned_out = sum(w.log().count(f"Task {DISPATCH_TASK}[") for w in workers)
    assert fanned_out >= 2  # received and succeeded lines of at least one dispatch task


def test_the_inbox_drain_applies_hook_events_at_the_clock_it_is_given(clock):
    make_scenario(trigger="order_created")
    # The hook's row alone: inbound_record would also queue a drain on Redis, for no worker.
    InboundEvent.objects.create(
        type="order_created", occurred_at=clock.now, order_id="o-1", email="a@example.com"
    )
    simulated = clock.now + timedelta(hours=1)

    assert apply_inbound_events.apply(args=[simulated.isoformat()]).get() == 1

    assert InboundEvent.objects.get().processed_at == simulated
    assert Enrollment.objects.get().deliveries.get(step__position=0).due_at == clock.now
