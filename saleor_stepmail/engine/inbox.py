"""Events from shop hooks: recorded with one INSERT in the shop's transaction, applied later.

A hook must not slow down or fail a checkout, so it only stores the event; after the commit a
worker (or, when the broker was unreachable, the next tick) turns each row into an engine Event
through the integration and applies it with record_event, each customer's oldest first.
"""

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from ..conf import stepmail_settings
from ..models import InboundEvent
from ..vocabulary import EventType
from .enrollment import ActiveScenarios, record_event
from .handoff import Work, work_queue_on_commit
from .integration import current_integration
from .order_rows import recorded_order_facts

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Events one drain applies at most (in transactions of `inbound_batch_size`); the task that
# drains after a commit queues itself again when it had this many (a LINE webhook may bring
# 1,000 friends at once).
INBOUND_BATCH = 500
# A customer's events are applied in the order they happened: each customer's events are in one
# partition of the inbox (models/audience.py InboundEvent.partition), and a partition is drained
# by one drainer at a time, under this advisory lock with the partition as its second key.
_DRAIN_LOCK = 0x5354_4550  # "STEP"
# Partitions one batch takes at most: the others stay free for drainers in other processes.
PARTITIONS_PER_BATCH = 4
# How far down the queue a drainer looks for partitions that no one else is draining.
_CANDIDATES = 512


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
    """Apply up to `limit` waiting events, each customer's oldest first; returns how many were
    applied.

    In batches of `inbound_batch_size`, each its own transaction holding the drain locks of a
    few partitions (those of the oldest waiting events that no other drainer holds): an event
    that waits (for a chunk holding its enrolment's lock) holds back only its batch, and the
    batches before it are committed, their goal exits visible at once. Drainers in other
    processes take other partitions meanwhile, so a sale's events are applied side by side
    while each customer's stay in order. A drain stops when every waiting event is in a
    partition another drainer holds: that one goes on with them.
    """
    applied = 0
    failed: set[int] = set()  # tried once in this drain already
    batch_size = stepmail_settings().inbound_batch_size
    while limit > 0:
        size = min(batch_size, limit)
        with transaction.atomic():
            pending = InboundEvent.objects.filter(
                processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS
            ).exclude(pk__in=failed)
            partitions = _partitions_locked(pending)
            batch = list(
                pending.filter(partition__in=partitions).order_by("occurred_at", "pk")[:size]
            )
            scenarios = ActiveScenarios()
            done = [inbound.pk for inbound in batch if _apply_one(inbound, now, scenarios)]
            InboundEvent.objects.filter(pk__in=done).update(processed_at=now, error="")
            applied += len(done)
            failed.update(inbound.pk for inbound in batch if inbound.pk not in done)
        if not batch:
            return applied
        limit -= len(batch)
    return applied


def _partitions_locked(pending) -> list[int]:
    """Lock (for the transaction) up to PARTITIONS_PER_BATCH partitions of the oldest waiting
    events that no other drainer holds; the ones locked."""
    candidates = pending.order_by("occurred_at", "pk").values_list("partition", flat=True)
    locked: list[int] = []
    with connection.cursor() as cursor:
        for partition in dict.fromkeys(candidates[:_CANDIDATES]):
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_DRAIN_LOCK, partition])
            if cursor.fetchone()[0]:
                locked.append(partition)
                if len(locked) == PARTITIONS_PER_BATCH:
                    break
    return locked


def _apply_one(inbound: InboundEvent, now: datetime, scenarios: ActiveScenarios) -> bool:
    """Apply one event in a savepoint of the batch: True when it is done (the batch marks it
    processed with its commit), False when it failed (counted here, tried again later)."""
    try:
        with transaction.atomic():
            event = current_integration().event_for(inbound)
            if event is not None:
                record_event(event, now=now, scenarios=scenarios)
        return True
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
        return False
