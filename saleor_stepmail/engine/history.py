"""What a customer's recorded history says, where there is no shop to ask.

Without a shop (engine/integration.py), the history is the engine's own record of hook events:
the goals it already met, for enrolments a backfill starts late (each later event is read as it
was when it happened, through the goal table of engine/goals.py, so a backfilled enrolment ends
as a live one would have ended then); and the customer's orders, for the catalogue's
customer.* facts.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Lower

from ..models import Enrollment, InboundEvent
from ..vocabulary import EventType
from .events import Event
from .goals import GOAL_EVENTS, goal_filters
from .order_rows import UNCOUNTED_AFTER

_ORDER_ENDED = (EventType.ORDER_CANCELLED, EventType.ORDER_EXPIRED)

# A recorded order that counts as paid: a payment recorded for it, and none of the events after
# which it no longer counts (engine/order_rows.py UNCOUNTED_AFTER: cancelled, expired, refunded).
# Scalar subqueries, not EXISTS: Postgres runs them per order on the index of an order's events
# instead of turning them into joins that hash every payment of the history (bench/dormancy_scan).
_PAID_ORDER = """
    (SELECT true FROM {table} AS payment
     WHERE payment.order_id = {order}.order_id AND payment.type = %(paid)s LIMIT 1) IS NOT NULL
    AND (SELECT true FROM {table} AS ended
         WHERE ended.order_id = {order}.order_id AND ended.type = ANY(%(ended)s) LIMIT 1) IS NULL
"""


def goals_met_in_history(
    enrollments: Sequence[Enrollment],
    *,
    until: datetime,
    event_for: Callable[[InboundEvent], Event | None],
) -> dict[int, str]:
    """Per enrolment id, the goal of the first recorded event (up to `until`) that ends it;
    `event_for` reads a recorded event as the integration does (Integration.event_for)."""
    if not enrollments:
        return {}
    orders = {e.source_order_id for e in enrollments if e.source_order_id}
    emails = {e.email for e in enrollments if e.email}
    users = {e.user_id for e in enrollments if e.user_id}
    history = (
        InboundEvent.objects.filter(
            type__in=list(GOAL_EVENTS),
            occurred_at__gte=min(e.triggered_at for e in enrollments),
            occurred_at__lte=until,
        )
        .filter(Q(order_id__in=orders) | Q(email__in=emails) | Q(user_id__in=users))
        .order_by("occurred_at", "pk")
    )
    reached: dict[int, str] = {}
    waiting = {e.pk for e in enrollments}
    for inbound in history.iterator():
        event = event_for(inbound)
        if event is None:
            continue
        for rule, condition in goal_filters(event):
            met = Enrollment.objects.filter(pk__in=waiting).filter(condition)
            for pk in met.values_list("pk", flat=True):
                reached[pk] = rule.goal.value
                waiting.discard(pk)
        if not waiting:
            break
    return reached


def customer_orders_in_history(
    enrollments: Sequence[Enrollment], *, until: datetime | None = None
) -> dict[int, dict]:
    """Per enrolment id, {"customer": {orders_count, first_order_at, last_order_at}} from the
    recorded orders of its customer (the same address or account) that were not cancelled or
    expired (by `until`, when given): the shop's customer.* facts as far as the events tell
    them, in one query. What the enrolment's own event already said of the customer stays as
    it said."""
    emails = {e.email for e in enrollments if e.email}
    users = {e.user_id for e in enrollments if e.user_id}
    if not (emails or users):
        return {}
    # Hooks record addresses as the shop spelled them; enrolments keep them in lower case.
    recorded = (
        InboundEvent.objects.annotate(email_lower=Lower("email"))
        .filter(
            Q(email_lower__in=emails) | Q(user_id__in=users),
            type__in=[EventType.ORDER_CREATED, *_ORDER_ENDED],
        )
        .exclude(order_id="")
    )
    if until is not None:
        recorded = recorded.filter(occurred_at__lte=until)
    placed: dict[str, tuple[str, str, datetime]] = {}
    ended: set[str] = set()
    for kind, order_id, email, user_id, at in recorded.values_list(
        "type", "order_id", "email_lower", "user_id", "occurred_at"
    ):
        if kind in _ORDER_ENDED:
            ended.add(order_id)
        elif order_id not in placed or at < placed[order_id][2]:
            placed[order_id] = (email, user_id, at)
    facts = {}
    for enrollment in enrollments:
        times = sorted(
            at
            for order_id, (email, user_id, at) in placed.items()
            if order_id not in ended
            and (
                (enrollment.email and email == enrollment.email)
                or (enrollment.user_id and user_id == enrollment.user_id)
            )
        )
        counted = {"orders_count": len(times)}
        if times:
            counted["first_order_at"] = times[0].isoformat()
            counted["last_order_at"] = times[-1].isoformat()
        told = (enrollment.context or {}).get("customer") or {}
        facts[enrollment.pk] = {"customer": {k: v for k, v in counted.items() if k not in told}}
    return facts


def dormancies_in_history(
    *, days: int, since: datetime, until: datetime, limit: int | None
) -> list[Event]:
    """Integration.dormancies from the recorded history: paid orders placed in the window that
    puts their dormancy in (since, until], on the index of orders by time, each without a paid
    order of the same address in the `days` after it (the index of orders by address)."""
    table = InboundEvent._meta.db_table
    span = timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT DISTINCT ON (o.occurred_at, o.order_id)
                o.order_id, o.email, o.user_id, o.channel_slug, o.occurred_at
            FROM {table} AS o
            WHERE o.type = %(created)s AND o.order_id <> '' AND o.email <> ''
              AND o.occurred_at > %(since)s AND o.occurred_at <= %(until)s
              AND {_PAID_ORDER.format(table=table, order="o")}
              AND (
                  SELECT true FROM {table} AS n
                  WHERE lower(n.email) = lower(o.email) AND n.type = %(created)s
                    AND n.occurred_at > o.occurred_at AND n.occurred_at <= o.occurred_at + %(span)s
                    AND n.order_id <> o.order_id
                    AND {_PAID_ORDER.format(table=table, order="n")}
                  LIMIT 1
              ) IS NULL
            ORDER BY o.occurred_at, o.order_id
            LIMIT %(limit)s
            """,
            {
                "created": EventType.ORDER_CREATED,
                "paid": EventType.ORDER_FULLY_PAID,
                "ended": list(UNCOUNTED_AFTER),
                "since": since - span,
                "until": until - span,
                "span": span,
                "limit": limit,
            },
        )
        rows = cursor.fetchall()
    return [
        Event(
            type=EventType.CUSTOMER_DORMANT,
            occurred_at=placed_at + span,
            order_id=order_id,
            email=email,
            user_id=user_id,
            channel_slug=channel_slug,
        )
        for order_id, email, user_id, channel_slug, placed_at in rows
    ]
