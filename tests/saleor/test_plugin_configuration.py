"""The channel configuration is checked when saved, and a bad stored value never loses mail."""

import logging
from datetime import timedelta

import graphene
from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager
from saleor.plugins.models import PluginConfiguration

from saleor_stepmail.adapter.integration import SaleorIntegration
from saleor_stepmail.constants import PLUGIN_ID
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.engine.timing import SendWindow
from saleor_stepmail.models import Delivery, Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

PLUGIN_UPDATE = """
mutation ($id: ID!, $channelId: ID, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, channelId: $channelId, input: $input) {
    plugin { id }
    errors { field message code }
  }
}
"""


def _update(staff_api_client, permission_manage_plugins, channel, configuration: dict) -> dict:
    staff_api_client.user.user_permissions.add(permission_manage_plugins)
    variables = {
        "id": PLUGIN_ID,
        "channelId": graphene.Node.to_global_id("Channel", channel.pk),
        "input": {"configuration": [{"name": k, "value": v} for k, v in configuration.items()]},
    }
    content = staff_api_client.post_graphql(PLUGIN_UPDATE, variables).json()
    assert "errors" not in content, content["errors"]
    return content["data"]["pluginUpdate"]


def _stored(channel) -> dict:
    row = PluginConfiguration.objects.get(identifier=PLUGIN_ID, channel=channel)
    return {item["name"]: item["value"] for item in row.configuration}


def test_plugin_update_with_a_mistyped_time_zone_is_refused_on_that_field(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD
):
    result = _update(
        staff_api_client, permission_manage_plugins, channel_USD, {"timezone": "Asia/Tokio"}
    )

    assert result["errors"] == [
        {
            "field": "timezone",
            "message": "'Asia/Tokio' is not an IANA time zone (e.g. Asia/Tokyo)",
            "code": "INVALID",
        }
    ]
    assert _stored(channel_USD).get("timezone", "Asia/Tokyo") == "Asia/Tokyo"


def test_plugin_update_names_every_bad_typed_field(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD
):
    result = _update(
        staff_api_client,
        permission_manage_plugins,
        channel_USD,
        {
            "send_window": "9-21",
            "payment_due_days": "a week",
            "sender_address": "shop at midori",
            "storefront_url": "midori.example",
        },
    )

    # Saleor names the configuration fields in camelCase, as it does every error field.
    assert {e["field"]: e["message"] for e in result["errors"]} == {
        "sendWindow": "send window '9-21' must look like 09:00-21:00",
        "paymentDueDays": "'a week' is not a number of days from 0 to 365, e.g. 7",
        "senderAddress": "'shop at midori' is not an email address",
        "storefrontUrl": "'midori.example' is not an http(s) URL, e.g. https://shop.example.jp/",
    }


def test_plugin_update_with_valid_values_is_saved(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD
):
    result = _update(
        staff_api_client,
        permission_manage_plugins,
        channel_USD,
        {"timezone": "Europe/Paris", "send_window": "08:00-20:00"},
    )

    assert result["errors"] == []
    assert _stored(channel_USD)["timezone"] == "Europe/Paris"


def test_a_stored_bad_time_zone_still_sends_and_keeps_the_send_window(
    stepmail_plugin, order_with_lines, outbox, caplog
):
    # Saved before the check existed, or written by hand.
    stepmail_plugin.configuration += [
        {"name": "timezone", "value": "Asia/Tokio"},
        {"name": "send_window", "value": "00:00-24:00"},
    ]
    stepmail_plugin.save(update_fields=["configuration"])
    scenario = scenario_create_from_preset(
        preset="second-purchase", language="en", activate=True, timezone="Asia/Tokyo"
    )
    for address in (order_with_lines.shipping_address, order_with_lines.billing_address):
        address.country = "US"  # several zones: the customer's zone is not known
        address.save(update_fields=["country"])
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())

    with caplog.at_level(logging.WARNING, logger="saleor_stepmail.adapter.config"):
        outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outcomes["sent"] == 1
    assert len(outbox) == 1
    assert Delivery.objects.filter(state="sent").count() == 1
    assert any(
        "timezone" in r.getMessage() and "Asia/Tokio" in r.getMessage() for r in caplog.records
    )
    # The channel's window stays, in the scenario's zone instead of the mistyped one.
    window = SaleorIntegration().send_window(Enrollment.objects.get())
    assert window == SendWindow.parse("00:00-24:00", scenario.timezone)


def test_one_scenario_per_trigger_set_in_the_dashboard_keeps_a_new_buyer_to_the_oldest_program(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD, buy
):
    program = scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    second = scenario_create_from_preset(
        preset="second-purchase", language="ja", slug="thanks-ja", activate=True
    )
    result = _update(
        staff_api_client, permission_manage_plugins, channel_USD, {"one_scenario_per_trigger": True}
    )
    assert result["errors"] == []

    order = buy()  # a real paid checkout: Saleor's hooks, then the inbox

    inbound_apply_pending(now=timezone.now())
    assert list(Enrollment.objects.values_list("scenario_id", "source_order_id")) == [
        (program.pk, str(order.pk))
    ]
    assert not Enrollment.objects.filter(scenario=second).exists()
