"""Goals a customer's recorded history already met, for enrolments a backfill starts late.

Without a shop to ask (engine/integration.py), the history is the engine's own record of hook
events. Each later event is read as it was when it happened (the goal table of
engine/goals.py), so a backfilled enrolment ends as a live one would have ended then.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from django.db.models import Q

from ..models import Enrollment, InboundEvent
from .events import Event
from .goals import GOAL_RULES, goal_filters


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
            type__in=list(GOAL_RULES),
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
