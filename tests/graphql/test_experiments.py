"""Operator reads of experiments: A/B variants compared pairwise, treated against the holdout."""

from datetime import timedelta

import pytest

from tests.dashboard.seed import seed_results

from .conftest import gid

pytestmark = pytest.mark.django_db

STEP_COMPARISONS = """
query($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailStepStats(scenario: $id, start: $start, end: $end) {
    name comparisons { a b difference pValue significant }
  }
}
"""
HOLDOUT_LIFT = """
query($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {
    treated { enrollments converted conversionRate revenue { currency amount } }
    holdout { enrollments converted conversionRate }
    lift liftLow liftHigh revenueLift { currency amount }
  }
}
"""


def _range(seeded, clock) -> dict:
    return {
        "id": gid("StepmailScenario", seeded.scenario.pk),
        "start": (clock.now - timedelta(days=1)).isoformat(),
        "end": (clock.now + timedelta(days=30)).isoformat(),
    }


def test_step_stats_compare_each_pair_of_variants_with_a_p_value(api, clock):
    seeded = seed_results(at=clock.now)

    payload = api(STEP_COMPARISONS, _range(seeded, clock), token="support")

    first, second, _ = payload["data"]["stepmailStepStats"]
    (comparison,) = first["comparisons"]
    assert (comparison["a"], comparison["b"]) == ("A", "B")
    # Conversion rates per delivered mail: B 30 of 198, A 10 of 196.
    assert comparison["difference"] == pytest.approx(30 / 198 - 10 / 196)
    assert comparison["pValue"] < 0.05 and comparison["significant"] is True
    assert second["comparisons"] == []


def test_holdout_lift_gives_the_lift_with_its_confidence_interval(api, clock):
    seeded = seed_results(at=clock.now)

    lift = api(HOLDOUT_LIFT, _range(seeded, clock), token="support")["data"]["stepmailHoldoutLift"]

    assert (lift["treated"]["enrollments"], lift["treated"]["converted"]) == (550, 46)
    assert (lift["holdout"]["enrollments"], lift["holdout"]["converted"]) == (100, 5)
    assert lift["lift"] == pytest.approx(46 / 550 - 5 / 100)
    assert lift["liftLow"] < lift["lift"] < lift["liftHigh"]
    assert lift["treated"]["revenue"] == [{"currency": "JPY", "amount": "46000.000"}]
    assert lift["revenueLift"][0]["currency"] == "JPY"


def test_designers_cannot_read_the_holdout_lift(api, clock):
    seeded = seed_results(at=clock.now)

    payload = api(HOLDOUT_LIFT, _range(seeded, clock), token="designer")

    assert payload["data"] is None
    assert "MANAGE_ORDERS" in payload["errors"][0]["message"]
