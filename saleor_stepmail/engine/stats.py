"""What each step did: sent, delivered, opened, clicked, converted, revenue. SQL aggregates only."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..models import DeliveryEvent, Scenario
from .vocabulary import DeliveryEventType

# Opens and clicks count deliveries (a mail opened five times is one open); revenue sums.
COUNTED_EVENTS = (
    DeliveryEventType.SENT,
    DeliveryEventType.DELIVERED,
    DeliveryEventType.OPENED,
    DeliveryEventType.CLICKED,
    DeliveryEventType.CONVERTED,
    DeliveryEventType.UNSUBSCRIBED,
    DeliveryEventType.BOUNCED,
    DeliveryEventType.COMPLAINED,
)


@dataclass(frozen=True)
class StepStats:
    step_id: int
    position: int
    name: str
    counts: dict[str, int]
    revenue: Decimal

    def rate(self, event: str) -> float:
        sent = self.counts[DeliveryEventType.SENT]
        return self.counts[event] / sent if sent else 0.0


def step_stats(*, scenario: Scenario, start: datetime, end: datetime) -> list[StepStats]:
    """One row per step of `scenario`, counting events that happened in [start, end)."""
    aggregates = {
        str(event): Count("delivery", filter=Q(type=event), distinct=True)
        for event in COUNTED_EVENTS
    }
    rows = (
        DeliveryEvent.objects.filter(
            delivery__step__scenario=scenario, occurred_at__gte=start, occurred_at__lt=end
        )
        .values("delivery__step_id")
        .annotate(**aggregates, revenue=Sum("revenue", filter=Q(type="converted")))
    )
    by_step = {row["delivery__step_id"]: row for row in rows}
    stats = []
    for step in scenario.steps.order_by("position"):
        row = by_step.get(step.pk, {})
        stats.append(
            StepStats(
                step_id=step.pk,
                position=step.position,
                name=step.name,
                counts={str(event): row.get(str(event), 0) for event in COUNTED_EVENTS},
                revenue=row.get("revenue") or Decimal(0),
            )
        )
    return stats
