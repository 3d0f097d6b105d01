import pytest

from saleor_stepmail.engine.conditions import conditions_failing, validate_conditions

CONTEXT = {"order": {"total": {"amount": 6000}, "channel": "jp"}, "customer": {"tags": ["vip"]}}


@pytest.mark.parametrize(
    "condition",
    [
        {"fact": "order.total.amount", "op": "gte", "value": 5000},
        {"fact": "order.channel", "op": "in", "value": ["jp", "kr"]},
        {"fact": "customer.tags", "op": "contains", "value": "vip"},
        {"fact": "customer.birthday", "op": "exists", "value": False},
    ],
)
def test_conditions_that_hold_let_the_step_through(condition):
    assert conditions_failing([condition], CONTEXT) is None


def test_first_failing_condition_is_named_in_the_reason():
    reason = conditions_failing(
        [
            {"fact": "order.channel", "op": "eq", "value": "jp"},
            {"fact": "order.total.amount", "op": "lt", "value": 1000},
        ],
        CONTEXT,
    )

    assert reason == "condition not met: order.total.amount lt 1000"


def test_comparing_a_missing_fact_fails_instead_of_crashing():
    assert conditions_failing([{"fact": "order.nope", "op": "gt", "value": 1}], CONTEXT)


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
