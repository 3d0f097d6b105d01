"""A step's branch, webhook settings, voucher and timing over GraphQL; bad input writes nothing."""

import json
from datetime import time

import pytest

from saleor_stepmail.models import Step
from tests.factories import make_scenario

from .conftest import gid, no_errors

pytestmark = pytest.mark.django_db

STEP_FIELDS = """
  position action moveTo { slug } sendAt channel channelConfig hasChannelSecret voucher
  delayFact delayFactOffsetDays conditions
"""
CREATE = f"""
mutation($scenario: ID!, $input: StepmailStepInput!) {{
  stepmailStepCreate(scenario: $scenario, input: $input) {{
    step {{ {STEP_FIELDS} }}
    errors {{ field message code }}
  }}
}}
"""
UPDATE = f"""
mutation($id: ID!, $input: StepmailStepInput!) {{
  stepmailStepUpdate(id: $id, input: $input) {{
    step {{ {STEP_FIELDS} }}
    errors {{ field message code }}
  }}
}}
"""
MAIL = {"subjectTemplate": "Hello", "textTemplate": "Thanks."}
SECRET = "s" * 16
WEBHOOK = {"url": "https://line-relay.example.com/hook", "secret": SECRET, "timeout": 5}


def _create(api, scenario, step_input: dict) -> dict:
    return api(
        CREATE,
        {"scenario": gid("StepmailScenario", scenario.pk), "input": step_input},
        token="designer",
    )["data"]["stepmailStepCreate"]


def _update_payload(api, step, step_input: dict) -> dict:
    return api(UPDATE, {"id": gid("StepmailStep", step.pk), "input": step_input}, token="designer")


def _update(api, step, step_input: dict) -> dict:
    return _update_payload(api, step, step_input)["data"]["stepmailStepUpdate"]


def _refused(result: dict) -> list[tuple[str, str]]:
    assert result["step"] is None
    return [(e["field"], e["code"]) for e in result["errors"]]


def test_a_move_step_with_a_condition_needs_no_message_and_names_its_target(api):
    scenario = make_scenario(delays=(0,))
    target = make_scenario(slug="cross-sell", delays=(0,))
    condition = [{"fact": "customer.orders_count", "op": "gte", "value": 3}]

    result = no_errors(
        api(
            CREATE,
            {
                "scenario": gid("StepmailScenario", scenario.pk),
                "input": {
                    "action": "MOVE",
                    "moveTo": gid("StepmailScenario", target.pk),
                    "delayDays": 5,
                    "conditions": json.dumps(condition),
                },
            },
            token="designer",
        ),
        "stepmailStepCreate",
    )

    assert result["step"]["action"] == "MOVE"
    assert result["step"]["moveTo"] == {"slug": "cross-sell"}
    assert scenario.steps.get(position=1).move_to == target


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({}, "REQUIRED", "action MOVE needs moveTo: the scenario to continue in"),
        ({"moveTo": "own"}, "INVALID", "a step cannot move customers to its own scenario"),
        ({"moveTo": "missing"}, "NOT_FOUND", "no such scenario to move to"),
        ({"moveTo": "U3RlcG1haWxTdGVwOjE="}, "NOT_FOUND", "is not the id of a StepmailScenario"),
    ],
)
def test_a_move_step_needs_another_existing_scenario(api, change, code, message):
    scenario = make_scenario(delays=(0,))
    targets = {
        "own": gid("StepmailScenario", scenario.pk),
        "missing": gid("StepmailScenario", scenario.pk + 1),
    }
    move_to = {"moveTo": targets.get(change["moveTo"], change["moveTo"])} if change else {}

    result = _create(api, scenario, {**MAIL, "action": "MOVE", **move_to})

    assert _refused(result) == [("moveTo", code)]
    assert message in result["errors"][0]["message"]
    assert Step.objects.count() == 1


