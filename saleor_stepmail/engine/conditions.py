"""Step conditions: data, validated in one place and evaluated in one place.

A step's `conditions` is a list of {"fact": "customer.orders_count", "op": "gte", "value": 3};
all must hold. Every fact is an entry of the catalogue (engine/catalogue.py): its type decides
which operators fit and what the value must be, so a step that names an unknown fact or
compares it with the wrong kind of value is refused when it is saved. Conditions read the
message's context (engine/context.py), the one its templates read: what the integration fills,
the catalogue's derived facts (order.product_ids from the lines...) and the engine's own
history (previous_step.*, engine/facts.py).
"""

import operator
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .catalogue import (
    BOOL,
    DATE,
    ENGINE_NAMESPACE,
    LIST,
    MONEY,
    NUMBER,
    STRING,
    fact_lookup,
)

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

_ORDERED = {"eq", "ne", "gt", "gte", "lt", "lte", "exists"}
# Which operators make sense for a type.
OPERATORS_FOR_TYPE: dict[str, set[str]] = {
    NUMBER: _ORDERED | {"in", "not_in"},
    MONEY: _ORDERED | {"in", "not_in"},
    DATE: _ORDERED,
    STRING: {"eq", "ne", "in", "not_in", "exists"},
    BOOL: {"eq", "ne", "exists"},
    LIST: {"contains", "contains_any", "exists"},
}
LIST_VALUED = {"in", "not_in", "contains_any"}


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _moment(value: Any) -> datetime | None:
    """An ISO date or date-time as a datetime (a date is its midnight); None if not one."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


# How a value of each type reads for a comparison: money compares its amount, dates as dates.
_READERS: dict[str, Callable[[Any], Any]] = {
    NUMBER: _number,
    MONEY: lambda v: _number(v.get("amount") if isinstance(v, dict) else v),
    DATE: _moment,
}
_SCALAR_CHECKS: dict[str, Callable[[Any], bool]] = {
    NUMBER: lambda v: _number(v) is not None and not isinstance(v, str),
    MONEY: lambda v: _number(v) is not None and not isinstance(v, str),
    DATE: lambda v: _moment(v) is not None,
    STRING: lambda v: isinstance(v, str),
    BOOL: lambda v: isinstance(v, bool),
    LIST: lambda v: isinstance(v, str | int | float) and not isinstance(v, bool),
}
_VALUE_WORDS = {
    NUMBER: "a number",
    MONEY: "a number (the amount)",
    DATE: "an ISO date such as 2026-04-01",
    STRING: "a text",
    BOOL: "true or false",
    LIST: "a text or a number",
}


def _value_problem(kind: str, op: str, value: Any) -> str | None:
    if op == "exists":
        return None if isinstance(value, bool) else "exists needs true or false"
    values = value if op in LIST_VALUED else [value]
    if all(_SCALAR_CHECKS[kind](v) for v in values):
        return None
    return f"the value{'s' if op in LIST_VALUED else ''} must be {_VALUE_WORDS[kind]}"


def _unknown(fact: str) -> str:
    return (
        f"unknown fact {fact!r}; the facts are listed in the catalogue (e.g. "
        "customer.orders_count, order.total, customer.metadata.<key>, previous_step.opened)"
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
        name, op, value = condition["fact"], condition["op"], condition["value"]
        if not isinstance(name, str) or not name:
            problems.append(f"{where}: fact must be a dotted name such as order.total")
            continue
        if op not in OPERATORS:
            problems.append(f"{where}: op must be one of {', '.join(OPERATORS)}")
            continue
        if op in LIST_VALUED and not isinstance(value, list):
            problems.append(f"{where}: {op} needs a list value")
            continue
        fact = fact_lookup(name)
        if fact is None:
            problems.append(f"{where}: {_unknown(name)}")
            continue
        if op not in OPERATORS_FOR_TYPE[fact.type]:
            allowed = ", ".join(sorted(OPERATORS_FOR_TYPE[fact.type]))
            problems.append(f"{where}: {name} is a {fact.type}; use one of {allowed}")
            continue
        problem = _value_problem(fact.type, op, value)
        if problem:
            problems.append(f"{where}: {name} is a {fact.type}; {problem}")
    return problems


def fact_value(context: dict, dotted: str) -> Any:
    """The value at a fact's dotted path in `context` (None when missing). A message context
    holds the derived facts already (engine/context.py facts_derived)."""
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _compared(kind: str | None, value: Any) -> Any:
    """`value` as a comparison reads it: numbers as Decimal, money as its amount, dates."""
    reader = _READERS.get(kind or "")
    if reader is None or value is None:
        return value
    if isinstance(value, list):
        return [reader(v) for v in value]
    return reader(value)


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
        known = fact_lookup(condition["fact"])
        kind = known.type if known else None
        fact = _compared(kind, fact_value(context, condition["fact"]))
        value = condition["value"]
        if condition["op"] != "exists":
            value = _compared(kind, value)
        try:
            holds = OPERATORS[condition["op"]](fact, value)
        except TypeError:
            holds = False
        if not holds:
            return (
                f"condition not met: {condition['fact']} {condition['op']} {condition['value']!r}"
            )
    return None
