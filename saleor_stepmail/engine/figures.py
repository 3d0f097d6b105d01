"""What each figure counts, defined once: every report (engine/analysis.py, engine/stats.py)
builds its statement from here, so the operator page's cards and tables, the CSV exports and
the API cannot disagree on a number.

A figure describes a group of mails: the deliveries sent (state `sent`) with `sent_at` in
[start, end), and everything that followed each of them until now, whenever it came. Each count
is the number of those mails for which one condition holds over the mail's events; revenue
sums the totals of the orders credited to them, per currency. See the FIGURES table.

Rates divide two counts (RATES); revenue per mail divides revenue by `sent`, per currency.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import connection

from ..models import Delivery, DeliveryEvent, Step
from ..vocabulary import DeliveryEventType as Type
from ..vocabulary import DeliveryState

TABLES = {
    "delivery": Delivery._meta.db_table,
    "event": DeliveryEvent._meta.db_table,
    "step": Step._meta.db_table,
}

# A conversion that counts, as SQL over a delivery event `ev`: the order is paid and was not
# cancelled, expired or fully refunded since (engine/attribution.py sets both dates).
PAID_CONVERSION = (
    f"ev.type = '{Type.CONVERTED}' AND ev.paid_at IS NOT NULL AND ev.reversed_at IS NULL"
)
# Its revenue: a conversion whose order total or currency is unknown adds none.
COUNTED_REVENUE = f"{PAID_CONVERSION} AND ev.revenue IS NOT NULL AND ev.currency <> ''"


def _any(*types: Type) -> str:
    return "ev.type IN ({})".format(", ".join(f"'{t}'" for t in types))


# What one mail's events show, each true when at least one of its events `ev` matches.
SIGNS = {
    # The mail reached the mailbox: the provider said so, or the customer opened or clicked it.
    "arrived": _any(Type.DELIVERED, Type.OPENED, Type.CLICKED),
    "bounce": _any(Type.BOUNCED),
    "opened": _any(Type.OPENED, Type.CLICKED),  # a click proves an open the pixel missed
    "clicked": _any(Type.CLICKED),
    "converted": PAID_CONVERSION,
    "unsubscribed": _any(Type.UNSUBSCRIBED),
    "complained": _any(Type.COMPLAINED),
}


@dataclass(frozen=True)
class Figure:
    name: str
    condition: str  # SQL over one sent mail's SIGNS: the mail counts when it holds
    meaning: str  # what counts, in words: the API's description of the field


FIGURES = (
    Figure("sent", "TRUE", "Mails sent in the range: the sample size of every rate."),
    Figure(
        "delivered",
        "arrived OR NOT bounce",
        "Sent mails the provider reported delivered, or that were opened or clicked, or for "
        "which no bounce was reported: a provider without delivery events, a webhook, LINE, a "
        "call task or direct mail counts every mail that did not bounce.",
    ),
    Figure("bounced", "bounce AND NOT arrived", "Sent mails that were not delivered."),
    Figure("opened", "opened", "Sent mails opened or clicked at least once."),
    Figure("clicked", "clicked", "Sent mails clicked at least once."),
    Figure(
        "converted",
        "converted",
        "Sent mails credited with at least one order that is paid and not cancelled, "
        "expired or fully refunded.",
    ),
    Figure("unsubscribed", "unsubscribed", "Sent mails through which the customer unsubscribed."),
    Figure("complained", "complained", "Sent mails reported as spam."),
)
COUNT_NAMES = tuple(figure.name for figure in FIGURES)
REVENUE_MEANING = (
    "The totals of the converted mails' counted orders, per currency (never added across "
    "currencies); an order of unknown total adds none."
)

# name: (numerator, denominator), both counts of FIGURES; 0 when the denominator is.
RATES: dict[str, tuple[str, str]] = {
    "delivery_rate": ("delivered", "sent"),
    "open_rate": ("opened", "delivered"),
    "click_through_rate": ("clicked", "delivered"),
    "click_to_open_rate": ("clicked", "opened"),
    "conversion_rate": ("converted", "delivered"),
}
# Revenue per mail is rounded to this, per currency.
PER_MAIL_QUANTUM = Decimal("0.001")


@dataclass(frozen=True)
class MailFigures:
    sent: int = 0
    delivered: int = 0
    bounced: int = 0
    opened: int = 0
    clicked: int = 0
    converted: int = 0
    unsubscribed: int = 0
    complained: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    def rate(self, name: str) -> float:
        numerator, denominator = RATES[name]
        below = getattr(self, denominator)
        return getattr(self, numerator) / below if below else 0.0

    def revenue_per_mail(self) -> dict[str, Decimal]:
        if not self.sent:
            return {}
        return {
            currency: (total / self.sent).quantize(PER_MAIL_QUANTUM)
            for currency, total in self.revenue.items()
        }


def sent_in_range(*, scenario_id: int | None) -> str:
    """SQL: the delivery `d` (its step `st`) is a mail sent in [%(start)s, %(end)s), of the
    scenario %(scenario)s when one is given."""
    where = f"d.state = '{DeliveryState.SENT}' AND d.sent_at >= %(start)s AND d.sent_at < %(end)s"
    return where + (" AND st.scenario_id = %(scenario)s" if scenario_id is not None else "")


def range_params(*, scenario_id: int | None, start: datetime, end: datetime) -> dict:
    return {"start": start, "end": end, "scenario": scenario_id}


def figures_sql(
    *,
    dims: dict[str, str],
    joins: str,
    where: str,
    grouping: str,
    key: tuple[str, ...],
    key_select: str = "",
) -> str:
    """Every figure per group in one statement, one row per group and currency.

    The mails are the deliveries `d` (with their step `st` and `joins`) matching `where`;
    `dims` are their grouping columns (name: expression), `grouping` the GROUP BY of the counts
    and of the revenue ("{extra}" stands for the revenue's currency), `key` the output columns
    that identify a group and `key_select` how they are selected (default: the key itself).
    """
    dim_select = ", ".join(f"{expression} AS {name}" for name, expression in dims.items())
    key_columns = key
    key = key_select or ", ".join(key)
    same_group = " AND ".join(f"c.{k} IS NOT DISTINCT FROM m.{k}" for k in key_columns)
    signs = ",\n".join(
        f"COALESCE(bool_or({condition}), FALSE) AS {name}" for name, condition in SIGNS.items()
    )
    counts = ",\n".join(
        f"COUNT(*) FILTER (WHERE {figure.condition}) AS {figure.name}" for figure in FIGURES
    )
    return f"""
        WITH mails AS MATERIALIZED (
            SELECT d.id, {dim_select}
            FROM {TABLES["delivery"]} d
            JOIN {TABLES["step"]} st ON st.id = d.step_id
            {joins}
            WHERE {where}
        ),
        signs AS (
            SELECT mails.id, {signs}
            FROM mails LEFT JOIN {TABLES["event"]} ev
                ON ev.delivery_id = mails.id AND ev.type <> '{Type.SENT}'  -- no sign reads it
            GROUP BY mails.id
        ),
        counts AS (
            SELECT {key}, {counts}
            FROM mails JOIN signs USING (id)
            GROUP BY {grouping.format(extra="")}
        ),
        money AS (
            SELECT {key}, ev.currency, SUM(ev.revenue) AS revenue
            FROM mails JOIN {TABLES["event"]} ev
                ON ev.delivery_id = mails.id AND {COUNTED_REVENUE}
            GROUP BY {grouping.format(extra=", ev.currency")}
        )
        SELECT c.*, m.currency, m.revenue
        FROM counts c LEFT JOIN money m ON {same_group}
        ORDER BY {", ".join(f"c.{k} NULLS FIRST" for k in key_columns)}, m.currency
    """


def figures_rows(sql: str, params: dict, key: tuple[str, ...]) -> list[tuple[tuple, MailFigures]]:
    """(group key, figures) in the statement's order, the currency rows of a group folded."""
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
            MailFigures(**{name: row[name] for name in COUNT_NAMES}, revenue=row["revenue"]),
        )
        for group_key, row in groups.items()
    ]
