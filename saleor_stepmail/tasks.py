"""Celery entry points: thin wrappers around the engine. Saleor's Celery app autodiscovers them."""

import time
from collections import Counter

from celery import shared_task
from django.utils.dateparse import parse_datetime

from .api.backfill import backfill_run
from .conf import stepmail_settings
from .engine.abandonment import checkouts_detect_abandoned
from .engine.clock import database_now
from .engine.dispatch import dispatch_due, dispatch_until
from .engine.dormancy import customers_detect_dormant
from .engine.erasure import records_expire
from .engine.handoff import Work, work_register
from .engine.inbox import INBOUND_BATCH, inbound_apply_pending
from .engine.integration import current_integration

TICK_TASK = "saleor_stepmail.tick"
DISPATCH_TASK = "saleor_stepmail.dispatch"


# A tick that waited in the queue longer than the interval is dropped: the next one covers it.
@shared_task(name=TICK_TASK, bind=True, expires=30)
def tick(self, now: str | None = None) -> dict[str, int]:
    """Send what is due, batch after batch, for at most the dispatch budget.

    Beat runs this every `tick_seconds`. When more is due than one batch, the tick queues
    `dispatch_fanout` dispatch tasks, so that other worker processes (on any machine) claim
    and send beside it. When the budget runs out with work left, the task queues itself again
    at once (no countdown). `now` (ISO 8601) replaces the clock for simulations such as the
    demo.
    """
    with current_integration().writer():
        return _tick(self, now)


def _tick(task, now: str | None) -> dict[str, int]:
    config = stepmail_settings()
    clock = parse_datetime(now) if now else None
    # The database's clock, which every worker shares (engine/clock.py); the dispatch reads it
    # again at each claim.
    moment = clock or database_now()
    inbound_apply_pending(now=moment)
    current_integration().vouchers_expire(now=moment)
    # After the inbound events (an order completing a checkout is known first), before the
    # dispatch (the first mail of a checkout found abandoned goes out in this tick).
    totals: Counter = checkouts_detect_abandoned(now=moment)
    # Like them, customers who went quiet are found by a scan (win-back).
    totals.update(customers_detect_dormant(now=moment))
    records_expire(now=moment)
    queue = (task.request.delivery_info or {}).get("routing_key")
    outcomes = dispatch_due(now=clock)
    totals.update(outcomes)
    if outcomes["claimed"] < config.batch_size:
        return dict(totals)
    for _ in range(config.dispatch_fanout):
        dispatch.apply_async(args=[now], queue=queue)
    more, done = _dispatch_for_budget(clock, config)
    totals.update(more)
    if not done:
        task.apply_async(args=[now], queue=queue)
    return dict(totals)


# Fanned out by the tick; one that waited longer than a tick interval is dropped (the tick
# after it fans out again), so at most about two ticks' worth run at once.
@shared_task(name=DISPATCH_TASK, expires=30)
def dispatch(now: str | None = None) -> dict[str, int]:
    """Claim and send batches beside the tick (SKIP LOCKED), for at most the dispatch budget."""
    with current_integration().writer():
        totals, _ = _dispatch_for_budget(parse_datetime(now) if now else None, stepmail_settings())
    return dict(totals)


def _dispatch_for_budget(clock, config) -> tuple[Counter, bool]:
    """Batches until one comes back short (then True: nothing left) or the budget is spent."""
    return dispatch_until(now=clock, deadline=time.monotonic() + config.dispatch_budget_seconds)


@shared_task(name="saleor_stepmail.apply_inbound_events", bind=True)
def apply_inbound_events(self, now: str | None = None) -> int:
    """Apply hook events soon after the shop's commit, instead of waiting for the next tick.

    A batch at a time (INBOUND_BATCH); a full batch queues the task again for the rest (a LINE
    webhook may bring 1,000 friends at once). `now` (ISO 8601) replaces the clock, as the
    tick's does, for simulations such as the demo.
    """
    clock = parse_datetime(now) if now else None
    with current_integration().writer():
        applied = inbound_apply_pending(now=clock or database_now(), limit=INBOUND_BATCH)
    if applied >= INBOUND_BATCH:
        self.apply_async(args=[now])
    return applied


@shared_task(name="saleor_stepmail.backfill")
def backfill(job_id: int) -> str:
    """Run one queued backfill job; its row reports progress to whoever polls it."""
    with current_integration().writer():
        return backfill_run(job_id=job_id, now=database_now()).state


# Late-bound lookups, so that the engine and the API queue whatever these names hold now.
work_register(Work.APPLY_INBOUND_EVENTS, lambda: apply_inbound_events.delay())
work_register(Work.BACKFILL, lambda job_id: backfill.delay(job_id))
