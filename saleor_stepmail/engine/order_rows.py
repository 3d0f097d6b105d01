"""The shop's order history as rows for the repeat-rate reports (engine/repeat_rate.py).

Each integration provides one SELECT of every non-draft order (Integration.order_rows), which
the reports wrap in their one statement: inside Saleor, Saleor's order tables (adapter/
order_rows.py), orders older than the plugin included; without a shop, the recorded history of
hook events (`recorded_order_rows` below). The columns, in this order:

    order_id text, user_id text ('' for a guest), email text (lower case),
    created_at timestamptz, channel text, currency text, total numeric (NULL: unknown),
    counted boolean (paid, not cancelled, expired or refunded), metadata jsonb (at least the
    acquisition keys of engine/acquisition.py), voucher_code text

and `category`, an SQL expression of an order's category (the category slug of its first
line) over `{order}`, the order's row (a host may add columns to its rows for it): it is asked
of first orders only.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..models import InboundEvent
from ..vocabulary import EventType
from .acquisition import acquisition_metadata
from .storable import ID_CHARS, storable_text

ORDER_COLUMNS = (
    "order_id",
    "user_id",
    "email",
    "created_at",
    "channel",
    "currency",
    "total",
    "counted",
    "metadata",
    "voucher_code",
)
# A recorded order's total: what numeric(20, 6) holds.
MAX_TOTAL = Decimal("1e14")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class OrderRows:
    sql: str  # SELECT of ORDER_COLUMNS, one row per non-draft order
    category: str  # SQL of the category of the order whose row is `{order}`
    params: dict = field(default_factory=dict)  # named parameters of both


def recorded_order_facts(facts: object) -> dict:
    """What a host tells of an order with its order_created, fit to be recorded: `total` (a
    decimal string) and `currency` (ISO 4217) when both are valid, `category` and
    `voucher_code` as text, `metadata` with the acquisition keys only. The rest is dropped."""
    if not isinstance(facts, dict):
        return {}
    kept: dict = {}
    try:
        total = Decimal(str(facts.get("total")))
    except InvalidOperation:
        total = None
    currency = facts.get("currency")
    if (
        total is not None
        and total.is_finite()
        and 0 <= total < MAX_TOTAL
        and isinstance(currency, str)
        and _CURRENCY.fullmatch(currency)
    ):
        kept["total"], kept["currency"] = str(total.quantize(Decimal("0.000001"))), currency
    for name in ("category", "voucher_code"):
        if isinstance(facts.get(name), str) and facts[name]:
            kept[name] = storable_text(facts[name], limit=ID_CHARS)
    metadata = acquisition_metadata(facts.get("metadata"))
    if metadata:
        kept["metadata"] = metadata
    return kept


# The recorded events after which an order no longer counts as paid (in Saleor, the order's
# status or its charge status after a full refund): the reports' and the win-back's one list.
UNCOUNTED_AFTER = (
    EventType.ORDER_CANCELLED,
    EventType.ORDER_EXPIRED,
    EventType.ORDER_FULLY_REFUNDED,
)


def recorded_order_rows() -> OrderRows:
    """The orders the engine's own hook events recorded: created when first recorded, with
    the facts told then; counted once a payment was recorded and while no cancellation,
    expiry or full refund was."""
    table = InboundEvent._meta.db_table
    ended = ", ".join(f"'{kind}'" for kind in UNCOUNTED_AFTER)
    # One pass over the order events gives each order's first record (an order recorded
    # twice is read from its first), whether it was paid and whether it ended; the first
    # record is then read by its id.
    sql = f"""
        SELECT created.order_id, created.user_id, lower(created.email) AS email,
            created.occurred_at AS created_at, created.channel_slug AS channel,
            COALESCE(created.facts ->> 'currency', '') AS currency,
            (created.facts ->> 'total')::numeric AS total,
            (states.paid AND NOT states.ended) AS counted,
            COALESCE(created.facts -> 'metadata', '{{}}'::jsonb) AS metadata,
            COALESCE(created.facts ->> 'voucher_code', '') AS voucher_code,
            COALESCE(created.facts ->> 'category', '') AS recorded_category
        FROM (
            SELECT MIN(id) FILTER (WHERE type = '{EventType.ORDER_CREATED}') AS created_id,
                bool_or(type = '{EventType.ORDER_FULLY_PAID}') AS paid,
                bool_or(type IN ({ended})) AS ended
            FROM {table}
            WHERE type IN ('{EventType.ORDER_CREATED}', '{EventType.ORDER_FULLY_PAID}', {ended})
                AND order_id <> ''
            GROUP BY order_id
        ) states
        JOIN {table} created ON created.id = states.created_id
    """
    return OrderRows(sql=sql, category="{order}.recorded_category")
