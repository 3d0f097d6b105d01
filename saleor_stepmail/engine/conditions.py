"""Step conditions: data, validated in one place and evaluated in one place.

A step's `conditions` is a list of {"fact": "customer.orders_count", "op": "gte", "value": 3};
all must hold. A fact is one of three kinds, listed in FACTS (the schema the API checks and the
README documents):

- a *typed fact* the integration puts in the enrolment's context (customer.orders_count,
  customer.lifetime_spend, order.total.amount...): its type decides which operators fit;
- a *derived fact* computed here from the context, so that every condition and every delay
  reads it the same way (order.product_ids from order.lines[].product_id, channel...);
- an *engine fact* (previous_step.opened...) that the dispatcher computes from DeliveryEvents,
  a chunk at a time (engine/facts.py), and passes in under its own name.

Any other dotted path inside the context's namespaces (order.*, customer.*, checkout.*,
cart.*, shop.*) is an untyped fact: metadata such as customer.metadata.subscription reads so.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NUMBER, TEXT, BOOLEAN, LIST, ANY = "number", "text", "boolean", "list", "any"

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda fact, value: fact in value,
    "not_in": lambda fact, value: fact not in value,
    "contains": lambda fact, value: value in (fact or ()),
    "contains_any": lambda fact, value: bool(set(fact or ()) & set(value)),
    "exists": lambda fact, value: (fact is not None) == bool(value),
}

# Which operators make sense for a type; ANY allows all of them.
OPERATORS_FOR_TYPE: dict[str, set[str]] = {
    NUMBER: {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists"},
    TEXT: {"eq", "ne", "in", "not_in", "exists"},
    BOOLEAN: {"eq", "ne", "exists"},
    LIST: {"contains", "contains_any", "exists"},
    ANY: set(OPERATORS),
}
LIST_VALUED = {"in", "not_in", "contains_any"}


def _lines(context: dict) -> list[dict]:
    lines = (context.get("order") or {}).get("lines") or []
    return [line for line in lines if isinstance(line, dict)]


def _collect(context: dict, key: str) -> list:
    """Every value of `key` over the order's lines; a line's value may itself be a list."""
    found: list = []
    for line in _lines(context):
        value = line.get(key)
        values = value if isinstance(value, list) else [value]
        found.extend(v for v in values if v not in (None, "") and v not in found)
    return found


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
    type: str
    description: str
    # Derived facts compute their value from the context; the others are read by path.
    derive: Callable[[dict], Any] | None = None


FACTS: dict[str, Fact] = {
    "customer.orders_count": Fact(NUMBER, "orders the customer has placed, this one included"),
    "customer.lifetime_spend": Fact(NUMBER, "the customer's gross spend so far"),
    "customer.email": Fact(TEXT, "the customer's address"),
    "order.total.amount": Fact(NUMBER, "the trigger order's gross total"),
    "order.product_ids": Fact(
        LIST, "product ids of the order's lines", lambda c: _collect(c, "product_id")
    ),
    "order.categories": Fact(
        LIST, "category slugs of the order's lines", lambda c: _collect(c, "category")
    ),
    "order.collections": Fact(
        LIST, "collection slugs of the order's lines", lambda c: _collect(c, "collections")
    ),
    "order.reorder_in_days": Fact(
        NUMBER, "days until a product bought runs out (delay_fact)", _reorder_in_days
    ),
    "channel": Fact(TEXT, "the enrolment's channel slug", lambda c: c.get("channel")),
    "previous_step.sent": Fact(BOOLEAN, "an earlier step of the enrolment sent its message"),
    "previous_step.opened": Fact(BOOLEAN, "the last message sent to the enrolment was opened"),
    "previous_step.clicked": Fact(BOOLEAN, "a link in the last message sent was clicked"),
}
ENGINE_NAMESPACE = "previous_step"
# Context namespaces any dotted path may read (metadata lives here: customer.metadata.<key>).
OPEN_NAMESPACES = ("order", "customer", "checkout", "cart", "shop")


def _fact_problem(fact: str) -> str | None:
    if fact in FACTS:
        return None
    if fact.split(".", 1)[0] in OPEN_NAMESPACES and "." in fact:
        return None
    engine = ", ".join(f for f in FACTS if f.startswith(ENGINE_NAMESPACE))
    return (
        f"unknown fact {fact!r}: use {engine}, channel, or a path under "
        f"{', '.join(OPEN_NAMESPACES)} (e.g. customer.metadata.subscription)"
    )


def validate_conditions(conditions: Any) -> list[str]:
    """Messages saying what is wrong with `conditions`; empty when they are valid."""
    if not isinstance(conditions, list):
        return ["conditions must be a list of {fact, op, value} objects"]
    problems = []
    for index, condition in enumerate(conditions):
        where = f"condition {index + 1}"
        if not isinstance(condition, dict) or set(condition) != {"fact", "op", "value"}:
            problems.append(f"{where}: needs exactly the keys fact, op and value")
            continue
        fact, op = condition["fact"], condition["op"]
        if not isinstance(fact, str) or not fact:
            problems.append(f"{where}: fact must be a dotted name such as order.total.amount")
            continue
        if op not in OPERATORS:
            problems.append(f"{where}: op must be one of {', '.join(OPERATORS)}")
            continue
        if op in LIST_VALUED and not isinstance(condition["value"], list):
            problems.append(f"{where}: {op} needs a list value")
        fact_problem = _fact_problem(fact)
        if fact_problem:
            problems.append(f"{where}: {fact_problem}")
            continue
        kind = FACTS[fact].type if fact in FACTS else ANY
        if op not in OPERATORS_FOR_TYPE[kind]:
            allowed = ", ".join(sorted(OPERATORS_FOR_TYPE[kind]))
            problems.append(f"{where}: {fact} is a {kind}; use one of {allowed}")
    return problems


def fact_value(context: dict, dotted: str) -> Any:
    """The value of a fact for `context` (None when missing): derived ones are computed here."""
    fact = FACTS.get(dotted)
    if fact is not None and fact.derive is not None:
        return fact.derive(context)
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def conditions_use_engine_facts(conditions: list[dict]) -> bool:
    """Whether evaluating `conditions` needs the facts the engine computes from its history."""
    return any(
        str(c.get("fact", "")).startswith(ENGINE_NAMESPACE + ".")
        for c in conditions
        if isinstance(c, dict)
    )


def conditions_failing(conditions: list[dict], context: dict) -> str | None:
    """The first condition that does not hold, described for the delivery's reason; else None."""
    for condition in conditions:
        fact = fact_value(context, condition["fact"])
        try:
            holds = OPERATORS[condition["op"]](fact, condition["value"])
        except TypeError:
            holds = False
        if not holds:
            return (
                f"condition not met: {condition['fact']} {condition['op']} {condition['value']!r}"
            )
    return None