def test_a_send_step_takes_no_move_target(api):
    scenario = make_scenario(delays=(0,))
    other = make_scenario(slug="other", delays=())

    result = _create(api, scenario, {**MAIL, "moveTo": gid("StepmailScenario", other.pk)})

    assert _refused(result) == [("moveTo", "INVALID")]
    assert result["errors"][0]["message"] == "moveTo is only for action MOVE"


def test_leaving_action_move_drops_the_target(api):
    scenario = make_scenario(delays=(0,))
    other = make_scenario(slug="other", delays=())
    step = scenario.steps.get()
    Step.objects.filter(pk=step.pk).update(action="move", move_to=other)

    result = no_errors(_update_payload(api, step, {"action": "END"}), "stepmailStepUpdate")

    assert result["step"]["action"] == "END" and result["step"]["moveTo"] is None
    assert Step.objects.get(pk=step.pk).move_to is None


def test_a_webhook_step_keeps_its_secret_out_of_the_answer(api):
    scenario = make_scenario(delays=(0,))

    result = no_errors(
        api(
            CREATE,
            {
                "scenario": gid("StepmailScenario", scenario.pk),
                "input": {**MAIL, "channel": "WEBHOOK", "channelConfig": json.dumps(WEBHOOK)},
            },
            token="designer",
        ),
        "stepmailStepCreate",
    )

    assert json.loads(result["step"]["channelConfig"]) == {
        "url": WEBHOOK["url"],
        "timeout": 5,
    }
    assert result["step"]["hasChannelSecret"] is True
    assert Step.objects.get(position=1).channel_config == WEBHOOK


def test_a_webhook_config_sent_back_without_the_secret_keeps_it(api):
    step = make_scenario(delays=(0,)).steps.get()
    Step.objects.filter(pk=step.pk).update(channel="webhook", channel_config=WEBHOOK)
    new_url = "https://relay.example.com/v2"

    no_errors(
        _update_payload(api, step, {"channelConfig": json.dumps({"url": new_url})}),
        "stepmailStepUpdate",
    )

    assert Step.objects.get(pk=step.pk).channel_config == {"url": new_url, "secret": SECRET}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({**WEBHOOK, "url": "ftp://relay.example.com/"}, "channel_config.url must be an http(s)"),
        (
            {**WEBHOOK, "url": "http://169.254.169.254/latest/meta-data/"},
            "channel_config.url points at a private or local address",
        ),
        ({**WEBHOOK, "url": "http://localhost:8000/"}, "channel_config.url points at a private"),
        ({**WEBHOOK, "url": "http://[::ffff:10.0.0.1]/"}, "channel_config.url points at a private"),
        ({"url": WEBHOOK["url"]}, "channel_config.secret must be a string of at least 16"),
        ({**WEBHOOK, "secret": "short"}, "channel_config.secret must be a string of at least 16"),
        ({**WEBHOOK, "timeout": 31}, "channel_config.timeout must be 1 to 30 seconds"),
        ({**WEBHOOK, "timeout": 0}, "channel_config.timeout must be 1 to 30 seconds"),
        ({**WEBHOOK, "URL": "x"}, "unknown channelConfig keys URL"),
        (["https://relay.example.com/"], "channelConfig must be a JSON object"),
    ],
)
def test_a_bad_webhook_config_is_refused(api, config, message):
    scenario = make_scenario(delays=(0,))

    result = _create(
        api, scenario, {**MAIL, "channel": "WEBHOOK", "channelConfig": json.dumps(config)}
    )

    assert _refused(result) == [("channelConfig", "INVALID")]
    assert result["errors"][0]["message"].startswith(message)
    assert Step.objects.count() == 1


def test_switching_to_webhook_without_a_config_says_what_is_missing(api):
    step = make_scenario(delays=(0,)).steps.get()

    result = _update(api, step, {"channel": "WEBHOOK"})

    assert _refused(result) == [("channelConfig", "INVALID"), ("channelConfig", "INVALID")]
    assert Step.objects.get(pk=step.pk).channel == "email"


