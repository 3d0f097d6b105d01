"""Step conditions: data, validated in one place and evaluated in one place.

A step's `conditions` is a list of {"fact": "order.total", "op": "gte", "value": 5000}; all must
hold. Facts are dotted paths into the render context (the enrolment's snapshot merged with the
shop's fresh facts), so anything a template can show a condition can test.
"""

import operator
from collections.abc import Callable
from typing import Any

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
    "exists": lambda fact, value: (fact is not None) == bool(value),
}

_MISSING = object()


class ConditionError(ValueError):
    pass


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
        if not isinstance(condition["fact"], str) or not condition["fact"]:
            problems.append(f"{where}: fact must be a dotted name such as order.total")
        if condition["op"] not in OPERATORS:
            problems.append(f"{where}: op must be one of {', '.join(OPERATORS)}")
        elif condition["op"] in {"in", "not_in"} and not isinstance(condition["value"], list):
            problems.append(f"{where}: {condition['op']} needs a list value")
    return problems


def fact_value(context: dict, dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


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
