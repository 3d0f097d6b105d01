"""When and how mail works: figures per scenario, step and variant, by send weekday and hour,
by how many mails the customer had just had, and per link. Each report is one SQL statement.

Every report follows a cohort: the mails sent in [start, end) (of one scenario, or all), with
everything that followed them until now. What each figure and rate counts is defined once, in
engine/figures.py.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from ..models import Enrollment, Scenario
from .figures import (
    PAID_CONVERSION,
    TABLES,
    MailFigures,
    figures_rows,
    figures_sql,
    range_params,
    sent_in_range,
)

# A customer's mails in the 7 days before a send, counted up to this; more are shown with it.
FREQUENCY_CAP = 10
FREQUENCY_DAYS = 7
# The link report's longest answer: the most clicked links first.
MAX_LINK_ROWS = 1000

_TABLES = {
    **TABLES,
    "enrollment": Enrollment._meta.db_table,
    "scenario": Scenario._meta.db_table,
}
# One customer: the address, else the LINE user (engine.identity.customer_key), else the
# enrolment itself (its customer was erased).
_CUSTOMER = (
    "CASE WHEN e.email <> '' THEN e.email WHEN e.line_user_id <> '' THEN 'line:' || e.line_user_id"
    " ELSE 'enrollment:' || e.id END"
)


@dataclass(frozen=True)
class RateRow:
    level: str  # "scenario", "step" or "variant"
    scenario_id: int
    step_id: int | None
    variant_id: int | None
    figures: MailFigures


@dataclass(frozen=True)
class SendTimeCell:
    weekday: int  # ISO: 1 Monday ... 7 Sunday
    hour: int  # 0-23, local time of the send
    figures: MailFigures


@dataclass(frozen=True)
class FrequencyRow:
    earlier_mails: int  # mails in the 7 days before the send; FREQUENCY_CAP means that many or more
    figures: MailFigures


@dataclass(frozen=True)
class LinkRow:
    scenario_id: int
    step_id: int
    variant_id: int | None
    url: str
    clicks: int
    customers: int  # distinct customers who clicked it
    share: float  # of all clicks on the same step and variant's mails in the cohort
    # Converted mails (engine/figures.py) whose counted order came after a click on this link.
    conversions: int


def _cohort_where(scenario: Scenario | None) -> str:
    return sent_in_range(scenario_id=scenario.pk if scenario else None)


def _params(scenario: Scenario | None, start: datetime, end: datetime) -> dict:
    return range_params(scenario_id=scenario.pk if scenario else None, start=start, end=end)


RATE_KEY = ("scenario_id", "step_id", "variant_id", "level")
# GROUPING(step_id, variant_id): 0 both grouped on, 1 variant rolled up, 3 both rolled up.
_LEVELS = {0: "variant", 1: "step", 3: "scenario"}


def mail_rates(*, scenario: Scenario | None, start: datetime, end: datetime) -> list[RateRow]:
    """Figures per scenario, per step and per step's variant (GROUPING SETS: one statement).

    Steps without variants get no variant rows.
    """
    sql = figures_sql(
        dims={
            "scenario_id": "st.scenario_id",
            "step_id": "d.step_id",
            "variant_id": "d.variant_id",
        },
        joins="",
        where=_cohort_where(scenario),
        grouping="GROUPING SETS ((scenario_id{extra}), (scenario_id, step_id{extra}), "
        "(scenario_id, step_id, variant_id{extra}))",
        key=RATE_KEY,
        key_select="scenario_id, step_id, variant_id, GROUPING(step_id, variant_id) AS level",
    )
    rows = []
    for (scenario_id, step_id, variant_id, level), figures in figures_rows(
        sql, _params(scenario, start, end), RATE_KEY
    ):
        if _LEVELS[level] == "variant" and variant_id is None:
            continue
        rows.append(RateRow(_LEVELS[level], scenario_id, step_id, variant_id, figures))
    return rows


def send_time_stats(
    *, scenario: Scenario | None, start: datetime, end: datetime
) -> list[SendTimeCell]:
    """Figures per ISO weekday and hour of the send, in the customer's time zone when the
    enrolment's facts name a valid one (customer.timezone), else the scenario's. Only the
    cells with mails are returned."""
    local = "timezone(COALESCE(zone.name, sc.timezone), d.sent_at)"
    sql = figures_sql(
        dims={
            "weekday": f"EXTRACT(ISODOW FROM {local})::int",
            "hour": f"EXTRACT(HOUR FROM {local})::int",
        },
        joins=f"""
            JOIN {_TABLES["scenario"]} sc ON sc.id = st.scenario_id
            JOIN {_TABLES["enrollment"]} e ON e.id = d.enrollment_id
            LEFT JOIN (SELECT name FROM pg_timezone_names) zone
                ON zone.name = e.context #>> '{{customer,timezone}}'
        """,
        where=_cohort_where(scenario),
        grouping="weekday, hour{extra}",
        key=("weekday", "hour"),
    )
    return [
        SendTimeCell(weekday, hour, figures)
        for (weekday, hour), figures in figures_rows(
            sql, _params(scenario, start, end), ("weekday", "hour")
        )
    ]


def frequency_stats(
    *, scenario: Scenario | None, start: datetime, end: datetime
) -> list[FrequencyRow]:
    """Figures by how many step mails (any scenario) the customer was sent in the 7 days
    before each mail of the cohort, capped at FREQUENCY_CAP."""
    earlier = f"""
        JOIN (
            SELECT d.id, COUNT(*) OVER (
                PARTITION BY {_CUSTOMER} ORDER BY d.sent_at
                RANGE BETWEEN INTERVAL '{FREQUENCY_DAYS} days' PRECEDING AND CURRENT ROW
                EXCLUDE CURRENT ROW
            ) AS earlier
            FROM {_TABLES["delivery"]} d
            JOIN {_TABLES["enrollment"]} e ON e.id = d.enrollment_id
            WHERE d.state = 'sent' AND d.sent_at >= %(since)s AND d.sent_at < %(end)s
        ) sends ON sends.id = d.id
    """
    sql = figures_sql(
        dims={"earlier_mails": f"LEAST(sends.earlier, {FREQUENCY_CAP})"},
        joins=earlier,
        where=_cohort_where(scenario),
        grouping="earlier_mails{extra}",
        key=("earlier_mails",),
    )
    params = {**_params(scenario, start, end), "since": start - timedelta(days=FREQUENCY_DAYS)}
    return [
        FrequencyRow(earlier_mails, figures)
        for (earlier_mails,), figures in figures_rows(sql, params, ("earlier_mails",))
    ]


def link_stats(*, scenario: Scenario | None, start: datetime, end: datetime) -> list[LinkRow]:
    """Per step, variant and clicked URL of the cohort's mails: clicks, distinct customers,
    share of the mail's clicks and the mails converted after a click on it; most clicked first,
    at most MAX_LINK_ROWS rows. Clicks whose URL was erased with their customer count as ''."""
    sql = f"""
        WITH clicks AS MATERIALIZED (
            SELECT d.id, st.scenario_id, d.step_id, d.variant_id, {_CUSTOMER} AS customer,
                COALESCE(ev.metadata ->> 'url', '') AS url, ev.occurred_at
            FROM {_TABLES["delivery"]} d
            JOIN {_TABLES["step"]} st ON st.id = d.step_id
            JOIN {_TABLES["enrollment"]} e ON e.id = d.enrollment_id
            JOIN {_TABLES["event"]} ev ON ev.delivery_id = d.id AND ev.type = 'clicked'
            WHERE {_cohort_where(scenario)}
        ),
        links AS (
            SELECT scenario_id, step_id, variant_id, url, COUNT(*) AS clicks,
                COUNT(DISTINCT customer) AS customers
            FROM clicks GROUP BY scenario_id, step_id, variant_id, url
        ),
        first_clicks AS (
            SELECT id, step_id, variant_id, url, MIN(occurred_at) AS clicked_at
            FROM clicks GROUP BY id, step_id, variant_id, url
        ),
        converted AS (
            SELECT f.step_id, f.variant_id, f.url, COUNT(DISTINCT f.id) AS conversions
            FROM first_clicks f
            JOIN {_TABLES["event"]} ev ON ev.delivery_id = f.id AND {PAID_CONVERSION}
                AND ev.occurred_at >= f.clicked_at
            GROUP BY f.step_id, f.variant_id, f.url
        )
        SELECT l.scenario_id, l.step_id, l.variant_id, l.url, l.clicks, l.customers,
            l.clicks::float / SUM(l.clicks) OVER (PARTITION BY l.step_id, l.variant_id) AS share,
            COALESCE(c.conversions, 0) AS conversions
        FROM links l
        LEFT JOIN converted c ON c.step_id = l.step_id
            AND c.variant_id IS NOT DISTINCT FROM l.variant_id AND c.url = l.url
        ORDER BY l.clicks DESC, l.step_id, l.variant_id NULLS FIRST, l.url
        LIMIT {MAX_LINK_ROWS}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(scenario, start, end))
        return [LinkRow(*row) for row in cursor.fetchall()]
