"""The repeat-rate tables (engine/repeat_rate.py) as CSV for Excel, written as every CSV is
(api/csv_export.py): one file per table, the figures under the names engine/repeat_figures.py
gives them, a column per window (`rate_60d`), rates as fractions (0.3 is 30%), an empty cell
where a figure has no value yet (a window longer than the cohort's age), lifts in points.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import models

from ..engine.repeat_figures import REPEAT_WINDOWS, REVENUE_WINDOWS
from ..engine.repeat_rate import (
    CohortDimension,
    days_to_second_order,
    program_effects,
    repeat_rates,
    revenue_per_customer,
)
from ..models import Scenario
from .csv_export import csv_text


class RepeatRateTable(models.TextChoices):
    BY_MONTH = "by_month"
    BY_SOURCE = "by_source"
    BY_MEDIUM = "by_medium"
    BY_CAMPAIGN = "by_campaign"
    BY_CHANNEL = "by_channel"
    BY_CATEGORY = "by_category"
    DAYS_TO_SECOND_ORDER = "days_to_second_order"
    REVENUE_PER_CUSTOMER = "revenue_per_customer"
    PROGRAM_EFFECT = "program_effect"


def _blank(value: object) -> object:
    return "" if value is None else value


def _cohorts_csv(by: CohortDimension) -> Callable[..., str]:
    def table(*, start: datetime, end: datetime, now: datetime, zone: str, days: int) -> str:
        rows = repeat_rates(by=by, start=start, end=end, now=now, zone=zone)
        header = [by.value, "first_buyers"]
        for window in REPEAT_WINDOWS:
            header += [f"eligible_{window}d", f"returned_{window}d", f"rate_{window}d"]
        lines = (
            [
                row.key,
                row.first_buyers,
                *(v for w in row.windows for v in (w.eligible, w.returned, _blank(w.rate))),
            ]
            for row in rows
        )
        return csv_text(header, lines)

    return table


def _days_csv(*, start: datetime, end: datetime, now: datetime, zone: str, days: int) -> str:
    result = days_to_second_order(start=start, end=end, now=now)
    lines = [
        [f"<={bound}" if bound is not None else f">{result.buckets[-2][0]}", count]
        for bound, count in result.buckets
    ]
    lines.append(["median", _blank(result.median_days)])
    return csv_text(["days_to_second_order", "customers"], lines)


def _revenue_csv(*, start: datetime, end: datetime, now: datetime, zone: str, days: int) -> str:
    rows = revenue_per_customer(start=start, end=end, now=now)
    header = ["currency", "first_buyers"]
    for window in REVENUE_WINDOWS:
        header += [f"eligible_{window}d", f"revenue_{window}d", f"revenue_per_customer_{window}d"]
    lines = (
        [
            row.currency,
            row.first_buyers,
            *(v for w in row.windows for v in (w.eligible, w.revenue, _blank(w.per_customer))),
        ]
        for row in rows
    )
    return csv_text(header, lines)


def _program_csv(*, start: datetime, end: datetime, now: datetime, zone: str, days: int) -> str:
    effects = program_effects(start=start, end=end, now=now, days=days)
    scenarios = Scenario.objects.in_bulk({effect.scenario_id for effect in effects})
    header = (
        "scenario",
        "days",
        "enrolled",
        "enrolled_returned",
        "enrolled_rate",
        "holdout",
        "holdout_returned",
        "holdout_rate",
        "lift_points",
        "lift_low_points",
        "lift_high_points",
    )
    lines = (
        [
            scenarios[effect.scenario_id].slug,
            effect.days,
            *(
                v
                for group in (effect.enrolled, effect.holdout)
                for v in (group.eligible, group.returned, _blank(group.rate))
            ),
            _blank(effect.lift_points),
            _blank(effect.lift_low_points),
            _blank(effect.lift_high_points),
        ]
        for effect in effects
    )
    return csv_text(header, lines)


REPEAT_RATE_TABLES: dict[RepeatRateTable, Callable[..., str]] = {
    RepeatRateTable.BY_MONTH: _cohorts_csv(CohortDimension.MONTH),
    RepeatRateTable.BY_SOURCE: _cohorts_csv(CohortDimension.SOURCE),
    RepeatRateTable.BY_MEDIUM: _cohorts_csv(CohortDimension.MEDIUM),
    RepeatRateTable.BY_CAMPAIGN: _cohorts_csv(CohortDimension.CAMPAIGN),
    RepeatRateTable.BY_CHANNEL: _cohorts_csv(CohortDimension.CHANNEL),
    RepeatRateTable.BY_CATEGORY: _cohorts_csv(CohortDimension.CATEGORY),
    RepeatRateTable.DAYS_TO_SECOND_ORDER: _days_csv,
    RepeatRateTable.REVENUE_PER_CUSTOMER: _revenue_csv,
    RepeatRateTable.PROGRAM_EFFECT: _program_csv,
}


def repeat_rate_csv(
    *, table: RepeatRateTable, start: datetime, end: datetime, now: datetime, zone: str, days: int
) -> str:
    """The table as CSV, for the first buyers (or, PROGRAM_EFFECT, the enrolments) of
    [start, end); `days` is PROGRAM_EFFECT's window."""
    return REPEAT_RATE_TABLES[RepeatRateTable(table)](
        start=start, end=end, now=now, zone=zone, days=days
    )