def test_an_email_step_takes_no_channel_config(api):
    step = make_scenario(delays=(0,)).steps.get()

    result = _update(api, step, {"channelConfig": json.dumps(WEBHOOK)})

    assert _refused(result) == [("channelConfig", "INVALID")]
    assert result["errors"][0]["message"] == (
        "channelConfig is for webhook and LINE steps only; send {} for this email step"
    )
    assert Step.objects.get(pk=step.pk).channel_config == {}


def test_leaving_the_webhook_channel_drops_its_config(api):
    step = make_scenario(delays=(0,)).steps.get()
    Step.objects.filter(pk=step.pk).update(channel="webhook", channel_config=WEBHOOK)

    no_errors(_update_payload(api, step, {"channel": "EMAIL"}), "stepmailStepUpdate")

    assert Step.objects.get(pk=step.pk).channel_config == {}


def test_a_voucher_is_stored_in_the_engine_shape_and_cleared_by_null(api):
    step = make_scenario(delays=(0,)).steps.get()
    voucher = {"voucherId": "Vm91Y2hlcjox", "validDays": 14}

    given = no_errors(
        _update_payload(api, step, {"voucher": json.dumps(voucher)}), "stepmailStepUpdate"
    )
    stored = Step.objects.get(pk=step.pk).voucher
    cleared = no_errors(_update_payload(api, step, {"voucher": None}), "stepmailStepUpdate")

    assert json.loads(given["step"]["voucher"]) == voucher
    assert stored == {"voucher_id": "Vm91Y2hlcjox", "valid_days": 14}
    assert cleared["step"]["voucher"] is None
    assert Step.objects.get(pk=step.pk).voucher == {}


@pytest.mark.parametrize(
    ("voucher", "code", "message"),
    [
        ({"validDays": 14}, "REQUIRED", "voucher.voucherId is required"),
        ({"voucherId": "  ", "validDays": 14}, "REQUIRED", "voucher.voucherId is required"),
        ({"voucherId": "v" * 101, "validDays": 14}, "INVALID", "voucher.voucherId is longer"),
        ({"voucherId": "V1", "validDays": 0}, "INVALID", "voucher.validDays must be"),
        ({"voucherId": "V1", "validDays": 366}, "INVALID", "voucher.validDays must be"),
        ({"voucherId": "V1", "validDays": "14"}, "INVALID", "voucher.validDays must be"),
        ({"voucherId": "V1", "validDays": True}, "INVALID", "voucher.validDays must be"),
        ({"voucherId": "V1"}, "INVALID", "voucher.validDays must be"),
        ({"voucher_id": "V1", "validDays": 3}, "INVALID", "unknown voucher keys voucher_id"),
        ("V1", "INVALID", 'voucher must be {"voucherId"'),
    ],
)
def test_a_bad_voucher_is_refused(api, voucher, code, message):
    step = make_scenario(delays=(0,)).steps.get()

    result = _update(api, step, {"voucher": json.dumps(voucher)})

    assert ("voucher", code) in _refused(result)
    assert any(e["message"].startswith(message) for e in result["errors"])
    assert Step.objects.get(pk=step.pk).voucher == {}


