"""Designing steps and A/B variants; reorder; refused input names the field and line."""

import pytest
from django.utils import timezone

from saleor_stepmail.models import MAX_DELAY_DAYS, Delivery, Enrollment, Step, Variant
from tests.factories import make_scenario

from .conftest import gid, no_errors

pytestmark = pytest.mark.django_db

CREATE = """
mutation($scenario: ID!, $input: StepmailStepInput!) {
  stepmailStepCreate(scenario: $scenario, input: $input) {
    step { position name delayDays channel conditions isActive }
    errors { field message code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: StepmailStepInput!) {
  stepmailStepUpdate(id: $id, input: $input) {
    step { position delayDays subjectTemplate }
    errors { field message code }
  }
}
"""
DELETE = "mutation($id: ID!) { stepmailStepDelete(id: $id) { id errors { message code } } }"
REORDER = """
mutation($scenario: ID!, $steps: [ID!]!) {
  stepmailStepReorder(scenario: $scenario, steps: $steps) {
    scenario { steps { name position } }
    errors { field message code }
  }
}
"""
VARIANT_CREATE = """
mutation($step: ID!, $input: StepmailVariantInput!) {
  stepmailVariantCreate(step: $step, input: $input) {
    variant { name weight subjectTemplate step { position } }
    errors { field message code }
  }
}
"""
VARIANT_UPDATE = """
mutation($id: ID!, $input: StepmailVariantInput!) {
  stepmailVariantUpdate(id: $id, input: $input) { variant { weight } errors { field code } }
}
"""
VARIANT_DELETE = "mutation($id: ID!) { stepmailVariantDelete(id: $id) { id errors { code } } }"

STEP = {
    "name": "reminder",
    "delayDays": 2,
    "subjectTemplate": "Hello {{ customer.first_name }}",
    "textTemplate": "Thanks for order {{ order.number }}.",
    "conditions": '[{"fact": "order.total", "op": "gte", "value": 5000}]',
}


def _scenario_id(scenario) -> str:
    return gid("StepmailScenario", scenario.pk)


def test_a_new_step_goes_after_the_last_one(api):
    scenario = make_scenario(delays=(0, 3))

    result = no_errors(
        api(CREATE, {"scenario": _scenario_id(scenario), "input": STEP}, token="designer"),
        "stepmailStepCreate",
    )

    assert result["step"] == {
        "position": 2,
        "name": "reminder",
        "delayDays": 2,
        "channel": "EMAIL",
        "conditions": '[{"fact": "order.total", "op": "gte", "value": 5000}]',
        "isActive": True,
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"delayDays": -1}, "delayDays", "delay_days must be between 0 and 366, not -1"),
        (
            {"delayDays": MAX_DELAY_DAYS + 1},
            "delayDays",
            f"delay_days must be between 0 and 366, not {MAX_DELAY_DAYS + 1}",
        ),
        ({"delayHours": 24}, "delayHours", "delay_hours must be between 0 and 23, not 24"),
        (
            {"subjectTemplate": "Hi {{ customer.first_name|nosuchfilter }}"},
            "subjectTemplate",
            "subject template (line 1): Invalid filter: 'nosuchfilter'",
        ),
        (
            {"textTemplate": "Line one\n{% if order %}\nno end"},
            "textTemplate",
            "text template (line 2): Unclosed tag on line 2: 'if'. Looking for one of: elif, "
            "else, endif.",
        ),
        (
            {"conditions": '[{"fact": "order.total", "op": "bigger", "value": 1}]'},
            "conditions",
            "condition 1: op must be one of eq, ne, gt, gte, lt, lte, in, not_in, contains, "
            "contains_any, exists",
        ),
        ({"conditions": '{"fact": "x"}'}, "conditions", None),
        ({"name": "n" * 201}, "name", "Ensure this value has at most 200 characters (it has 201)."),
        ({"subjectTemplate": "s" * 501}, "subjectTemplate", None),
        ({"position": 0}, "position", None),
    ],
)
def test_a_bad_step_is_refused_with_the_field_and_nothing_is_written(api, change, field, message):
    scenario = make_scenario(delays=(0,))

    result = api(
        CREATE, {"scenario": _scenario_id(scenario), "input": {**STEP, **change}}, token="designer"
    )["data"]["stepmailStepCreate"]

    assert result["step"] is None
    assert [e["field"] for e in result["errors"]] == [field]
    if message:
        assert result["errors"][0]["message"] == message
    assert Step.objects.count() == 1


