"""The shop's repeat rate: cohorts of first buyers by month, source, medium, campaign, channel
and category; days to the second order; revenue per customer; and each program's effect on
the repeat rate against its holdout. Each report is one SQL statement over the order rows of
the integration (engine/order_rows.py); what each figure counts is engine/repeat_figures.py.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import TextChoices

from ..models import Enrollment
from .acquisition import acquisition_sql
from .integration import current_integration
from .order_rows import OrderRows
from .repeat_figures import (
    DAY_BUCKETS,
    PROGRAM_WINDOW,
    REPEAT_WINDOWS,
    REVENUE_WINDOWS,
    Window,
    cohort_sql,
    customer_sql,
    eligible_sql,
    returned_sql,
)
from .significance import difference_interval

_SOURCE = acquisition_sql(metadata="b.metadata", voucher_code="b.voucher_code", channel="b.channel")


class CohortDimension(TextChoices):
    MONTH = "month"
    SOURCE = "source"
    MEDIUM = "medium"
    CAMPAIGN = "campaign"
    CHANNEL = "channel"
    CATEGORY = "category"


# What a first buyer `b` is grouped by: the month (in %(zone)s) and the rest of its first order.
DIMENSIONS = {
    CohortDimension.MONTH: "to_char(b.first_at AT TIME ZONE %(zone)s, 'YYYY-MM')",
    CohortDimension.SOURCE: _SOURCE["source"],
    CohortDimension.MEDIUM: _SOURCE["medium"],
    CohortDimension.CAMPAIGN: _SOURCE["campaign"],
    CohortDimension.CHANNEL: "b.channel",
    CohortDimension.CATEGORY: "COALESCE(b.category, '')",
}


@dataclass(frozen=True)
class CohortRow:
    key: str  # the month (YYYY-MM), source, medium, campaign, channel or category; '' none
    first_buyers: int
    windows: tuple[Window, ...]  # one per REPEAT_WINDOWS


@dataclass(frozen=True)
class SecondOrderDays:
    returned: int  # first buyers with a second order, whenever it came
    median_days: float | None
    # (up to this many days, or None: more than the last bound; customers), every bucket.
    buckets: tuple[tuple[int | None, int], ...]


@dataclass(frozen=True)
class RevenueWindow:
    days: int
    eligible: int
    revenue: Decimal

    @property
    def per_customer(self) -> Decimal | None:
        return self.revenue / self.eligible if self.eligible else None


@dataclass(frozen=True)
class CurrencyRevenue:
    currency: str  # of the first order
    first_buyers: int
    windows: tuple[RevenueWindow, ...]  # one per REVENUE_WINDOWS


@dataclass(frozen=True)
class ProgramEffect:
    scenario_id: int
    days: int
    enrolled: Window  # enrolments sent the program's mail, eligible and returned
    holdout: Window  # its holdout's
    # Enrolled rate minus holdout rate in points, with its 95% interval; None while either
    # group has no eligible enrolment.
    lift_points: float | None
    lift_low_points: float | None
    lift_high_points: float | None


def _params(*, start: datetime, end: datetime, now: datetime, rows: OrderRows) -> dict:
    return {**rows.params, "start": start, "end": end, "now": now}


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rows(rows: OrderRows | None) -> OrderRows:
    return rows if rows is not None else current_integration().order_rows()


def repeat_rates(
    *,
    by: CohortDimension,
    start: datetime,
    end: datetime,
    now: datetime,
    zone: str = "UTC",
    rows: OrderRows | None = None,
) -> list[CohortRow]:
    """Per month of the first order (a cohort triangle), or per source, medium, campaign,
    channel or category of it: the first buyers of [start, end) and their repeat rate within
    each of REPEAT_WINDOWS days. In one statement."""
    rows = _rows(rows)
    counts = ",\n".join(
        f"COUNT(*) FILTER (WHERE {eligible_sql(d)}), COUNT(*) FILTER (WHERE {returned_sql(d)})"
        for d in REPEAT_WINDOWS
    )
    select = f"""
        SELECT {DIMENSIONS[CohortDimension(by)]} AS key, COUNT(*), {counts}
        FROM buyers b GROUP BY 1 ORDER BY 1
    """
    found = _fetch(
        cohort_sql(rows, select),
        {**_params(start=start, end=end, now=now, rows=rows), "zone": zone},
    )
    return [
        CohortRow(
            key=key,
            first_buyers=first_buyers,
            windows=tuple(
                Window(days, counts[2 * i], counts[2 * i + 1])
                for i, days in enumerate(REPEAT_WINDOWS)
            ),
        )
        for key, first_buyers, *counts in found
    ]


def days_to_second_order(
    *, start: datetime, end: datetime, now: datetime, rows: OrderRows | None = None
) -> SecondOrderDays:
    """How long the first buyers of [start, end) who came back took: the median and the
    count up to each of DAY_BUCKETS days. In one statement."""
    rows = _rows(rows)
    bucket = " ".join(f"WHEN b.days_to_second <= {d} THEN {d}" for d in DAY_BUCKETS)
    select = f"""
        SELECT bucket, GROUPING(bucket) AS everyone, COUNT(*),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_second)
        FROM (
            SELECT CASE {bucket} END AS bucket, b.days_to_second
            FROM buyers b WHERE b.second_at IS NOT NULL
        ) returned
        GROUP BY GROUPING SETS ((bucket), ())
    """
    found = _fetch(cohort_sql(rows, select), _params(start=start, end=end, now=now, rows=rows))
    counts = {bucket: count for bucket, everyone, count, _ in found if not everyone}
    total = next(((count, median) for _, everyone, count, median in found if everyone), (0, None))
    return SecondOrderDays(
        returned=total[0],
        median_days=total[1],
        buckets=tuple((d, counts.get(d, 0)) for d in (*DAY_BUCKETS, None)),
    )


def revenue_per_customer(
    *, start: datetime, end: datetime, now: datetime, rows: OrderRows | None = None
) -> list[CurrencyRevenue]:
    """Per currency of the first order: the first buyers of [start, end), and their paid
    revenue up to each of REVENUE_WINDOWS days after it, per eligible customer. In one
    statement."""
    rows = _rows(rows)
    sums = ",\n".join(
        f"SUM(c.total) FILTER (WHERE c.created_at <= c.first_at + interval '{d} days') AS r{d}"
        for d in REVENUE_WINDOWS
    )
    totals = ",\n".join(
        f"COUNT(*) FILTER (WHERE {eligible_sql(d)}),"
        f" COALESCE(SUM(b.r{d}) FILTER (WHERE {eligible_sql(d)}), 0)"
        for d in REVENUE_WINDOWS
    )
    # The customer's orders in the first one's currency, read off `counted` (no join).
    select = f"""
        , spent AS (
            SELECT c.customer, c.first_currency AS currency, c.first_at, {sums}
            FROM counted c
            WHERE c.first_at >= %(start)s AND c.first_at < %(end)s
                AND c.currency = c.first_currency
            GROUP BY c.customer, c.first_currency, c.first_at
        )
        SELECT b.currency, COUNT(*), {totals}
        FROM spent b GROUP BY b.currency ORDER BY b.currency
    """
    found = _fetch(cohort_sql(rows, select), _params(start=start, end=end, now=now, rows=rows))
    return [
        CurrencyRevenue(
            currency=currency,
            first_buyers=first_buyers,
            windows=tuple(
                RevenueWindow(days, sums[2 * i], sums[2 * i + 1])
                for i, days in enumerate(REVENUE_WINDOWS)
            ),
        )
        for currency, first_buyers, *sums in found
    ]


def program_effects(
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    days: int = PROGRAM_WINDOW,
    rows: OrderRows | None = None,
) -> list[ProgramEffect]:
    """Per scenario with enrolments started in [start, end): the share of its enrolled
    customers and of its holdout who placed a counted order after the enrolment began (the
    one that enrolled them was placed by then) within `days` days, eligible enrolments only,
    and the difference in points with its 95% interval. In one statement."""
    rows = _rows(rows)
    # Each enrolment is placed among its customer's counted orders, and a window finds the
    # first order after it: no join of `counted` (see cohort_sql), one sort of the orders.
    # Latest first, so the frame starts at the partition's head and grows row by row (a frame
    # whose start moves is aggregated again for every row: quadratic in a customer's orders).
    select = f"""
        , enrolled AS (
            SELECT e.scenario_id, e.holdout, e.triggered_at,
                {customer_sql("e", fallback="'enrollment:' || e.id")} AS customer
            FROM (
                SELECT id, scenario_id, holdout, triggered_at, user_id, lower(email) AS email
                FROM {Enrollment._meta.db_table}
                WHERE triggered_at >= %(start)s AND triggered_at < %(end)s
                    AND triggered_at <= %(now)s - %(days)s * interval '1 day'
            ) e
            LEFT JOIN accounts a ON a.email = e.email
        ),
        timeline AS (
            SELECT t.*, min(t.at) FILTER (WHERE t.is_order) OVER (
                PARTITION BY t.customer ORDER BY t.at DESC
                RANGE BETWEEN UNBOUNDED PRECEDING AND interval '1 microsecond' PRECEDING
            ) AS next_order_at
            FROM (
                SELECT customer, created_at AS at, TRUE AS is_order,
                    NULL::bigint AS scenario_id, NULL::boolean AS holdout
                FROM counted
                UNION ALL
                SELECT customer, triggered_at, FALSE, scenario_id, holdout FROM enrolled
            ) t
        )
        SELECT scenario_id, holdout, COUNT(*),
            COUNT(*) FILTER (WHERE next_order_at <= at + %(days)s * interval '1 day')
        FROM timeline WHERE NOT is_order GROUP BY 1, 2 ORDER BY 1, 2
    """
    # The enrolments are the cohort here; the first buyers' CTE is not read.
    params = {**_params(start=start, end=end, now=now, rows=rows), "days": days}
    groups: dict[int, dict[bool, Window]] = {}
    for scenario_id, holdout, enrolments, returned in _fetch(cohort_sql(rows, select), params):
        groups.setdefault(scenario_id, {})[holdout] = Window(days, enrolments, returned)
    return [_effect(scenario_id, days, found) for scenario_id, found in groups.items()]


def _effect(scenario_id: int, days: int, groups: dict[bool, Window]) -> ProgramEffect:
    enrolled = groups.get(False, Window(days, 0, 0))
    holdout = groups.get(True, Window(days, 0, 0))
    lift = low = high = None
    if enrolled.eligible and holdout.eligible:
        lift, low, high = (
            100 * value
            for value in difference_interval(
                successes_a=holdout.returned,
                trials_a=holdout.eligible,
                successes_b=enrolled.returned,
                trials_b=enrolled.eligible,
            )
        )
    return ProgramEffect(scenario_id, days, enrolled, holdout, lift, low, high)
