"""Abandoned checkouts: the shop has no event for them, so the tick finds them in the snapshots.

A checkout counts as abandoned when it has an email and at least one line, has not been
completed, and has not changed for `checkout_idle_minutes`. One query on the partial index
`checkoutsnapshot_waiting` finds them; each becomes a `checkout_abandoned` event applied with
record_event, and its snapshot is marked abandoned in the same transaction, so that it is
emitted once. A checkout the shop already completed is marked completed instead, and a guest's
checkout (no customer account) is mailed only where the channel's settings allow guests.
"""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from ..conf import stepmail_settings
from ..models import CheckoutSnapshot
from ..vocabulary import EventType
from .checkouts import checkout_snapshots_complete
from .clock import database_now
from .enrollment import record_event
from .events import Event
from .integration import CartSettings, current_integration

logger = logging.getLogger(__name__)

# Outcome names, distinct from the dispatch's: the tick reports both together.
EMITTED = "checkouts_abandoned"
COMPLETED = "checkouts_completed"
GUEST = "checkouts_of_guests_left"
FAILED = "checkouts_failed"


def abandoned_checkouts(*, idle_since: datetime) -> QuerySet[CheckoutSnapshot]:
    """Snapshots untouched since `idle_since`, oldest first. Every condition but the time is
    the partial index's own, so Postgres reads only the index's matching range."""
    return (
        CheckoutSnapshot.objects.filter(
            completed_at__isnull=True,
            abandoned_at__isnull=True,
            line_count__gt=0,
            changed_at__lte=idle_since,
        )
        .exclude(email="")
        .order_by("changed_at")
    )


def checkouts_detect_abandoned(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """Emit `checkout_abandoned` for up to `limit` abandoned checkouts; returns the outcomes.

    Rows another tick is working on are skipped (SKIP LOCKED), so two ticks never emit one
    checkout twice.
    """
    now = now or database_now()
    config = stepmail_settings()
    integration = current_integration()
    outcomes: Counter = Counter()
    with transaction.atomic():
        snapshots = list(
            abandoned_checkouts(idle_since=now - config.checkout_idle).select_for_update(
                skip_locked=True
            )[: limit or config.batch_size]
        )
        if not snapshots:
            return outcomes
        completed = integration.checkouts_completed({s.checkout_token for s in snapshots})
        if completed:
            outcomes[COMPLETED] = checkout_snapshots_complete(completed, now=now)
        waiting = [s for s in snapshots if s.checkout_token not in completed]
        facts = integration.checkout_facts(waiting)
        settings_by_channel: dict[str, CartSettings] = {}
        for snapshot in waiting:
            channel = snapshot.channel_slug
            if channel not in settings_by_channel:
                settings_by_channel[channel] = integration.cart_settings(channel)
            cart = settings_by_channel[channel]
            if not snapshot.user_id and not cart.guests:
                outcomes[GUEST] += 1
                continue
            event = abandonment_event(
                snapshot,
                facts.get(snapshot.checkout_token, {}),
                cart_url=cart_url(cart.url_template, snapshot.checkout_token),
                now=now,
                idle=config.checkout_idle,
            )
            outcomes[_emit(event, snapshot, now=now)] += 1
        CheckoutSnapshot.objects.filter(pk__in=[s.pk for s in waiting]).update(abandoned_at=now)
    return outcomes


def abandonment_event(
    snapshot: CheckoutSnapshot, facts: dict, *, cart_url: str, now: datetime, idle: timedelta
) -> Event:
    """The event of an abandoned checkout, with the cart as the mail shows it.

    It happened at the checkout's last change, so the steps' delays count from when the
    customer left; a tick that comes late (beat down for hours) starts the sequence as if it
    had found the checkout in time, instead of sending several steps at once.
    """
    cart = {"lines": [], "total": None, **facts.get("cart", {})}
    cart.update(token=snapshot.checkout_token, url=cart_url)
    return Event(
        type=EventType.CHECKOUT_ABANDONED,
        occurred_at=max(snapshot.changed_at, now - idle),
        email=snapshot.email,
        user_id=snapshot.user_id,
        channel_slug=snapshot.channel_slug,
        checkout_token=snapshot.checkout_token,
        context={**facts, "cart": cart},
    )


def cart_url(template: str, token: str) -> str:
    return template.replace("{token}", token) if template else ""


def _emit(event: Event, snapshot: CheckoutSnapshot, *, now: datetime) -> str:
    try:
        with transaction.atomic():
            record_event(event, now=now)
    except Exception:
        # Marked abandoned all the same: one lost mail is better than a row every tick re-reads.
        logger.exception(
            "stepmail: abandoned checkout %s (snapshot %s) could not be applied",
            snapshot.checkout_token,
            snapshot.pk,
        )
        return FAILED
    return EMITTED
