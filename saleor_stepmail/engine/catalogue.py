"""The catalogue of facts: every fact a mail, a condition or a channel reads, in one table.

Each fact has a name (a dotted path into the message context), a type, where it comes from
and an example. The conditions check a step against it when the step is saved, the operator
page lists it in its condition editor (the `stepmailFacts` query), docs/scenarios.md shows it
as a table (`facts_table()`, a test compares them), and the Saleor tests read each fact from
Saleor's own objects.

Names ending in `.<key>` stand for a family: `customer.metadata.<key>` is any key of the
customer's public metadata, `customer.default_shipping_address.<field>` one of Saleor's
address fields.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NUMBER, MONEY, STRING, LIST, BOOL, DATE = "number", "money", "string", "list", "bool", "date"
TYPES = (NUMBER, MONEY, STRING, LIST, BOOL, DATE)
KEY = "<key>"
FIELD = "<field>"

# Saleor's Address fields, which call tasks and direct mail copy as they are.
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "postal_code",
    "country",
    "country_area",
    "city",
    "city_area",
    "street_address_1",
    "street_address_2",
    "phone",
)
ENGINE_NAMESPACE = "previous_step"


def _lines(context: dict) -> list[dict]:
    lines = (context.get("order") or {}).get("lines") or []
    return [line for line in lines if isinstance(line, dict)]


def _collect(key: str) -> Callable[[dict], list]:
    """Every value of `key` over the order's lines; a line's value may itself be a list."""

    def collect(context: dict) -> list:
        found: list = []
        for line in _lines(context):
            value = line.get(key)
            values = value if isinstance(value, list) else [value]
            found.extend(v for v in values if v not in (None, "") and v not in found)
        return found

    return collect


def _reorder_in_days(context: dict) -> float | None:
    """Days until the first product bought runs out: the integration's figure, or else the
    shortest consumption_days x quantity over the lines (standalone shops put them there)."""
    given = (context.get("order") or {}).get("reorder_in_days")
    if isinstance(given, int | float) and not isinstance(given, bool):
        return given
    spans = [
        line["consumption_days"] * line.get("quantity", 1)
        for line in _lines(context)
        if isinstance(line.get("consumption_days"), int | float)
        and isinstance(line.get("quantity", 1), int | float)
    ]
    return min(spans) if spans else None


@dataclass(frozen=True)
class Fact:
    name: str
    type: str
    source: str
    example: Any
    # Derived facts compute their value from the context (order.product_ids from the lines);
    # engine/context.py puts it at the fact's path, where every fact is read.
    derive: Callable[[dict], Any] | None = None
    # For a family (a name ending in .<field>): the keys it allows; None allows any key.
    keys: tuple[str, ...] | None = None

    @property
    def family(self) -> bool:
        return self.name.endswith((f".{KEY}", f".{FIELD}"))

    @property
    def prefix(self) -> str:
        return self.name.rsplit(".", 1)[0] + "." if self.family else self.name


SHOP = "Saleor: "
_ADDRESS_EXAMPLE = "street_address_1 → 1-2-3 Uji"

CATALOGUE: tuple[Fact, ...] = (
    Fact("customer.email", STRING, "the enrolment's address", "hana@example.jp"),
    Fact("customer.first_name", STRING, SHOP + "User.first_name, else the order's billing", "Hana"),
    Fact("customer.last_name", STRING, SHOP + "User.last_name, else the order's billing", "Sato"),
    Fact(
        "customer.phone",
        STRING,
        SHOP + "the account's default billing phone, else default shipping's, else the "
        "order's billing phone, else its shipping phone",
        "+81752001234",
    ),
    Fact(
        "customer.language_code",
        STRING,
        SHOP + "User.language_code, else Order.language_code, lower case",
        "ja",
    ),
    Fact(
        "customer.orders_count",
        NUMBER,
        SHOP + "orders placed (non-draft, not cancelled, not expired), any channel",
        3,
    ),
    Fact(
        "customer.lifetime_spend",
        MONEY,
        SHOP + "gross total of paid, non-draft, non-cancelled orders in the channel's currency",
        {"amount": "24000", "currency": "JPY"},
    ),
    Fact("customer.first_order_at", DATE, SHOP + "the first such order's creation", "2025-04-01"),
    Fact("customer.last_order_at", DATE, SHOP + "the latest such order's creation", "2026-11-20"),
    Fact(
        f"customer.default_shipping_address.{FIELD}",
        STRING,
        SHOP + "User.default_shipping_address, Saleor's field names",
        _ADDRESS_EXAMPLE,
        keys=ADDRESS_FIELDS,
    ),
    Fact(
        f"customer.default_billing_address.{FIELD}",
        STRING,
        SHOP + "User.default_billing_address, Saleor's field names",
        _ADDRESS_EXAMPLE,
        keys=ADDRESS_FIELDS,
    ),
    Fact(
        f"customer.metadata.{KEY}",
        STRING,
        SHOP + "the customer's public metadata (private metadata never)",
        "定期 → yes",
    ),
    Fact("order.id", STRING, SHOP + "Order id (a UUID)", "8d7c…"),
    Fact("order.number", STRING, SHOP + "Order.number", "1042"),
    Fact("order.created_at", DATE, SHOP + "Order.created_at", "2026-11-20T10:00:00+09:00"),
    Fact("order.status", STRING, SHOP + "Order.status", "unfulfilled"),
    Fact("order.charge_status", STRING, SHOP + "Order.charge_status", "full"),
    Fact("order.authorize_status", STRING, SHOP + "Order.authorize_status", "none"),
    Fact(
        "order.total",
        MONEY,
        SHOP + "Order.total_gross (conditions compare the amount)",
        {"amount": "49.90", "currency": "USD"},
    ),
    Fact("order.total.amount", NUMBER, "the amount of order.total", 49.9),
    Fact("order.subtotal", MONEY, SHOP + "Order.subtotal_gross", {"amount": "44.90"}),
    Fact("order.shipping_price", MONEY, SHOP + "Order.shipping_price_gross", {"amount": "5.00"}),
    Fact(
        "order.product_ids",
        LIST,
        SHOP + "the lines' products as global ids (the Dashboard's)",
        ["UHJvZHVjdDo3Mg=="],
        _collect("product_id"),
    ),
    Fact(
        "order.variant_ids",
        LIST,
        SHOP + "the lines' variants as global ids",
        ["UHJvZHVjdFZhcmlhbnQ6MjA0"],
        _collect("variant_id"),
    ),
    Fact(
        "order.categories",
        LIST,
        SHOP + "category slugs of the lines' products",
        ["green-tea"],
        _collect("category"),
    ),
    Fact(
        "order.category_names",
        LIST,
        SHOP + "category names of the lines' products",
        ["Green tea"],
        _collect("category_name"),
    ),
    Fact(
        "order.collections",
        LIST,
        SHOP + "collection slugs of the lines' products",
        ["autumn"],
        _collect("collections"),
    ),
    Fact(
        "order.collection_names",
        LIST,
        SHOP + "collection names of the lines' products",
        ["Autumn"],
        _collect("collection_names"),
    ),
    Fact(
        "order.payment_method",
        STRING,
        SHOP + "the payment's method type or the transaction's name (card, bank transfer...)",
        "card",
    ),
    Fact(
        "order.payment_gateway",
        STRING,
        SHOP + "the payment's gateway or the transaction's app",
        "mirumee.payments.dummy",
    ),
    Fact(
        "order.payment_due_at",
        DATE,
        SHOP + "Order.created_at + the channel's expireOrdersAfter, else + payment_due_days",
        "2026-11-27T10:00:00+00:00",
    ),
    Fact(
        "order.payment_due_in_days",
        NUMBER,
        SHOP + "days from the order to order.payment_due_at (the unpaid reminders' timing)",
        7,
    ),
    Fact(
        "order.expires_at",
        DATE,
        SHOP + "when Saleor expires the unpaid order (the channel's expireOrdersAfter)",
        "2026-11-23T10:00:00+00:00",
    ),
    Fact(
        "order.reorder_in_days",
        NUMBER,
        SHOP + "shortest consumption_days (product public metadata) × quantity over the lines",
        30,
        _reorder_in_days,
    ),
    Fact(
        f"order.shipping_address.{FIELD}",
        STRING,
        SHOP + "Order.shipping_address, Saleor's field names",
        _ADDRESS_EXAMPLE,
        keys=ADDRESS_FIELDS,
    ),
    Fact(
        f"order.billing_address.{FIELD}",
        STRING,
        SHOP + "Order.billing_address, Saleor's field names",
        _ADDRESS_EXAMPLE,
        keys=ADDRESS_FIELDS,
    ),
    Fact(
        f"order.metadata.{KEY}",
        STRING,
        SHOP + "the order's public metadata (private metadata never)",
        "gift → true",
    ),
    Fact(
        "cart.total",
        MONEY,
        "the abandoned checkout's lines",
        {"amount": "30.00", "currency": "USD"},
    ),
    Fact(
        "line_user_id",
        STRING,
        "the LINE user the enrolment reaches, unless blocked (docs/line.md)",
        "U4af4980629…",
    ),
    Fact("customer.line_user_id", STRING, "the same, passed on by webhook steps", "U4af4980629…"),
    Fact("line.display_name", STRING, "LINE: the user's display name", "はな"),
    Fact("line.blocked", BOOL, "LINE: the user blocked the shop's official account", False),
    Fact("channel", STRING, "the enrolment's channel slug", "default-channel"),
    Fact(
        f"{ENGINE_NAMESPACE}.sent",
        BOOL,
        "the engine: an earlier step of the enrolment sent its message",
        True,
    ),
    Fact(
        f"{ENGINE_NAMESPACE}.opened",
        BOOL,
        "the engine: the last message sent to the enrolment was opened (a click counts)",
        False,
    ),
    Fact(
        f"{ENGINE_NAMESPACE}.clicked",
        BOOL,
        "the engine: a link in the last message sent was clicked",
        False,
    ),
)

FACTS: dict[str, Fact] = {fact.name: fact for fact in CATALOGUE if not fact.family}
FAMILIES: tuple[Fact, ...] = tuple(fact for fact in CATALOGUE if fact.family)


def fact_lookup(name: str) -> Fact | None:
    """The catalogue's entry for `name` (a family's for customer.metadata.<key>); None if none."""
    if name in FACTS:
        return FACTS[name]
    for family in FAMILIES:
        key = name.removeprefix(family.prefix)
        in_family = name.startswith(family.prefix) and key and "." not in key
        if in_family and (family.keys is None or key in family.keys):
            return family
    return None


def _cell(value: Any) -> str:
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items())
    elif isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value).replace("|", "\\|")


def facts_table() -> str:
    """The catalogue as the Markdown table docs/scenarios.md shows."""
    rows = ["| fact | type | from | example |", "| --- | --- | --- | --- |"]
    rows += [
        f"| `{f.name}` | {f.type} | {_cell(f.source)} | {_cell(f.example)} |" for f in CATALOGUE
    ]
    return "\n".join(rows) + "\n"
