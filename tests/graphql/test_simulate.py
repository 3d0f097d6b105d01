"""stepmailSimulate over the operator API."""

from datetime import timedelta

import pytest

from tests.engine.test_simulate import history  # noqa: F401 (fixture)
from tests.factories import make_scenario

from .conftest import gid

pytestmark = pytest.mark.django_db

GRAPHQL = """
query($id: ID!, $since: DateTime!, $until: DateTime!) {
  stepmailSimulate(scenarioId: $id, since: $since, until: $until) {
    enrolledCount sentCount
    enrollments { email leftReason steps { position outcome at } }
  }
}
"""


def test_simulate_query_answers_support_staff(api, clock, history):  # noqa: F811
    scenario = make_scenario(delays=(0, 3, 7))
    variables = {
        "id": gid("StepmailScenario", scenario.pk),
        "since": (history - timedelta(hours=1)).isoformat(),
        "until": (history + timedelta(days=2)).isoformat(),
    }

    result = api(GRAPHQL, variables, token="support")["data"]["stepmailSimulate"]

    assert (result["enrolledCount"], result["sentCount"]) == (2, 5)
    assert result["enrollments"][0]["leftReason"] == "purchased_again"


def test_simulation_is_refused_without_manage_orders(api, history):  # noqa: F811
    scenario = make_scenario(delays=(0,))
    variables = {
        "id": gid("StepmailScenario", scenario.pk),
        "since": history.isoformat(),
        "until": (history + timedelta(days=1)).isoformat(),
    }

    assert "MANAGE_ORDERS" in api(GRAPHQL, variables, token="designer")["errors"][0]["message"]


def test_a_period_with_more_triggers_than_one_simulation_replays_is_refused_with_the_count(
    api,
    history,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr("saleor_stepmail.engine.simulate.MAX_SIMULATED_TRIGGERS", 2)
    scenario = make_scenario(trigger="order_created", delays=(0,))
    variables = {
        "id": gid("StepmailScenario", scenario.pk),
        "since": (history - timedelta(hours=1)).isoformat(),
        "until": (history + timedelta(days=5)).isoformat(),
    }

    errors = api(GRAPHQL, variables, token="support")["errors"]

    assert "holds 3 trigger events" in errors[0]["message"]
    assert "shorter period" in errors[0]["message"]
