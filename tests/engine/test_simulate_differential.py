"""One truth, checked both ways: for random scenarios and random customer histories, what the
simulator predicts equals what the engine does when the same history happens.

The real side records each event as a hook does (the inbox), applies it, and runs the
dispatcher at each moment a delivery falls due; the simulator replays the recorded history
afterwards. Every (customer, step) must agree: sent and when, skipped and why, not reached
and why, and how and when each enrolment ended. Delays, times of day, send windows, the
frequency cap, conditions, goals, end and move steps, A/B variants and the holdout are drawn.
"""

from datetime import UTC, datetime, time, timedelta
from itertools import groupby

import pytest
from django.db import transaction
from django.db.models import Min
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.engine.simulate import _simulated, scenario_simulate
from saleor_stepmail.models import Delivery, Scenario, Step, Variant
from saleor_stepmail.vocabulary import PENDING_DELIVERY_STATES, EventType

pytestmark = pytest.mark.django_db(transaction=False)

START = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
CONDITIONS = (
    [],
    [{"fact": "customer.orders_count", "op": "gte", "value": 2}],
    [{"fact": "customer.orders_count", "op": "lt", "value": 2}],
    [{"fact": "previous_step.sent", "op": "eq", "value": True}],
    [{"fact": "channel", "op": "eq", "value": "default-channel"}],
)

steps = st.lists(
    st.fixed_dictionaries(
        {
            "delay_days": st.integers(0, 5),
            "delay_hours": st.integers(0, 23),
            "send_at": st.none() | st.sampled_from([time(9, 0), time(20, 30)]),
            "conditions": st.sampled_from(CONDITIONS),
            "action": st.sampled_from(["send", "send", "send", "end", "move"]),
            "variants": st.sampled_from([(), (1, 1), (3, 1)]),  # weights
        }
    ),
    min_size=1,
    max_size=4,
)
scenarios = st.fixed_dictionaries(
    {
        "trigger": st.sampled_from(["order_created", "first_order", "unpaid_order", "order_paid"]),
        "goals": st.sampled_from([[], ["purchased_again"], ["paid"], ["purchased_again", "paid"]]),
        "reentry": st.sampled_from(["once", "after_exit", "per_order"]),
        "holdout_percent": st.sampled_from([0, 0, 40]),
        "timezone": st.sampled_from(["UTC", "Asia/Tokyo"]),
        "steps": steps,
    }
)
# Each order: who, when (hours after START), and when it is paid (hours after it; None: never).
orders = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, 10 * 24),
        st.none() | st.just(0) | st.integers(1, 6 * 24),
    ),
    min_size=1,
    max_size=6,
)
shop_settings = st.fixed_dictionaries(
    {
        "send_window": st.sampled_from(["", "09:00-21:00", "22:00-06:00"]),
        "max_mails_per_day": st.sampled_from([0, 0, 1]),
    }
)


def _scenario(spec: dict) -> Scenario:
    target = Scenario.objects.create(
        slug="next", name="Next", trigger="customer_created", status="active"
    )
    Step.objects.create(scenario=target, position=0, subject_template="Next", text_template="x")
    scenario = Scenario.objects.create(
        slug="drawn",
        name="Drawn",
        status="active",
        trigger=spec["trigger"],
        goals=spec["goals"],
        reentry=spec["reentry"],
        holdout_percent=spec["holdout_percent"],
        timezone=spec["timezone"],
    )
    for position, drawn in enumerate(spec["steps"]):
        step = Step.objects.create(
            scenario=scenario,
            position=position,
            delay_days=drawn["delay_days"],
            delay_hours=drawn["delay_hours"],
            send_at=drawn["send_at"],
            conditions=drawn["conditions"],
            action=drawn["action"],
            move_to=target if drawn["action"] == "move" else None,
            subject_template="Step {{ step.position }} for {{ customer.email }}",
            text_template="{{ customer.orders_count }} orders",
        )
        for index, weight in enumerate(drawn["variants"]):
            Variant.objects.create(
                step=step, name=f"v{index}", weight=weight, subject_template=f"[v{index}] hi"
            )
    return scenario


def _history(drawn_orders: list) -> list[tuple[datetime, dict]]:
    """The hook records of the drawn orders, in time order."""
    records = []
    for number, (customer, hours, paid_after) in enumerate(drawn_orders):
        created = START + timedelta(hours=hours, minutes=number)
        order = {"order_id": f"o-{number}", "email": f"c{customer}@example.com"}
        records.append((created, {"type": EventType.ORDER_CREATED, **order}))
        if paid_after is not None:
            paid = created + timedelta(hours=paid_after)
            records.append((paid, {"type": EventType.ORDER_FULLY_PAID, **order}))
    return sorted(records, key=lambda record: record[0])


def _next_due() -> datetime | None:
    pending = Delivery.objects.filter(state__in=PENDING_DELIVERY_STATES)
    return pending.aggregate(first=Min("available_at"))["first"]


def _live(history: list[tuple[datetime, dict]]) -> None:
    """The history as it happens: the tick sends what falls due before each moment, the
    moment's events (an order and its payment in one checkout) are recorded as hooks record
    them and applied by the worker."""
    for at, records in groupby(history, key=lambda record: record[0]):
        while (due := _next_due()) is not None and due < at:
            dispatch_due(now=due)
        for _, record in records:
            inbound_record(occurred_at=at, channel_slug="default-channel", **record)
        inbound_apply_pending(now=at)
    while (due := _next_due()) is not None:
        dispatch_due(now=due)


def _answer(enrollments) -> list:
    return [
        (
            e.email,
            e.order_id,
            e.triggered_at,
            e.left_reason,
            e.left_at,
            [(s.position, s.outcome, s.at, s.reason) for s in e.steps],
        )
        for e in enrollments
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=scenarios, drawn_orders=orders, shop=shop_settings)
def test_the_simulation_of_a_history_is_what_the_engine_does_when_it_happens(
    spec, drawn_orders, shop, outbox
):
    with override_settings(STEPMAIL=shop), transaction.atomic():
        scenario = _scenario(spec)
        history = _history(drawn_orders)
        _live(history)
        done = _answer(_simulated(scenario))

        simulated = scenario_simulate(
            scenario=scenario, since=START, until=history[-1][0] + timedelta(seconds=1)
        )

        assert _answer(simulated.enrollments) == done
        transaction.set_rollback(True)
