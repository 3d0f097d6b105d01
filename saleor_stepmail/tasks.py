"""Celery entry points: thin wrappers around the engine. Saleor's Celery app autodiscovers them."""

import time
from collections import Counter

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .api.backfill import backfill_run
from .conf import stepmail_settings
from .engine.abandonment import checkouts_detect_abandoned
from .engine.dispatch import dispatch_due
from .engine.handoff import Work, work_register
from .engine.inbox import inbound_apply_pending
from .engine.integration import current_integration

TICK_TASK = "saleor_stepmail.tick"


# A tick that waited in the queue longer than the interval is dropped: the next one covers it.
@shared_task(name=TICK_TASK, bind=True, expires=30)
def tick(self, now: str | None = None) -> dict[str, int]:
    """Send what is due, batch after batch, for at most the dispatch budget.

    Beat runs this every `tick_seconds`. When the budget runs out with work left, the task
    queues itself again at once (no countdown) so that another worker can share the backlog.
    `now` (ISO 8601) replaces the clock for simulations such as the demo.
    """
    with current_integration().writer():
        return _tick(self, now)


def _tick(task, now: str | None) -> dict[str, int]:
    config = stepmail_settings()
    clock = parse_datetime(now) if now else None
    inbound_apply_pending(now=clock or timezone.now())
    current_integration().vouchers_expire(now=clock or timezone.now())
    # After the inbound events (an order completing a checkout is known first), before the
    # dispatch (the first mail of a checkout found abandoned goes out in this tick).
    totals: Counter = checkouts_detect_abandoned(now=clock or timezone.now())
    deadline = time.monotonic() + config.dispatch_budget_seconds
    while True:
        outcomes = dispatch_due(now=clock)
        totals.update(outcomes)
        if outcomes["claimed"] < config.batch_size:
            return dict(totals)
        if time.monotonic() >= deadline:
            queue = (task.request.delivery_info or {}).get("routing_key")
            task.apply_async(args=[now], queue=queue)
            return dict(totals)


@shared_task(name="saleor_stepmail.apply_inbound_events")
def apply_inbound_events() -> int:
    """Apply hook events soon after the shop's commit, instead of waiting for the next tick."""
    with current_integration().writer():
        return inbound_apply_pending(now=timezone.now())


@shared_task(name="saleor_stepmail.backfill")
def backfill(job_id: int) -> str:
    """Run one queued backfill job; its row reports progress to whoever polls it."""
    with current_integration().writer():
        return backfill_run(job_id=job_id, now=timezone.now()).state


# Late-bound lookups, so that the engine and the API queue whatever these names hold now.
work_register(Work.APPLY_INBOUND_EVENTS, lambda: apply_inbound_events.delay())
work_register(Work.BACKFILL, lambda job_id: backfill.delay(job_id))