def test_a_taken_position_says_how_to_move_a_step(api):
    scenario = make_scenario(delays=(0,))

    result = api(
        CREATE,
        {"scenario": _scenario_id(scenario), "input": {**STEP, "position": 0}},
        token="designer",
    )["data"]["stepmailStepCreate"]

    assert result["errors"][0]["code"] == "UNIQUE"
    assert "reorder the steps" in result["errors"][0]["message"]


def test_a_step_needs_a_subject_and_a_body(api):
    scenario = make_scenario(delays=())

    result = api(
        CREATE, {"scenario": _scenario_id(scenario), "input": {"name": "empty"}}, token="designer"
    )["data"]["stepmailStepCreate"]

    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("subjectTemplate", "REQUIRED"),
        ("textTemplate", "REQUIRED"),
    }


def test_update_keeps_fields_not_sent(api):
    step = make_scenario(delays=(0, 3)).steps.get(position=1)

    result = no_errors(
        api(
            UPDATE,
            {"id": gid("StepmailStep", step.pk), "input": {"delayDays": 5}},
            token="designer",
        ),
        "stepmailStepUpdate",
    )

    assert result["step"]["delayDays"] == 5
    assert result["step"]["subjectTemplate"] == step.subject_template


def test_reorder_swaps_positions_in_one_transaction(api):
    scenario = make_scenario(delays=(0, 3, 7))
    first, second, third = scenario.steps.order_by("position")
    Step.objects.filter(pk=first.pk).update(name="a")
    Step.objects.filter(pk=second.pk).update(name="b")
    Step.objects.filter(pk=third.pk).update(name="c")
    new_order = [gid("StepmailStep", s.pk) for s in (third, first, second)]

    result = no_errors(
        api(REORDER, {"scenario": _scenario_id(scenario), "steps": new_order}, token="designer"),
        "stepmailStepReorder",
    )

    assert result["scenario"]["steps"] == [
        {"name": "c", "position": 0},
        {"name": "a", "position": 1},
        {"name": "b", "position": 2},
    ]


@pytest.mark.parametrize(
    ("pick", "code"),
    [
        (lambda steps, other: [steps[0], steps[0], steps[1]], "DUPLICATED_INPUT_ITEM"),
        (lambda steps, other: [steps[0]], "INVALID"),
        (lambda steps, other: [steps[0], steps[1], other], "NOT_FOUND"),
    ],
)
def test_reorder_needs_every_step_of_the_scenario_once(api, pick, code):
    scenario = make_scenario(delays=(0, 3))
    other = make_scenario(slug="other", delays=(0,)).steps.get()
    steps = list(scenario.steps.order_by("position"))
    ids = [gid("StepmailStep", s.pk) for s in pick(steps, other)]

    result = api(REORDER, {"scenario": _scenario_id(scenario), "steps": ids}, token="designer")

    assert result["data"]["stepmailStepReorder"]["errors"][0]["code"] == code
    assert [s.position for s in scenario.steps.order_by("pk")] == [0, 1]


def test_a_step_that_sent_mail_cannot_be_deleted_only_deactivated(api):
    scenario = make_scenario(delays=(0,))
    step = scenario.steps.get()
    enrollment = Enrollment.objects.create(
        scenario=scenario, email="a@example.com", triggered_at=timezone.now()
    )
    now = timezone.now()
    Delivery.objects.create(
        enrollment=enrollment, step=step, due_at=now, available_at=now, state="sent"
    )

    result = api(DELETE, {"id": gid("StepmailStep", step.pk)}, token="designer")

    assert (
        "deactivate it (isActive: false)"
        in result["data"]["stepmailStepDelete"]["errors"][0]["message"]
    )
    assert Step.objects.filter(pk=step.pk).exists()


def test_a_step_without_mail_sent_is_deleted(api):
    step = make_scenario(delays=(0,)).steps.get()
    step_id = gid("StepmailStep", step.pk)

    result = api(DELETE, {"id": step_id}, token="designer")

    assert result["data"]["stepmailStepDelete"] == {"id": step_id, "errors": []}
    assert not Step.objects.exists()


