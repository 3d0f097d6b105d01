"""Events from shop hooks: recorded with one INSERT in the shop's transaction, applied later.

A hook must not slow down or fail a checkout, so it only stores the event; after the commit a
worker (or, when the broker was unreachable, the next tick) turns each row into an engine Event
through the integration and applies it with record_event, oldest first.
"""

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from ..models import InboundEvent
from .enrollment import record_event
from .handoff import Work, work_queue_on_commit
from .integration import current_integration
from .vocabulary import EventType

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
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
) -> InboundEvent:
    inbound = InboundEvent.objects.create(
        type=type,
        occurred_at=occurred_at,
        order_id=str(order_id or ""),
        user_id=str(user_id or ""),
        email=email or "",
        channel_slug=channel_slug or "",
    )
    # robust: a broker outage must not reach the shop's request; the tick applies it later.
    work_queue_on_commit(Work.APPLY_INBOUND_EVENTS, robust=True)
    return inbound


def inbound_apply_pending(*, now: datetime, limit: int = 500) -> int:
    """Apply up to `limit` waiting events; returns how many were applied."""
    applied = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_DRAIN_LOCK])
            if not cursor.fetchone()[0]:
                return 0
        pending = InboundEvent.objects.filter(
            processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS
        ).order_by("occurred_at", "pk")[:limit]
        for inbound in pending:
            applied += _apply_one(inbound, now=now)
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
