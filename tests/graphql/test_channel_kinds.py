"""The channels a step may use: each one's settings form and test-send answer over GraphQL, and
a new channel written in one class and registered in one line, used end to end."""

import json

import pytest

from saleor_stepmail.api.errors import InputError
from saleor_stepmail.api.previews import send_test_problems
from saleor_stepmail.api.steps import step_create
from saleor_stepmail.engine.channels import CHANNELS
from saleor_stepmail.engine.channels.base import Channel, Outgoing, PermanentFailure, Receipt
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery
from tests.factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

KINDS = """
query($language: StepmailLanguage) {
  stepmailChannelKinds {
    kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal
  }
}
"""


def _kinds(api, language="EN", token="designer") -> dict[str, dict]:
    payload = api(KINDS, {"language": language}, token=token)
    assert "errors" not in payload, payload
    return {row["kind"]: row for row in payload["data"]["stepmailChannelKinds"]}


def test_the_channel_list_gives_each_channel_its_form_and_whether_a_test_send_takes_it(api):
    kinds = _kinds(api)

    assert list(kinds) == ["EMAIL", "WEBHOOK", "CALL_TASK", "DM_EXPORT", "LINE"]
    assert (kinds["EMAIL"]["label"], kinds["EMAIL"]["canTestSend"]) == ("Email", True)
    assert json.loads(kinds["EMAIL"]["configSchema"])["properties"] == {}
    webhook = json.loads(kinds["WEBHOOK"]["configSchema"])
    assert webhook["required"] == ["url", "secret"]
    assert webhook["properties"]["secret"]["writeOnly"] is True
    assert webhook["properties"]["timeout"]["default"] == 10
    assert webhook["properties"]["url"]["label"] == {"en": "Receiver URL", "ja": "送信先URL"}
    line = kinds["LINE"]
    assert (line["htmlBody"], line["canTestSend"]) == (False, False)
    assert line["testSendRefusal"].startswith("a LINE step cannot be test-sent to an address")
    assert list(json.loads(line["configSchema"])["properties"]) == ["image_url", "buttons"]
    assert _kinds(api, language="JA")["LINE"]["label"] == "LINEメッセージ"


def test_the_channel_list_is_for_staff_only(api):
    payload = api(KINDS, {"language": "EN"}, token="hana")

    assert payload["data"] is None
    assert payload["errors"]


SENT: list[dict] = []


class SmsChannel(Channel):
    """A channel written in a test: one class, registered in one line below."""

    kind = "sms"
    label = {"en": "SMS", "ja": "SMS"}
    config_schema = {
        "type": "object",
        "properties": {
            "sender_id": {
                "type": "string",
                "maxLength": 11,
                "label": {"en": "Sender name", "ja": "送信者名"},
            },
        },
        "required": ["sender_id"],
    }
    test_send_refusal = "an sms step cannot be test-sent: it would text the customer"
    html_body = False

    def config_value_problems(self, config: dict) -> list[str]:
        sender = config.get("sender_id")
        if not isinstance(sender, str) or not 0 < len(sender) <= 11:
            return ["channel_config.sender_id must be 1 to 11 characters"]
        return []

    def build_payload(self, outgoing: Outgoing) -> dict:
        phone = (outgoing.context.get("customer") or {}).get("phone")
        if not phone:
            raise PermanentFailure("no phone number")
        sender = outgoing.delivery.step.channel_config["sender_id"]
        return {"to": phone, "from": sender, "text": outgoing.message.text}

    def transmit(self, payload: dict) -> int:
        SENT.append(payload)
        return len(SENT)

    def parse_result(self, payload: dict, result: int) -> Receipt:
        return Receipt(provider_id=f"sms-{result}")


@pytest.fixture
def sms(monkeypatch):
    SENT.clear()
    channel = SmsChannel()
    monkeypatch.setitem(CHANNELS, channel.kind, channel)  # its registration line
    return channel


def test_a_channel_written_as_one_class_and_registered_is_checked_listed_and_sent(
    api, clock, sms, monkeypatch
):
    scenario = make_scenario(slug="sms-thanks", delays=())
    step_data = {
        "channel": "sms",
        "subject_template": "Thanks",
        "text_template": "Hi {{ customer.first_name }}",
    }

    with pytest.raises(InputError) as refused:
        step_create(scenario=scenario, data={**step_data, "channel_config": {"sender": "Shop"}})
    assert [p.message for p in refused.value.problems] == [
        "unknown channelConfig keys sender; a sms step takes sender_id",
        "channel_config.sender_id must be 1 to 11 characters",
    ]
    step = step_create(
        scenario=scenario, data={**step_data, "channel_config": {"sender_id": "Midori"}}
    )

    assert [p.message for p in send_test_problems(step)] == [sms.test_send_refusal]
    monkeypatch.setattr(sms, "test_send_refusal", None)
    assert send_test_problems(step) == []

    listed = _kinds(api)["SMS"]
    assert (listed["label"], listed["htmlBody"], listed["canTestSend"]) == ("SMS", False, True)
    assert json.loads(listed["configSchema"]) == sms.config_schema

    event = order_created(clock.now)
    event.context["customer"]["phone"] = "+81751234567"
    record_event(event)
    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.provider_message_id) == ("sent", "sms-1")
    assert SENT == [{"to": "+81751234567", "from": "Midori", "text": "Hi Hana"}]


def test_a_step_on_a_channel_nobody_registered_is_refused():
    scenario = make_scenario(slug="fax-thanks", delays=())

    with pytest.raises(InputError) as refused:
        step_create(
            scenario=scenario,
            data={"channel": "fax", "subject_template": "Thanks", "text_template": "Hi"},
        )

    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("channel", "unknown value 'fax'; choose one of email, webhook, call_task, dm_export, line")
    ]
