"""The analysis tables as CSV for Excel, written as every CSV is (api/csv_export.py).

One row per table row. Every table of mails has the same columns: each figure and rate of
engine/figures.py under its own name, then money in one column per currency found
(revenue_JPY, revenue_USD...), so that no column adds currencies together. Rates are fractions
(0.25 is 25%).
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from django.db import models

from ..engine.analysis import (
    FREQUENCY_CAP,
    frequency_stats,
    link_stats,
    mail_rates,
    send_time_stats,
)
from ..engine.figures import COUNT_NAMES, RATES, MailFigures
from ..engine.stats import holdout_lift, step_stats
from ..models import Scenario, Step, Variant
from .csv_export import csv_text
from .errors import ErrorCode, InputError, Problem


class ReportTable(models.TextChoices):
    STEP_STATS = "step_stats"
    VARIANT_STATS = "variant_stats"
    RATES = "rates"
    SEND_TIME = "send_time"
    FREQUENCY = "frequency"
    LINKS = "links"
    HOLDOUT = "holdout"


# The tables that compare a scenario's own steps or groups: they need a scenario.
SCENARIO_TABLES = {ReportTable.STEP_STATS, ReportTable.VARIANT_STATS, ReportTable.HOLDOUT}
# Every figure and rate of engine/figures.py, under its own name.
FIGURE_COLUMNS = (*COUNT_NAMES, *RATES)


def _currencies(amounts: Iterable[dict[str, Decimal]]) -> list[str]:
    return sorted({currency for money in amounts for currency in money})


def _money(amounts: dict[str, Decimal], currencies: list[str]) -> list:
    return [amounts.get(currency, Decimal(0)) for currency in currencies]


def _figures_table(labels: tuple[str, ...], rows: list[tuple[list, MailFigures]]) -> str:
    """One line per (label values, figures): the labels, every figure, money per currency."""
    currencies = _currencies(figures.revenue for _, figures in rows)
    header = (
        *labels,
        *FIGURE_COLUMNS,
        *(f"revenue_{c}" for c in currencies),
        *(f"revenue_per_mail_{c}" for c in currencies),
    )
    lines = (
        [
            *values,
            *(getattr(figures, name) for name in COUNT_NAMES),
            *(figures.rate(name) for name in RATES),
            *_money(figures.revenue, currencies),
            *_money(figures.revenue_per_mail(), currencies),
        ]
        for values, figures in rows
    )
    return csv_text(header, lines)


def _names(rows, attribute: str, model) -> dict:
    return model.objects.in_bulk({getattr(row, attribute) for row in rows} - {None})


def _rates_csv(scenario, start, end) -> str:
    rows = mail_rates(scenario=scenario, start=start, end=end)
    scenarios = _names(rows, "scenario_id", Scenario)
    steps, variants = _names(rows, "step_id", Step), _names(rows, "variant_id", Variant)

    def label(row) -> list:
        step, variant = steps.get(row.step_id), variants.get(row.variant_id)
        return [
            row.level,
            scenarios[row.scenario_id].slug,
            step.position + 1 if step else "",
            step.name if step else "",
            variant.name if variant else "",
        ]

    return _figures_table(
        ("level", "scenario", "step", "step_name", "variant"),
        [(label(row), row.figures) for row in rows],
    )


def _send_time_csv(scenario, start, end) -> str:
    rows = send_time_stats(scenario=scenario, start=start, end=end)
    return _figures_table(
        ("weekday", "hour"), [([row.weekday, row.hour], row.figures) for row in rows]
    )


def _frequency_csv(scenario, start, end) -> str:
    rows = frequency_stats(scenario=scenario, start=start, end=end)

    def label(n: int) -> str | int:
        return f"{n}+" if n == FREQUENCY_CAP else n

    return _figures_table(
        ("mails_in_previous_7_days",),
        [([label(row.earlier_mails)], row.figures) for row in rows],
    )


def _links_csv(scenario, start, end) -> str:
    rows = link_stats(scenario=scenario, start=start, end=end)
    steps, variants = _names(rows, "step_id", Step), _names(rows, "variant_id", Variant)
    header = ("step", "step_name", "variant", "url", "clicks", "customers", "share", "conversions")
    return csv_text(
        header,
        (
            [
                steps[row.step_id].position + 1,
                steps[row.step_id].name,
                variants[row.variant_id].name if row.variant_id in variants else "",
                row.url,
                row.clicks,
                row.customers,
                row.share,
                row.conversions,
            ]
            for row in rows
        ),
    )


def _step_stats_csv(scenario, start, end) -> str:
    rows = step_stats(scenario=scenario, start=start, end=end)
    return _figures_table(
        ("step", "step_name"), [([row.position + 1, row.name], row.figures) for row in rows]
    )


def _variant_stats_csv(scenario, start, end) -> str:
    rows = [
        (
            [step.position + 1, step.name, variant.name, step.winner == variant],
            variant.figures,
        )
        for step in step_stats(scenario=scenario, start=start, end=end)
        for variant in step.variants
    ]
    return _figures_table(("step", "step_name", "variant", "winner"), rows)


def _holdout_csv(scenario, start, end) -> str:
    result = holdout_lift(scenario=scenario, start=start, end=end)
    groups = (("treated", result.treated), ("holdout", result.holdout))
    currencies = _currencies([result.treated.revenue, result.holdout.revenue])
    header = (
        "group",
        "enrollments",
        "converted",
        "conversion_rate",
        *(f"revenue_{c}" for c in currencies),
        *(f"revenue_per_enrollment_{c}" for c in currencies),
    )
    rows = [
        [
            name,
            group.enrollments,
            group.converted,
            group.conversion_rate,
            *_money(group.revenue, currencies),
            *_money(group.revenue_per_enrollment(), currencies),
        ]
        for name, group in groups
    ]
    if result.lift is not None:
        blank = [""] * len(currencies)
        rows += [
            ["lift", "", "", result.lift, *blank, *_money(result.revenue_lift, currencies)],
            ["lift_low", "", "", result.lift_low, *blank, *blank],
            ["lift_high", "", "", result.lift_high, *blank, *blank],
        ]
    return csv_text(header, rows)


REPORTS: dict[ReportTable, Callable[[Scenario | None, datetime, datetime], str]] = {
    ReportTable.STEP_STATS: _step_stats_csv,
    ReportTable.VARIANT_STATS: _variant_stats_csv,
    ReportTable.RATES: _rates_csv,
    ReportTable.SEND_TIME: _send_time_csv,
    ReportTable.FREQUENCY: _frequency_csv,
    ReportTable.LINKS: _links_csv,
    ReportTable.HOLDOUT: _holdout_csv,
}


def report_csv(
    *, table: ReportTable, scenario: Scenario | None, start: datetime, end: datetime
) -> str:
    """The table as CSV; the per-scenario tables refuse to run without a scenario."""
    table = ReportTable(table)
    if scenario is None and table in SCENARIO_TABLES:
        raise InputError(
            [Problem("scenario", f"The {table.value} table needs a scenario.", ErrorCode.REQUIRED)]
        )
    return REPORTS[table](scenario, start, end)
