"""What the mail did, as SQL aggregates only: per step, per A/B variant, and against the holdout.

step_stats counts the events that happened in a period (a dashboard's activity). variant_stats
and holdout_lift compare groups, so they follow a cohort instead: the mails sent (enrolments
started) in the period, with everything that followed them until now; otherwise a rate's
numerator would not be a part of its denominator.

A conversion counts only while its order is paid and not cancelled, expired or fully refunded
(PAID_CONVERSION, engine/attribution.py); revenue is kept per currency.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import combinations

from django.db.models import Count, Q, Sum

from ..conf import stepmail_settings
from ..models import DeliveryEvent, Enrollment, Scenario, Step
from ..vocabulary import DeliveryEventType, DeliveryState
from .significance import difference_interval, two_proportion_z_test

# The test level at which an A/B difference counts as real.
SIGNIFICANCE_LEVEL = 0.05

# The conversions every report counts: the order paid, and not reversed since.
PAID_CONVERSION = Q(
    type=DeliveryEventType.CONVERTED, paid_at__isnull=False, reversed_at__isnull=True
)

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
    # Paid order totals per currency: a shop selling in several currencies is not summed.
    revenue: dict[str, Decimal]

    def rate(self, event: str) -> float:
        sent = self.counts[DeliveryEventType.SENT]
        return self.counts[event] / sent if sent else 0.0


def _counted(event: str) -> Q:
    return PAID_CONVERSION if event == DeliveryEventType.CONVERTED else Q(type=event)


def step_stats(*, scenario: Scenario, start: datetime, end: datetime) -> list[StepStats]:
    """One row per step of `scenario`, counting events that happened in [start, end)."""
    aggregates = {
        str(event): Count("delivery", filter=_counted(event), distinct=True)
        for event in COUNTED_EVENTS
    }
    # Mails actually sent: a holdout's conversions sit on its skipped deliveries (holdout_lift).
    period = DeliveryEvent.objects.filter(
        delivery__step__scenario=scenario,
        delivery__state=DeliveryState.SENT,
        occurred_at__gte=start,
        occurred_at__lt=end,
    )
    rows = period.values("delivery__step_id").annotate(**aggregates)
    by_step = {row["delivery__step_id"]: row for row in rows}
    revenue = _revenue_by(
        period.filter(PAID_CONVERSION)
        .values("delivery__step_id", "currency")
        .annotate(revenue=Sum("revenue")),
        "delivery__step_id",
    )
    stats = []
    for step in scenario.steps.order_by("position"):
        row = by_step.get(step.pk, {})
        stats.append(
            StepStats(
                step_id=step.pk,
                position=step.position,
                name=step.name,
                counts={str(event): row.get(str(event), 0) for event in COUNTED_EVENTS},
                revenue=revenue.get(step.pk, {}),
            )
        )
    return stats


def _revenue_by(rows, key: str) -> dict:
    """{key value: {currency: total}} from rows of (key, currency, revenue)."""
    revenue: dict = defaultdict(dict)
    for row in rows:
        if row["revenue"] is not None:
            revenue[row[key]][row["currency"]] = row["revenue"]
    return revenue


@dataclass(frozen=True)
class VariantStats:
    variant_id: int
    name: str
    sent: int
    opened: int
    clicked: int
    converted: int
    # Gross order totals, per currency: a shop selling in several currencies is not summed.
    revenue: dict[str, Decimal]

    @property
    def conversion_rate(self) -> float:
        return self.converted / self.sent if self.sent else 0.0


@dataclass(frozen=True)
class VariantComparison:
    a: str
    b: str
    difference: float  # conversion rate of b minus that of a
    z: float
    p_value: float
    significant: bool  # p < SIGNIFICANCE_LEVEL and both variants have the minimum sample


@dataclass(frozen=True)
class ExperimentStats:
    variants: list[VariantStats]
    comparisons: list[VariantComparison]
    min_sends: int
    # The variant whose conversion rate beats every other one significantly, else None.
    winner: VariantStats | None


def variant_stats(*, step: Step, start: datetime, end: datetime) -> ExperimentStats:
    """Per variant of `step`: the mails sent in [start, end) and what followed them.

    Variants are compared pairwise on conversion rate (converted / sent) with a pooled
    two-proportion z-test: conversion, not clicks, because it is what the shop wants more of.
    A difference counts only when both variants reached STEPMAIL["experiment_min_sends"].
    """
    cohort = Q(
        delivery__step=step,
        delivery__state=DeliveryState.SENT,
        delivery__sent_at__gte=start,
        delivery__sent_at__lt=end,
    )
    counts = {
        row["delivery__variant_id"]: row
        for row in DeliveryEvent.objects.filter(cohort)
        .values("delivery__variant_id")
        .annotate(
            **{
                str(kind): Count("delivery", filter=_counted(kind), distinct=True)
                for kind in (
                    DeliveryEventType.SENT,
                    DeliveryEventType.OPENED,
                    DeliveryEventType.CLICKED,
                    DeliveryEventType.CONVERTED,
                )
            }
        )
    }
    revenue = _revenue_by(
        DeliveryEvent.objects.filter(cohort, PAID_CONVERSION)
        .values("delivery__variant_id", "currency")
        .annotate(revenue=Sum("revenue")),
        "delivery__variant_id",
    )
    variants = [
        VariantStats(
            variant_id=variant.pk,
            name=variant.name,
            sent=counts.get(variant.pk, {}).get("sent", 0),
            opened=counts.get(variant.pk, {}).get("opened", 0),
            clicked=counts.get(variant.pk, {}).get("clicked", 0),
            converted=counts.get(variant.pk, {}).get("converted", 0),
            revenue=revenue.get(variant.pk, {}),
        )
        for variant in step.variants.order_by("name")
    ]
    min_sends = stepmail_settings().experiment_min_sends
    comparisons = [_compare(a, b, min_sends=min_sends) for a, b in combinations(variants, 2)]
    return ExperimentStats(
        variants=variants,
        comparisons=comparisons,
        min_sends=min_sends,
        winner=_winner(variants, comparisons),
    )


def _compare(a: VariantStats, b: VariantStats, *, min_sends: int) -> VariantComparison:
    test = two_proportion_z_test(
        successes_a=a.converted, trials_a=a.sent, successes_b=b.converted, trials_b=b.sent
    )
    enough = a.sent >= min_sends and b.sent >= min_sends
    return VariantComparison(
        a=a.name,
        b=b.name,
        difference=test.difference,
        z=test.z,
        p_value=test.p_value,
        significant=enough and test.p_value < SIGNIFICANCE_LEVEL,
    )


def _winner(
    variants: list[VariantStats], comparisons: list[VariantComparison]
) -> VariantStats | None:
    if len(variants) < 2:
        return None
    best = max(variants, key=lambda v: v.conversion_rate)
    beats_all = all(
        c.significant and (c.difference > 0) == (c.b == best.name)
        for c in comparisons
        if best.name in (c.a, c.b)
    )
    return best if beats_all else None


@dataclass(frozen=True)
class GroupStats:
    enrollments: int
    converted: int  # enrolments with at least one order credited to them
    revenue: dict[str, Decimal]

    @property
    def conversion_rate(self) -> float:
        return self.converted / self.enrollments if self.enrollments else 0.0

    def revenue_per_enrollment(self) -> dict[str, Decimal]:
        if not self.enrollments:
            return {}
        return {currency: total / self.enrollments for currency, total in self.revenue.items()}


@dataclass(frozen=True)
class HoldoutLift:
    treated: GroupStats
    holdout: GroupStats
    # Conversion rate treated minus holdout, with its 95% confidence interval; None while
    # either group is empty.
    lift: float | None
    lift_low: float | None
    lift_high: float | None
    # Incremental revenue per enrolment, per currency.
    revenue_lift: dict[str, Decimal]


def holdout_lift(*, scenario: Scenario, start: datetime, end: datetime) -> HoldoutLift:
    """Treated vs holdout enrolments that started in [start, end): conversion rate and revenue
    per enrolment, and the lift as a difference of proportions (normal approximation).

    Holdout conversions are credited to the holdout's skipped deliveries (engine/attribution.py),
    so both groups are counted by the same query.
    """
    cohort = Enrollment.objects.filter(
        scenario=scenario, triggered_at__gte=start, triggered_at__lt=end
    )
    converted = Q(
        deliveries__events__type=DeliveryEventType.CONVERTED,
        deliveries__events__paid_at__isnull=False,
        deliveries__events__reversed_at__isnull=True,
    )
    counts = {
        row["holdout"]: row
        for row in cohort.values("holdout").annotate(
            n=Count("pk", distinct=True), converted=Count("pk", filter=converted, distinct=True)
        )
    }
    revenue = _revenue_by(
        DeliveryEvent.objects.filter(PAID_CONVERSION, delivery__enrollment__in=cohort)
        .values("delivery__enrollment__holdout", "currency")
        .annotate(revenue=Sum("revenue")),
        "delivery__enrollment__holdout",
    )
    treated, holdout = (
        GroupStats(
            enrollments=counts.get(group, {}).get("n", 0),
            converted=counts.get(group, {}).get("converted", 0),
            revenue=revenue.get(group, {}),
        )
        for group in (False, True)
    )
    if not treated.enrollments or not holdout.enrollments:
        return HoldoutLift(treated, holdout, None, None, None, {})
    lift, low, high = difference_interval(
        successes_a=holdout.converted,
        trials_a=holdout.enrollments,
        successes_b=treated.converted,
        trials_b=treated.enrollments,
    )
    per_treated, per_holdout = treated.revenue_per_enrollment(), holdout.revenue_per_enrollment()
    revenue_lift = {
        currency: per_treated.get(currency, Decimal(0)) - per_holdout.get(currency, Decimal(0))
        for currency in per_treated.keys() | per_holdout.keys()
    }
    return HoldoutLift(treated, holdout, lift, low, high, revenue_lift)
