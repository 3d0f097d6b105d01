"""A scenario's results: each step's figures with its A/B variants compared, and the lift of
the mail over the holdout.

Steps and variants follow the cohort of engine/analysis.py (the mails sent in [start, end) and
everything that followed them): their figures are the step and variant rows of `mail_rates`, so
a step card, the rates table and the CSV show the same numbers. The holdout follows the
enrolments started in the range instead, since a holdout enrolment sends nothing. What counts
as converted and as revenue is engine/figures.py's definition in both.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import combinations

from django.db import connection

from ..conf import stepmail_settings
from ..models import Enrollment, Scenario
from .analysis import mail_rates
from .figures import COUNTED_REVENUE, PAID_CONVERSION, TABLES, MailFigures
from .significance import difference_interval, two_proportion_z_test

# The test level at which an A/B difference counts as real.
SIGNIFICANCE_LEVEL = 0.05


@dataclass(frozen=True)
class VariantStats:
    variant_id: int
    name: str
    figures: MailFigures


@dataclass(frozen=True)
class VariantComparison:
    a: str
    b: str
    difference: float  # conversion rate of b minus that of a
    z: float
    p_value: float
    significant: bool  # p < SIGNIFICANCE_LEVEL and both variants have the minimum sample


@dataclass(frozen=True)
class StepStats:
    step_id: int
    position: int
    name: str
    figures: MailFigures
    variants: list[VariantStats]  # by name; empty for a step without variants
    comparisons: list[VariantComparison]
    # The variant whose conversion rate beats every other one significantly, else None.
    winner: VariantStats | None


def step_stats(*, scenario: Scenario, start: datetime, end: datetime) -> list[StepStats]:
    """One row per step of `scenario`, in order, for the mails sent in [start, end).

    Variants are compared pairwise on the conversion rate (engine/figures.py) with a pooled
    two-proportion z-test: conversion, not clicks, because it is what the shop wants more of.
    A difference counts only when both variants were sent STEPMAIL["experiment_min_sends"] mails.
    """
    figures = {
        (row.step_id, row.variant_id): row.figures
        for row in mail_rates(scenario=scenario, start=start, end=end)
        if row.level != "scenario"
    }
    min_sends = stepmail_settings().experiment_min_sends
    rows = []
    for step in scenario.steps.order_by("position").prefetch_related("variants"):
        variants = [
            VariantStats(v.pk, v.name, figures.get((step.pk, v.pk), MailFigures()))
            for v in sorted(step.variants.all(), key=lambda v: v.name)
        ]
        comparisons = [_compare(a, b, min_sends=min_sends) for a, b in combinations(variants, 2)]
        rows.append(
            StepStats(
                step_id=step.pk,
                position=step.position,
                name=step.name,
                figures=figures.get((step.pk, None), MailFigures()),
                variants=variants,
                comparisons=comparisons,
                winner=_winner(variants, comparisons),
            )
        )
    return rows


def _compare(a: VariantStats, b: VariantStats, *, min_sends: int) -> VariantComparison:
    # The conversion rate's own numerator and denominator (engine/figures.py RATES).
    test = two_proportion_z_test(
        successes_a=a.figures.converted,
        trials_a=a.figures.delivered,
        successes_b=b.figures.converted,
        trials_b=b.figures.delivered,
    )
    enough = a.figures.sent >= min_sends and b.figures.sent >= min_sends
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
    best = max(variants, key=lambda v: v.figures.rate("conversion_rate"))
    beats_all = all(
        c.significant and (c.difference > 0) == (c.b == best.name)
        for c in comparisons
        if best.name in (c.a, c.b)
    )
    return best if beats_all else None


@dataclass(frozen=True)
class GroupStats:
    enrollments: int
    converted: int  # enrolments with at least one counted conversion (engine/figures.py)
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


# One row per group (holdout or not) and currency of its revenue.
_GROUPS = f"""
    WITH cohort AS MATERIALIZED (
        SELECT e.id, e.holdout FROM {Enrollment._meta.db_table} e
        WHERE e.scenario_id = %(scenario)s AND e.triggered_at >= %(start)s
            AND e.triggered_at < %(end)s
    ),
    paid AS (
        SELECT cohort.id, cohort.holdout, ev.revenue, ev.currency,
            {COUNTED_REVENUE} AS has_revenue
        FROM cohort
        JOIN {TABLES["delivery"]} d ON d.enrollment_id = cohort.id
        JOIN {TABLES["event"]} ev ON ev.delivery_id = d.id AND {PAID_CONVERSION}
    )
    SELECT c.holdout, c.enrollments, COALESCE(p.converted, 0), m.currency, m.revenue
    FROM (SELECT holdout, COUNT(*) AS enrollments FROM cohort GROUP BY holdout) c
    LEFT JOIN (
        SELECT holdout, COUNT(DISTINCT id) AS converted FROM paid GROUP BY holdout
    ) p USING (holdout)
    LEFT JOIN (
        SELECT holdout, currency, SUM(revenue) AS revenue FROM paid WHERE has_revenue
        GROUP BY holdout, currency
    ) m USING (holdout)
"""


def _groups(*, scenario: Scenario, start: datetime, end: datetime) -> tuple[GroupStats, ...]:
    """(treated, holdout), in one statement."""
    found = {group: {"enrollments": 0, "converted": 0, "revenue": {}} for group in (False, True)}
    with connection.cursor() as cursor:
        cursor.execute(_GROUPS, {"scenario": scenario.pk, "start": start, "end": end})
        for holdout, enrollments, converted, currency, revenue in cursor.fetchall():
            found[holdout].update(enrollments=enrollments, converted=converted)
            if currency is not None:
                found[holdout]["revenue"][currency] = revenue
    return tuple(GroupStats(**found[group]) for group in (False, True))


def holdout_lift(*, scenario: Scenario, start: datetime, end: datetime) -> HoldoutLift:
    """Treated vs holdout enrolments that started in [start, end): conversion rate and revenue
    per enrolment, and the lift as a difference of proportions (normal approximation).

    Holdout conversions are credited to the holdout's skipped deliveries (engine/attribution.py),
    so both groups are counted by the same statement.
    """
    treated, holdout = _groups(scenario=scenario, start=start, end=end)
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