def test_variants_are_created_updated_and_deleted(api):
    step = make_scenario(delays=(0,)).steps.get()
    step_id = gid("StepmailStep", step.pk)

    created = no_errors(
        api(
            VARIANT_CREATE,
            {"step": step_id, "input": {"name": "B", "weight": 3, "subjectTemplate": "Hi B"}},
            token="designer",
        ),
        "stepmailVariantCreate",
    )
    variant_id = gid("StepmailVariant", Variant.objects.get().pk)
    updated = api(VARIANT_UPDATE, {"id": variant_id, "input": {"weight": 5}}, token="designer")
    deleted = api(VARIANT_DELETE, {"id": variant_id}, token="designer")

    assert created["variant"] == {
        "name": "B",
        "weight": 3,
        "subjectTemplate": "Hi B",
        "step": {"position": 0},
    }
    assert updated["data"]["stepmailVariantUpdate"] == {"variant": {"weight": 5}, "errors": []}
    assert deleted["data"]["stepmailVariantDelete"] == {"id": variant_id, "errors": []}
    assert not Variant.objects.exists()


@pytest.mark.parametrize(
    ("variant_input", "field", "code"),
    [
        ({"name": "A", "weight": 0}, "weight", "INVALID"),
        ({"name": "A", "htmlTemplate": "{% for x in %}"}, "htmlTemplate", "INVALID_TEMPLATE"),
        ({"name": "taken"}, "name", "UNIQUE"),
        ({"name": "n" * 51}, "name", "INVALID"),
        ({"weight": 2}, "name", "REQUIRED"),
    ],
)
def test_a_bad_variant_is_refused(api, variant_input, field, code):
    step = make_scenario(delays=(0,), variants=(("taken", 1),)).steps.get()

    result = api(
        VARIANT_CREATE,
        {"step": gid("StepmailStep", step.pk), "input": variant_input},
        token="designer",
    )["data"]["stepmailVariantCreate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert Variant.objects.count() == 1


PROMOTE = """
mutation($id: ID!) {
  stepmailVariantPromote(id: $id) {
    step { position }
    changed
    errors { field code }
  }
}
"""


def test_promoting_a_winner_switches_waiting_mails_and_needs_the_designer(api, clock):
    from saleor_stepmail.engine.enrollment import record_event
    from saleor_stepmail.models import Delivery

    from ..factories import order_created

    step = make_scenario(delays=(3,), variants=(("A", 1), ("B", 1))).steps.get()
    for n in range(6):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"))
    winner = Variant.objects.get(name="B")
    losing = Delivery.objects.exclude(variant=winner).count()

    refused = api(PROMOTE, {"id": gid("StepmailVariant", winner.pk)}, token="support")
    promoted = api(PROMOTE, {"id": gid("StepmailVariant", winner.pk)}, token="designer")

    assert refused["data"]["stepmailVariantPromote"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert promoted["data"]["stepmailVariantPromote"] == {
        "step": {"position": 0},
        "changed": losing,
        "errors": [],
    }
    step.refresh_from_db()
    assert step.winning_variant == winner
    assert set(Delivery.objects.values_list("variant__name", flat=True)) == {"B"}


def test_a_template_beyond_the_render_budget_is_a_field_error_at_save(api):
    scenario = make_scenario(delays=(0,))
    step_id = gid("StepmailStep", scenario.steps.get().pk)

    refused = api(
        UPDATE, {"id": step_id, "input": {"htmlTemplate": "{% lorem 300000 w %}"}}, token="designer"
    )["data"]["stepmailStepUpdate"]

    assert refused["errors"] == [
        {
            "field": "htmlTemplate",
            "message": "html template: lorem may write at most 1000 words or 20 paragraphs",
            "code": "INVALID_TEMPLATE",
        }
    ]


def test_a_template_building_a_huge_value_it_does_not_show_is_a_field_error_at_save(api):
    scenario = make_scenario(delays=(0,))
    step_id = gid("StepmailStep", scenario.steps.get().pk)
    source = '{{ "x"|stringformat:"80000000s"|length }}'

    refused = api(UPDATE, {"id": step_id, "input": {"htmlTemplate": source}}, token="designer")[
        "data"
    ]["stepmailStepUpdate"]

    assert refused["errors"] == [
        {
            "field": "htmlTemplate",
            "message": "html template: stringformat may use widths and precisions of at most 1000",
            "code": "INVALID_TEMPLATE",
        }
    ]
