import pytest

from saleor_stepmail.engine.conditions import conditions_failing, fact_value, validate_conditions
from saleor_stepmail.engine.context import facts_derived

CONTEXT = {
    "order": {"total": {"amount": "6000", "currency": "JPY"}},
    "channel": "jp",
    "customer": {"language_code": "ja", "last_order_at": "2026-11-20T10:00:00+09:00"},
}


@pytest.mark.parametrize(
    "condition",
    [
        {"fact": "order.total.amount", "op": "gte", "value": 5000},
        {"fact": "order.total", "op": "gt", "value": 5999.5},
        {"fact": "channel", "op": "in", "value": ["jp", "kr"]},
        {"fact": "customer.language_code", "op": "eq", "value": "ja"},
        {"fact": "customer.phone", "op": "exists", "value": False},
        {"fact": "customer.last_order_at", "op": "gte", "value": "2026-11-20"},
        {"fact": "customer.last_order_at", "op": "lt", "value": "2026-11-20T02:00:00+00:00"},
    ],
)
def test_conditions_that_hold_let_the_step_through(condition):
    assert conditions_failing([condition], CONTEXT) is None


def test_first_failing_condition_is_named_in_the_reason():
    reason = conditions_failing(
        [
            {"fact": "channel", "op": "eq", "value": "jp"},
            {"fact": "order.total.amount", "op": "lt", "value": 1000},
        ],
        CONTEXT,
    )

    assert reason == "condition not met: order.total.amount lt 1000"


def test_comparing_a_missing_fact_fails_instead_of_crashing():
    assert conditions_failing([{"fact": "customer.orders_count", "op": "gt", "value": 1}], CONTEXT)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ({"fact": "x"}, "conditions must be a list"),
        ([{"fact": "x", "op": "eq"}], "condition 1: needs exactly the keys fact, op and value"),
        ([{"fact": "x", "op": "like", "value": 1}], "condition 1: op must be one of"),
        ([{"fact": "x", "op": "in", "value": "jp"}], "condition 1: in needs a list value"),
    ],
)
def test_invalid_conditions_are_explained(conditions, message):
    assert validate_conditions(conditions)[0].startswith(message)


# A message's context: its derived facts (order.product_ids...) are in it (engine/context.py).
SHOP = facts_derived(
    {
        "customer": {
            "orders_count": 3,
            "lifetime_spend": {"amount": "24000", "currency": "JPY"},
            "metadata": {"定期": "yes"},
        },
        "order": {
            "metadata": {"gift": "true"},
            "lines": [
                {"product_id": "UHJvZHVjdDox", "category": "green-tea", "collections": ["autumn"]},
                {"product_id": "UHJvZHVjdDoy", "category": "teaware", "collections": []},
            ],
        },
        "channel": "jp",
        "previous_step": {"sent": True, "opened": True, "clicked": False},
    }
)


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        ({"fact": "customer.orders_count", "op": "gte", "value": 3}, True),
        ({"fact": "customer.orders_count", "op": "gte", "value": 4}, False),
        ({"fact": "customer.lifetime_spend", "op": "gt", "value": 20000}, True),
        ({"fact": "order.product_ids", "op": "contains", "value": "UHJvZHVjdDoy"}, True),
        ({"fact": "order.product_ids", "op": "contains", "value": "UHJvZHVjdDo5"}, False),
        ({"fact": "order.categories", "op": "contains_any", "value": ["teaware", "x"]}, True),
        ({"fact": "order.collections", "op": "contains", "value": "autumn"}, True),
        ({"fact": "order.collections", "op": "contains", "value": "spring"}, False),
        ({"fact": "channel", "op": "in", "value": ["jp"]}, True),
        ({"fact": "channel", "op": "eq", "value": "default-channel"}, False),
        ({"fact": "customer.metadata.定期", "op": "eq", "value": "yes"}, True),
        ({"fact": "order.metadata.gift", "op": "exists", "value": True}, True),
        ({"fact": "previous_step.opened", "op": "eq", "value": True}, True),
        ({"fact": "previous_step.clicked", "op": "eq", "value": True}, False),
    ],
)
def test_each_kind_of_fact_decides_the_condition(condition, holds):
    assert validate_conditions([condition]) == []
    assert (conditions_failing([condition], SHOP) is None) is holds


def test_reorder_days_come_from_the_shortest_line_when_the_shop_gives_none():
    context = {
        "order": {
            "lines": [
                {"consumption_days": 30, "quantity": 2},
                {"consumption_days": 20, "quantity": 1},
            ]
        }
    }

    given = {"order": {"reorder_in_days": 45, **context["order"]}}

    assert fact_value(facts_derived(context), "order.reorder_in_days") == 20
    assert fact_value(facts_derived(given), "order.reorder_in_days") == 45


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"fact": "previous_step.bought", "op": "eq", "value": True}, "unknown fact"),
        ({"fact": "weather", "op": "eq", "value": "rain"}, "unknown fact"),
        ({"fact": "customer.orders_count", "op": "contains", "value": 1}, "is a number"),
        ({"fact": "order.product_ids", "op": "eq", "value": "x"}, "is a list"),
        ({"fact": "order.categories", "op": "contains_any", "value": "tea"}, "needs a list"),
        ({"fact": "customer.orders_count", "op": "gte", "value": "3"}, "must be a number"),
        ({"fact": "order.total", "op": "in", "value": [1, "x"]}, "values must be a number"),
        ({"fact": "customer.language_code", "op": "eq", "value": 1}, "must be a text"),
        ({"fact": "previous_step.opened", "op": "eq", "value": "yes"}, "must be true or false"),
        ({"fact": "customer.first_order_at", "op": "lt", "value": "soon"}, "an ISO date"),
        ({"fact": "order.metadata.gift", "op": "exists", "value": "y"}, "exists needs true"),
        ({"fact": "customer.tags", "op": "contains", "value": "vip"}, "unknown fact"),
        ({"fact": "customer.metadata", "op": "eq", "value": "x"}, "unknown fact"),
        ({"fact": "customer.metadata.a.b", "op": "eq", "value": "x"}, "unknown fact"),
        ({"fact": "order.shipping_address.planet", "op": "eq", "value": "x"}, "unknown fact"),
    ],
)
def test_facts_are_checked_against_the_schema(condition, message):
    assert message in validate_conditions([condition])[0]


def test_an_address_field_of_the_catalogue_is_a_fact():
    condition = {"fact": "customer.default_shipping_address.country", "op": "eq", "value": "JP"}
    context = {"customer": {"default_shipping_address": {"country": "JP"}}}

    assert validate_conditions([condition]) == []
    assert conditions_failing([condition], context) is None