def test_send_at_and_a_delay_fact_are_set_and_cleared(api):
    step = make_scenario(delays=(0,)).steps.get()

    given = no_errors(
        _update_payload(
            api,
            step,
            {"sendAt": "09:30", "delayFact": "order.reorder_in_days", "delayFactOffsetDays": -5},
        ),
        "stepmailStepUpdate",
    )
    stored = Step.objects.get(pk=step.pk)
    cleared = no_errors(
        _update_payload(api, step, {"sendAt": None, "delayFact": None}), "stepmailStepUpdate"
    )

    assert (given["step"]["sendAt"], given["step"]["delayFact"]) == (
        "09:30",
        "order.reorder_in_days",
    )
    assert given["step"]["delayFactOffsetDays"] == -5
    assert (stored.send_at, stored.delay_fact) == (time(9, 30), "order.reorder_in_days")
    assert (cleared["step"]["sendAt"], cleared["step"]["delayFact"]) == (None, "")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sendAt": "24:00"}, "sendAt", "sendAt must be a time of day as HH:MM (e.g. 09:30)"),
        ({"sendAt": "9:30"}, "sendAt", "sendAt must be a time of day as HH:MM (e.g. 09:30)"),
        ({"sendAt": "09:30:00"}, "sendAt", "sendAt must be a time of day as HH:MM (e.g. 09:30)"),
        ({"delayFact": "order.reorder_days"}, "delayFact", "unknown delay fact 'order.reorder_"),
        ({"delayFact": "channel"}, "delayFact", "unknown delay fact 'channel'; use one of"),
        (
            {"delayFactOffsetDays": 61},
            "delayFactOffsetDays",
            "delayFactOffsetDays must be between -60 and 60, not 61",
        ),
        (
            {"delayFactOffsetDays": -61},
            "delayFactOffsetDays",
            "delayFactOffsetDays must be between -60 and 60, not -61",
        ),
    ],
)
def test_bad_timing_is_refused(api, change, field, message):
    step = make_scenario(delays=(0,)).steps.get()

    result = _update(api, step, change)

    assert _refused(result) == [(field, "INVALID")]
    assert result["errors"][0]["message"].startswith(message)
    stored = Step.objects.get(pk=step.pk)
    assert (stored.send_at, stored.delay_fact, stored.delay_fact_offset_days) == (None, "", 0)


def test_every_problem_is_listed_at_once_and_nothing_is_written(api):
    step = make_scenario(delays=(0,)).steps.get()

    result = _update(
        api,
        step,
        {
            "action": "MOVE",
            "sendAt": "noon",
            "voucher": json.dumps({"voucherId": "V1", "validDays": 0}),
            "delayFact": "order.total",
            "channelConfig": json.dumps({"url": "https://x.example.com"}),
        },
    )

    assert {field for field, _ in _refused(result)} == {
        "moveTo",
        "sendAt",
        "voucher",
        "delayFact",
        "channelConfig",
    }
    assert Step.objects.get(pk=step.pk).action == "send"


def test_a_line_step_takes_an_image_and_up_to_four_buttons(api):
    step = make_scenario(delays=(0,)).steps.get()
    config = {
        "image_url": "https://cdn.shop.example/tea.jpg",
        "buttons": [{"label": "Shop", "url": "https://shop.example/"}],
    }

    given = no_errors(
        _update_payload(api, step, {"channel": "LINE", "channelConfig": json.dumps(config)}),
        "stepmailStepUpdate",
    )

    assert (given["step"]["channel"], json.loads(given["step"]["channelConfig"])) == (
        "LINE",
        config,
    )


def test_a_line_step_refuses_an_http_image_five_buttons_and_long_labels(api):
    step = make_scenario(delays=(0,)).steps.get()
    button = {"label": "A label over twenty chars", "url": "https://shop.example/"}

    result = _update(
        api,
        step,
        {
            "channel": "LINE",
            "channelConfig": json.dumps({"image_url": "http://cdn.example/a.jpg", "buttons": []}),
        },
    )
    assert result["errors"][0]["message"].startswith("channel_config.image_url must be an https")
    result = _update(
        api, step, {"channel": "LINE", "channelConfig": json.dumps({"buttons": [button] * 5})}
    )
    assert "at most 4 buttons" in result["errors"][0]["message"]
    result = _update(
        api, step, {"channel": "LINE", "channelConfig": json.dumps({"buttons": [button]})}
    )
    assert result["errors"][0]["message"] == (
        "button 1: label must be 1 to 20 characters (LINE's limit)"
    )
    assert Step.objects.get(pk=step.pk).channel == "email"
