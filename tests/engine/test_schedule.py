from collections import Counter
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.schedule import pick_variant
from saleor_stepmail.models import Delivery, Step

from ..factories import make_scenario, order_created


def _variants(*weights):
    return [SimpleNamespace(pk=i, weight=w) for i, w in enumerate(weights, start=1)]


def test_variant_choice_is_stable_for_an_enrolment_and_step():
    variants = _variants(1, 1)
    key = "hana@example.com:2026-11-01T10:00:00+00:00"
    first = pick_variant(variants, key=key, step_id=3)

    assert all(pick_variant(variants, key=key, step_id=3) is first for _ in range(20))


def test_variant_weights_are_honoured_within_two_percent_over_ten_thousand_enrolments():
    variants = _variants(3, 1)

    counts = Counter(
        pick_variant(variants, key=f"c{i}@example.com:t", step_id=1).pk for i in range(10_000)
    )

    assert abs(counts[1] / 10_000 - 0.75) < 0.02


@pytest.mark.django_db
def test_hours_and_minutes_add_to_the_day_delay(clock):
    scenario = make_scenario(delays=(1,))
    Step.objects.filter(scenario=scenario).update(delay_hours=2, delay_minutes=30)

    record_event(order_created(clock.now))

    assert (Delivery.objects.get().due_at - clock.now).total_seconds() == 26.5 * 3600


@pytest.mark.django_db
def test_inactive_step_is_not_scheduled(clock):
    scenario = make_scenario(delays=(0, 3))
    Step.objects.filter(scenario=scenario, position=1).update(is_active=False)

    record_event(order_created(clock.now))

    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_each_delivery_gets_its_variant_when_scheduled(clock):
    make_scenario(delays=(0,), variants=(("A", 1), ("B", 1)))
    for n in range(40):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"))

    names = Counter(Delivery.objects.values_list("variant__name", flat=True))

    assert set(names) == {"A", "B"}


@pytest.mark.django_db
def test_an_unpaid_reminder_due_after_the_order_expires_is_planned_skipped(clock):
    make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0, 3, 5))
    expires = clock.now + timedelta(days=3)
    event = replace(
        order_created(clock.now, paid=False),
        context={"order": {"expires_at": expires.isoformat()}},
    )

    record_event(event)

    states = dict(Delivery.objects.values_list("step__delay_days", "state"))
    assert states == {0: "scheduled", 3: "skipped", 5: "skipped"}
    reason = Delivery.objects.get(step__delay_days=5).reason
    assert reason == f"planned after the unpaid order expires ({expires.isoformat()})"
