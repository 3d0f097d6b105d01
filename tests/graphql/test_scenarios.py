"""Designing scenarios: create, update, activate, pause, delete, presets; refused input."""

import pytest
from django.test import override_settings

from saleor_stepmail.engine.integration import current_integration
from saleor_stepmail.models import Scenario, Step
from tests.factories import make_scenario

from .conftest import gid, no_errors
from .integration import TokenIntegration

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: StepmailScenarioInput!) {
  stepmailScenarioCreate(input: $input) {
    scenario { id slug name trigger goals channels status reentry timezone language steps { id } }
    errors { field message code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: StepmailScenarioInput!) {
  stepmailScenarioUpdate(id: $id, input: $input) {
    scenario { slug name timezone channels }
    errors { field message code }
  }
}
"""
STATUS = """
mutation($id: ID!) {
  activate: stepmailScenarioActivate(id: $id) { scenario { status } errors { field message code } }
}
"""
PAUSE = """
mutation($id: ID!) {
  stepmailScenarioPause(id: $id) { scenario { status } errors { field message code } }
}
"""
DELETE = """
mutation($id: ID!) { stepmailScenarioDelete(id: $id) { id errors { field message code } } }
"""
FROM_PRESET = """
mutation($input: StepmailScenarioCreateFromPresetInput!) {
  stepmailScenarioCreateFromPreset(input: $input) {
    scenario { slug name language status steps { position delayDays subjectTemplate } }
    errors { field message code }
  }
}
"""

VALID = {
    "slug": "welcome",
    "name": "Welcome series",
    "trigger": "CUSTOMER_CREATED",
    "goals": ["PURCHASED_AGAIN"],
    "channels": ["jp"],
    "timezone": "Asia/Tokyo",
    "language": "EN",
}


def test_an_operator_creates_a_paused_scenario(api):
    result = no_errors(api(CREATE, {"input": VALID}, token="designer"), "stepmailScenarioCreate")

    assert result["scenario"] == {
        "id": gid("StepmailScenario", Scenario.objects.get().pk),
        "slug": "welcome",
        "name": "Welcome series",
        "trigger": "CUSTOMER_CREATED",
        "goals": ["PURCHASED_AGAIN"],
        "channels": ["jp"],
        "status": "PAUSED",
        "reentry": "AFTER_EXIT",
        "timezone": "Asia/Tokyo",
        "language": "EN",
        "steps": [],
    }


def test_support_staff_without_manage_plugins_cannot_create_scenarios(api):
    payload = api(CREATE, {"input": VALID}, token="support")

    assert payload["data"]["stepmailScenarioCreate"] == {
        "scenario": None,
        "errors": [
            {
                "field": None,
                "message": "You need one of the following permissions: MANAGE_PLUGINS",
                "code": "PERMISSION_DENIED",
            }
        ],
    }
    assert not Scenario.objects.exists()


def test_every_problem_of_a_scenario_is_listed_and_nothing_is_written(api):
    bad = {
        **VALID,
        "slug": "x" * 101,
        "name": "",
        "channels": ["jp", "mars"],
        "timezone": "Mars/Olympus",
        "goals": ["PAID", "PAID"],
    }

    result = api(CREATE, {"input": bad}, token="designer")["data"]["stepmailScenarioCreate"]

    assert result["scenario"] is None
    by_field = {e["field"]: e for e in result["errors"]}
    assert by_field["name"]["code"] == "REQUIRED"
    assert "at most 100 characters" in by_field["slug"]["message"]
    assert (
        by_field["channels"]["message"]
        == "unknown channel 'mars'; the shop has: default-channel, jp"
    )
    assert (
        by_field["timezone"]["message"]
        == "'Mars/Olympus' is not an IANA time zone (e.g. Asia/Tokyo)"
    )
    assert by_field["goals"]["code"] == "DUPLICATED_INPUT_ITEM"
    assert not Scenario.objects.exists()


def test_a_taken_slug_is_a_unique_error(api):
    make_scenario(slug="welcome")

    result = api(CREATE, {"input": VALID}, token="designer")["data"]["stepmailScenarioCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("slug", "UNIQUE")]


def test_a_win_back_scenario_needs_its_days_without_a_paid_order(api):
    win_back = {**VALID, "trigger": "CUSTOMER_DORMANT"}
    refused = api(CREATE, {"input": win_back}, token="designer")["data"]["stepmailScenarioCreate"]
    assert refused["errors"] == [
        {
            "field": "dormantDays",
            "message": "a win-back scenario needs the days without a paid order (dormantDays)",
            "code": "REQUIRED",
        }
    ]
    too_long = api(CREATE, {"input": {**win_back, "dormantDays": 1001}}, token="designer")
    assert too_long["data"]["stepmailScenarioCreate"]["errors"][0]["field"] == "dormantDays"

    created = api(CREATE, {"input": {**win_back, "dormantDays": 90}}, token="designer")

    no_errors(created, "stepmailScenarioCreate")
    assert Scenario.objects.get().dormant_days == 90


def test_days_per_category_are_refused_where_orders_do_not_say_their_categories(api):
    win_back = {**VALID, "trigger": "CUSTOMER_DORMANT", "dormantDays": 90}
    per_category = {**win_back, "dormantDaysByCategory": [{"category": "food", "days": 60}]}

    refused = api(CREATE, {"input": per_category}, token="designer")

    (error,) = refused["data"]["stepmailScenarioCreate"]["errors"]
    assert error["field"] == "dormantDaysByCategory"
    assert "give one number of days (dormantDays)" in error["message"]
    assert not Scenario.objects.exists()


class CategoryShop(TokenIntegration):
    """A shop whose orders say their categories, as Saleor's do."""

    def order_categories_known(self) -> bool:
        return True


def test_each_bad_category_of_a_win_back_is_named_and_nothing_is_written(api):
    current_integration.cache_clear()
    bad = [
        {"category": "food", "days": 60},
        {"category": "food", "days": 30},
        {"category": "no spaces", "days": 30},
        {"category": "apparel", "days": 0},
    ]
    win_back = {**VALID, "trigger": "CUSTOMER_DORMANT", "dormantDays": 90}
    with override_settings(STEPMAIL={"integration": "tests.graphql.test_scenarios.CategoryShop"}):
        payload = api(
            CREATE, {"input": {**win_back, "dormantDaysByCategory": bad}}, token="designer"
        )
    current_integration.cache_clear()

    messages = [e["message"] for e in payload["data"]["stepmailScenarioCreate"]["errors"]]
    assert messages == [
        "'food' is listed twice",
        "'no spaces' is not a category slug",
        "apparel: days must be 1 to 1000",
    ]
    assert not Scenario.objects.exists()


ACTIVATE_SEEING_OTHERS = """
mutation($id: ID!) {
  stepmailScenarioActivate(id: $id) {
    scenario { status sameTrigger { slug } }
    errors { field message code }
  }
}
"""


def test_activating_a_scenario_names_the_active_ones_on_the_same_trigger(api):
    make_scenario(slug="thanks", trigger="first_paid_order")
    make_scenario(slug="reminders", trigger="unpaid_order")
    second = make_scenario(slug="welcome", trigger="first_paid_order", status="paused")

    result = no_errors(
        api(ACTIVATE_SEEING_OTHERS, {"id": gid("StepmailScenario", second.pk)}, token="designer"),
        "stepmailScenarioActivate",
    )

    assert result["scenario"] == {"status": "ACTIVE", "sameTrigger": [{"slug": "thanks"}]}


def test_an_unknown_trigger_is_refused_by_the_schema_with_the_enum_named(api):
    response = api.post(CREATE, {"input": {**VALID, "trigger": "FULL_MOON"}}, token="designer")

    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "StepmailTrigger" in message and "FULL_MOON" in message


def test_update_changes_only_the_fields_sent(api):
    scenario = make_scenario(slug="follow-up")

    result = no_errors(
        api(
            UPDATE,
            {"id": gid("StepmailScenario", scenario.pk), "input": {"timezone": "Europe/Paris"}},
            token="designer",
        ),
        "stepmailScenarioUpdate",
    )

    assert result["scenario"] == {
        "slug": "follow-up",
        "name": "Follow Up",
        "timezone": "Europe/Paris",
        "channels": [],
    }


def test_update_of_an_unknown_id_is_not_found(api):
    result = api(
        UPDATE, {"id": gid("StepmailScenario", 999), "input": {"name": "x"}}, token="designer"
    )["data"]["stepmailScenarioUpdate"]

    assert result["errors"] == [
        {
            "field": "id",
            "message": f"no StepmailScenario with id {gid('StepmailScenario', 999)!r}",
            "code": "NOT_FOUND",
        }
    ]


def test_an_id_of_another_type_is_not_found(api):
    scenario = make_scenario()
    step_id = gid("StepmailStep", scenario.steps.first().pk)

    result = api(UPDATE, {"id": step_id, "input": {"name": "x"}}, token="designer")

    assert result["data"]["stepmailScenarioUpdate"]["errors"][0]["code"] == "NOT_FOUND"


def test_activate_and_pause(api):
    scenario = make_scenario(status="paused")
    scenario_id = gid("StepmailScenario", scenario.pk)

    activated = api(STATUS, {"id": scenario_id}, token="designer")["data"]["activate"]
    paused = api(PAUSE, {"id": scenario_id}, token="designer")["data"]["stepmailScenarioPause"]

    assert activated == {"scenario": {"status": "ACTIVE"}, "errors": []}
    assert paused == {"scenario": {"status": "PAUSED"}, "errors": []}


def test_a_scenario_without_active_steps_cannot_be_activated(api):
    scenario = make_scenario(status="paused", delays=())

    result = api(STATUS, {"id": gid("StepmailScenario", scenario.pk)}, token="designer")

    assert result["data"]["activate"]["errors"][0]["message"] == (
        "add an active step before activating the scenario"
    )
    assert Scenario.objects.get().status == "paused"


def test_an_active_scenario_must_be_paused_before_it_is_deleted(api):
    scenario = make_scenario(status="active")
    scenario_id = gid("StepmailScenario", scenario.pk)

    refused = api(DELETE, {"id": scenario_id}, token="designer")["data"]["stepmailScenarioDelete"]
    api(PAUSE, {"id": scenario_id}, token="designer")
    deleted = api(DELETE, {"id": scenario_id}, token="designer")["data"]["stepmailScenarioDelete"]

    assert refused["errors"][0]["message"].startswith("pause the scenario before deleting it")
    assert deleted == {"id": scenario_id, "errors": []}
    assert not Scenario.objects.exists() and not Step.objects.exists()


def test_a_preset_creates_its_steps_in_the_chosen_language(api):
    result = no_errors(
        api(
            FROM_PRESET,
            {"input": {"preset": "unpaid-reminder", "language": "EN", "channels": ["jp"]}},
            token="designer",
        ),
        "stepmailScenarioCreateFromPreset",
    )

    scenario = result["scenario"]
    assert scenario["slug"] == "unpaid-reminder"
    assert scenario["language"] == "EN" and scenario["status"] == "PAUSED"
    assert [s["delayDays"] for s in scenario["steps"]] == [0, 3, 5, 7]


def test_an_unknown_preset_or_a_taken_slug_is_refused(api):
    api(FROM_PRESET, {"input": {"preset": "unpaid-reminder"}}, token="designer")

    unknown = api(FROM_PRESET, {"input": {"preset": "nope"}}, token="designer")
    again = api(FROM_PRESET, {"input": {"preset": "unpaid-reminder"}}, token="designer")

    assert unknown["data"]["stepmailScenarioCreateFromPreset"]["errors"][0]["field"] == "preset"
    assert again["data"]["stepmailScenarioCreateFromPreset"]["errors"] == [
        {"field": "slug", "message": "'unpaid-reminder' is taken", "code": "UNIQUE"}
    ]
    assert Scenario.objects.count() == 1


def test_a_scenario_another_scenarios_move_step_targets_is_not_deleted(api):
    target = make_scenario(slug="vip", status="paused", delays=())
    source = make_scenario(slug="first-buy", delays=(0,))
    source.steps.update(action="move", move_to=target, name="to vip")

    refused = api(DELETE, {"id": gid("StepmailScenario", target.pk)}, token="designer")

    errors = refused["data"]["stepmailScenarioDelete"]["errors"]
    assert errors == [
        {
            "field": "id",
            "message": "first-buy step 0 (to vip) moves customers to this scenario; "
            "change or delete that step first",
            "code": "INVALID",
        }
    ]
    assert Scenario.objects.filter(pk=target.pk).exists()


def test_a_scenario_whose_own_step_moves_into_itself_is_deleted(api):
    loop = make_scenario(slug="loop", status="paused", delays=(0,))
    loop.steps.update(action="move", move_to=loop)

    deleted = api(DELETE, {"id": gid("StepmailScenario", loop.pk)}, token="designer")

    assert deleted["data"]["stepmailScenarioDelete"]["errors"] == []
    assert not Scenario.objects.exists()
