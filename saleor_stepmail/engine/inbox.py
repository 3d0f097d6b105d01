"""Events from shop hooks: recorded with one INSERT in the shop's transaction, applied later.

A hook must not slow down or fail a checkout, so it only stores the event; after the commit a
worker (or, when the broker was unreachable, the next tick) turns each row into an engine Event
through the integration and applies it with record_event, oldest first.
"""

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, Q

from ..conf import stepmail_settings
from ..models import InboundEvent
from ..vocabulary import EventType
from .enrollment import record_event
from .handoff import Work, work_queue_on_commit
from .integration import current_integration
from .order_rows import recorded_order_facts

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Events one drain applies at most (in transactions of `inbound_batch_size`); the task that
# drains after a commit queues itself again when it had this many (a LINE webhook may bring
# 1,000 friends at once).
INBOUND_BATCH = 500
# One drainer at a time keeps events of one order in the order they happened.
_DRAIN_LOCK = 0x5354_4550  # "STEP"


def inbound_record(
    *,
    type: EventType,
    occurred_at: datetime,
    order_id: str = "",
    user_id: str = "",
    email: str = "",
    channel_slug: str = "",
    facts: dict | None = None,
) -> InboundEvent:
    """Store one hook event. `facts`: what a host without Saleor tells of an order with its
    order_created (engine/order_rows.py recorded_order_facts keeps the valid ones)."""
    inbound = InboundEvent.objects.create(
        type=type,
        occurred_at=occurred_at,
        order_id=str(order_id or ""),
        user_id=str(user_id or ""),
        email=email or "",
        channel_slug=channel_slug or "",
        facts=recorded_order_facts(facts) if facts else {},
    )
    # robust: a broker outage must not reach the shop's request; the tick applies it later.
    work_queue_on_commit(Work.APPLY_INBOUND_EVENTS, robust=True)
    return inbound


def inbound_apply_pending(*, now: datetime, limit: int = INBOUND_BATCH) -> int:
    """Apply up to `limit` waiting events, oldest first; returns how many were applied.

    In batches of `inbound_batch_size`, each its own transaction under the drain lock: an
    event that waits (for a chunk holding its enrolment's lock) holds back only its batch, and
    the batches before it are committed, their goal exits visible at once. Another drainer
    may take the lock between two batches; this one then stops, and that one goes on from
    the oldest event still waiting.
    """
    applied = 0
    after: tuple[datetime, int] | None = None  # the last event this drain tried
    batch_size = stepmail_settings().inbound_batch_size
    while limit > 0:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_DRAIN_LOCK])
                if not cursor.fetchone()[0]:
                    return applied
            pending = InboundEvent.objects.filter(
                processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS
            )
            if after is not None:
                # Not the ones that failed in an earlier batch: one attempt per drain.
                pending = pending.filter(
                    Q(occurred_at__gt=after[0]) | Q(occurred_at=after[0], pk__gt=after[1])
                )
            batch = list(pending.order_by("occurred_at", "pk")[: min(batch_size, limit)])
            for inbound in batch:
                applied += _apply_one(inbound, now=now)
        if len(batch) < min(batch_size, limit):
            return applied
        limit -= len(batch)
        after = (batch[-1].occurred_at, batch[-1].pk)
    return applied


def _apply_one(inbound: InboundEvent, *, now: datetime) -> int:
    try:
        with transaction.atomic():
            event = current_integration().event_for(inbound)
            if event is not None:
                record_event(event, now=now)
            InboundEvent.objects.filter(pk=inbound.pk).update(processed_at=now, error="")
        return 1
    except Exception as exc:
        logger.exception(
            "stepmail: inbound event %s (%s, order %s) failed",
            inbound.pk,
            inbound.type,
            inbound.order_id,
        )
        attempts = inbound.attempts + 1
        InboundEvent.objects.filter(pk=inbound.pk).update(
            attempts=F("attempts") + 1,
            error=repr(exc)[:500],
            processed_at=now if attempts >= MAX_ATTEMPTS else None,
        )
        return 0
