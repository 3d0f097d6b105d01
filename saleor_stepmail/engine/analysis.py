"""When and how mail works: rates per scenario, step and variant, by send weekday and hour, by
how many mails the customer had just had, and per link. Each report is one SQL statement.

Every report follows a cohort: the mails sent in [start, end) (of one scenario, or all), with
everything that followed them until now. For each mail:

- delivered: sent and not bounced (providers without delivery webhooks still give a rate);
- opened, clicked: at least one open or click of the mail (five opens are one open);
- converted: at least one order credited to the mail that is paid and not reversed
  (engine/attribution.py), and revenue sums those orders' totals per currency.

Rates: CTR = clicked / delivered, click-to-open = clicked / opened, CVR = converted /
delivered, revenue per mail = revenue / sent, each with its sample size (`sent`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection

from ..models import Delivery, DeliveryEvent, Enrollment, Scenario, Step

# A customer's mails in the 7 days before a send, counted up to this; more are shown with it.
FREQUENCY_CAP = 10
FREQUENCY_DAYS = 7
# The link report's longest answer: the most clicked links first.
MAX_LINK_ROWS = 1000

_TABLES = {
    "delivery": Delivery._meta.db_table,
    "event": DeliveryEvent._meta.db_table,
    "enrollment": Enrollment._meta.db_table,
    "scenario": Scenario._meta.db_table,
    "step": Step._meta.db_table,
}
_PAID = "ev.type = 'converted' AND ev.paid_at IS NOT NULL AND ev.reversed_at IS NULL"
# One customer: the address, else the LINE user (engine.identity.customer_key), else the
# enrolment itself (its customer was erased).
_CUSTOMER = (
    "CASE WHEN e.email <> '' THEN e.email WHEN e.line_user_id <> '' THEN 'line:' || e.line_user_id"
    " ELSE 'enrollment:' || e.id END"
)


@dataclass(frozen=True)
class MailFigures:
    sent: int
    delivered: int
    opened: int
    clicked: int
    converted: int
    # Paid, not reversed order totals, per currency: currencies are never added together.
    revenue: dict[str, Decimal] = field(default_factory=dict)

    @property
    def click_through_rate(self) -> float:
        return self.clicked / self.delivered if self.delivered else 0.0

    @property
    def click_to_open_rate(self) -> float:
        return self.clicked / self.opened if self.opened else 0.0

    @property
    def conversion_rate(self) -> float:
        return self.converted / self.delivered if self.delivered else 0.0

    @property
    def open_rate(self) -> float:
        return self.opened / self.delivered if self.delivered else 0.0

    def revenue_per_mail(self) -> dict[str, Decimal]:
        if not self.sent:
            return {}
        return {
            currency: (total / self.sent).quantize(Decimal("0.001"))
            for currency, total in self.revenue.items()
        }


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
    conversions: int  # paid orders credited to a mail after a click on this link in it


def _cohort_where(scenario: Scenario | None) -> str:
    where = "d.state = 'sent' AND d.sent_at >= %(start)s AND d.sent_at < %(end)s"
    return where + (" AND st.scenario_id = %(scenario)s" if scenario is not None else "")


def _params(scenario: Scenario | None, start: datetime, end: datetime) -> dict:
    return {"start": start, "end": end, "scenario": scenario.pk if scenario else None}


def _figures_sql(
    *,
    dims: dict[str, str],
    joins: str,
    where: str,
    grouping: str,
    key: tuple[str, ...],
    key_select: str = "",
) -> str:
    """Counts and revenue per group in one statement, one row per group and currency.

    `dims` are the cohort's grouping columns (name: expression), `grouping` the GROUP BY of
    both aggregates ("{extra}" stands for the revenue's currency), `key` the output columns
    that identify a group and `key_select` how they are selected (default: the key itself).
    """
    dim_select = ", ".join(f"{expression} AS {name}" for name, expression in dims.items())
    key_columns = key
    key = key_select or ", ".join(key)
    same_group = " AND ".join(f"c.{k} IS NOT DISTINCT FROM m.{k}" for k in key_columns)
    return f"""
        WITH cohort AS MATERIALIZED (
            SELECT d.id, {dim_select}
            FROM {_TABLES["delivery"]} d
            JOIN {_TABLES["step"]} st ON st.id = d.step_id
            {joins}
            WHERE {where}
        ),
        flags AS (
            SELECT ev.delivery_id AS id,
                bool_or(ev.type = 'bounced') AS bounced,
                bool_or(ev.type = 'opened') AS opened,
                bool_or(ev.type = 'clicked') AS clicked,
                bool_or({_PAID}) AS converted
            FROM {_TABLES["event"]} ev JOIN cohort ON cohort.id = ev.delivery_id
            WHERE ev.type IN ('bounced', 'opened', 'clicked', 'converted')
            GROUP BY ev.delivery_id
        ),
        counts AS (
            SELECT {key}, COUNT(*) AS sent,
                COUNT(*) FILTER (WHERE flags.bounced IS NOT TRUE) AS delivered,
                COUNT(*) FILTER (WHERE flags.opened) AS opened,
                COUNT(*) FILTER (WHERE flags.clicked) AS clicked,
                COUNT(*) FILTER (WHERE flags.converted) AS converted
            FROM cohort LEFT JOIN flags USING (id)
            GROUP BY {grouping.format(extra="")}
        ),
        money AS (
            SELECT {key}, ev.currency, SUM(ev.revenue) AS revenue
            FROM cohort JOIN {_TABLES["event"]} ev ON ev.delivery_id = cohort.id AND {_PAID}
            WHERE ev.revenue IS NOT NULL
            GROUP BY {grouping.format(extra=", ev.currency")}
        )
        SELECT c.*, m.currency, m.revenue
        FROM counts c LEFT JOIN money m ON {same_group}
        ORDER BY {", ".join(f"c.{k} NULLS FIRST" for k in key_columns)}, m.currency
    """


def _figures_rows(sql: str, params: dict, key: Iterable[str]) -> list[tuple[tuple, MailFigures]]:
    """(group key, figures) in the query's order, the currency rows of a group folded."""
    key = tuple(key)
    groups: dict[tuple, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            group = groups.setdefault(tuple(row[k] for k in key), {**row, "revenue": {}})
            if row["currency"] is not None and row["revenue"] is not None:
                group["revenue"][row["currency"]] = row["revenue"]
    return [
        (
            group_key,
            MailFigures(
                sent=row["sent"],
                delivered=row["delivered"],
                opened=row["opened"],
                clicked=row["clicked"],
                converted=row["converted"],
                revenue=row["revenue"],
            ),
        )
        for group_key, row in groups.items()
    ]


RATE_KEY = ("scenario_id", "step_id", "variant_id", "level")
# GROUPING(step_id, variant_id): 0 both grouped on, 1 variant rolled up, 3 both rolled up.
_LEVELS = {0: "variant", 1: "step", 3: "scenario"}


def mail_rates(*, scenario: Scenario | None, start: datetime, end: datetime) -> list[RateRow]:
    """Figures per scenario, per step and per step's variant (GROUPING SETS: one statement).

    Steps without variants get no variant rows.
    """
    sql = _figures_sql(
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
    for (scenario_id, step_id, variant_id, level), figures in _figures_rows(
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
    sql = _figures_sql(
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
        for (weekday, hour), figures in _figures_rows(
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
    sql = _figures_sql(
        dims={"earlier_mails": f"LEAST(sends.earlier, {FREQUENCY_CAP})"},
        joins=earlier,
        where=_cohort_where(scenario),
        grouping="earlier_mails{extra}",
        key=("earlier_mails",),
    )
    params = {**_params(scenario, start, end), "since": start - timedelta(days=FREQUENCY_DAYS)}
    return [
        FrequencyRow(earlier_mails, figures)
        for (earlier_mails,), figures in _figures_rows(sql, params, ("earlier_mails",))
    ]


def link_stats(*, scenario: Scenario | None, start: datetime, end: datetime) -> list[LinkRow]:
    """Per step, variant and clicked URL of the cohort's mails: clicks, distinct customers,
    share of the mail's clicks and paid conversions after a click on it; most clicked first,
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
            SELECT f.step_id, f.variant_id, f.url, COUNT(*) AS conversions
            FROM first_clicks f
            JOIN {_TABLES["event"]} ev ON ev.delivery_id = f.id AND {_PAID}
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
