"""The plugin as Saleor loads it: per channel, configurable, and harmless when it fails."""

import logging

import pytest
from django.db import connection
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail import plugin as plugin_module
from saleor_stepmail.constants import PLUGIN_ID
from saleor_stepmail.models import InboundEvent
from saleor_stepmail.plugin import StepMailPlugin

PLUGIN_QUERY = """
query ($id: ID!) {
  plugin(id: $id) {
    channelConfigurations {
      channel { slug }
      active
      configuration { name type label helpText }
    }
  }
}
"""

HOOKS = [
    "order_created",
    "order_fully_paid",
    "order_paid",
    "order_cancelled",
    "order_expired",
    "order_fully_refunded",
]
CUSTOMER_HOOKS = ["customer_created", "customer_deleted", "account_deleted"]


def test_manager_loads_the_plugin_active_only_in_its_configured_channel(
    stepmail_plugin, channel_USD, channel_PLN
):
    manager = get_plugins_manager(allow_replica=False)

    in_usd = manager.get_plugin(PLUGIN_ID, channel_slug=channel_USD.slug)
    in_pln = manager.get_plugin(PLUGIN_ID, channel_slug=channel_PLN.slug)

    assert isinstance(in_usd, StepMailPlugin)
    assert in_usd.active
    assert in_usd.channel == channel_USD
    assert {item["name"]: item["value"] for item in in_usd.configuration}["sender_name"] == (
        "Midori Tea"
    )
    assert isinstance(in_pln, StepMailPlugin)
    assert not in_pln.active


def test_configuration_fields_appear_in_the_plugin_api(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD
):
    staff_api_client.user.user_permissions.add(permission_manage_plugins)

    content = staff_api_client.post_graphql(PLUGIN_QUERY, {"id": PLUGIN_ID}).json()

    assert "errors" not in content, content["errors"]
    configurations = {
        c["channel"]["slug"]: c for c in content["data"]["plugin"]["channelConfigurations"]
    }
    usd = configurations[channel_USD.slug]
    assert usd["active"] is True
    fields = {field["name"]: field for field in usd["configuration"]}
    assert set(fields) == set(StepMailPlugin.CONFIG_STRUCTURE)
    assert fields["legal_postal_address"]["type"] == "MULTILINE"
    assert fields["sender_address"]["label"] == "Sender address"
    assert fields["timezone"]["helpText"]


def test_hooks_record_nothing_in_a_channel_where_the_plugin_is_inactive(
    stepmail_plugin, order, channel_PLN
):
    order.channel = channel_PLN
    order.save(update_fields=["channel"])
    manager = get_plugins_manager(allow_replica=False)

    manager.order_created(order)
    manager.order_fully_paid(order)

    assert not InboundEvent.objects.exclude(type="customer_created").exists()


def test_hooks_record_an_inbound_event_in_the_active_channel(stepmail_plugin, order):
    manager = get_plugins_manager(allow_replica=False)

    manager.order_created(order)

    inbound = InboundEvent.objects.exclude(type="customer_created").get()
    assert (inbound.type, inbound.order_id, inbound.channel_slug) == (
        "order_created",
        str(order.pk),
        order.channel.slug,
    )
    assert inbound.email == order.user_email


def test_failing_record_is_logged_with_the_order_id_and_not_raised(
    stepmail_plugin, order, monkeypatch, caplog
):
    def broken_record(**kwargs):
        raise RuntimeError("inbox unavailable")

    monkeypatch.setattr(plugin_module, "inbound_record", broken_record)
    manager = get_plugins_manager(allow_replica=False)

    with caplog.at_level(logging.ERROR, logger="saleor_stepmail.plugin"):
        manager.order_created(order)
        manager.order_fully_paid(order)

    messages = [r.getMessage() for r in caplog.records]
    assert f"stepmail: could not record order_created for order {order.pk}" in messages
    assert f"stepmail: could not record order_fully_paid for order {order.pk}" in messages


def test_database_error_in_a_hook_leaves_checkout_complete_working(
    stepmail_plugin, buy, monkeypatch
):
    def failing_insert(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO stepmail_table_that_does_not_exist VALUES (1)")

    monkeypatch.setattr(plugin_module, "inbound_record", failing_insert)

    order = buy()  # checkoutComplete runs Saleor's on-commit hooks

    assert order.charge_status == "full"
    assert not InboundEvent.objects.exclude(type="customer_created").exists()


@pytest.mark.parametrize("hook", HOOKS)
def test_order_hooks_accept_the_keyword_arguments_saleor_adds(stepmail_plugin, order, hook):
    manager = get_plugins_manager(allow_replica=False)
    instance = manager.get_plugin(PLUGIN_ID, channel_slug=order.channel.slug)

    returned = getattr(instance, hook)(
        order, previous_value="previous", webhooks=[], notify_customer=True
    )

    assert returned == "previous"
    assert InboundEvent.objects.filter(order_id=str(order.pk)).count() == 1


@pytest.mark.parametrize("hook", CUSTOMER_HOOKS)
def test_customer_hooks_accept_the_keyword_arguments_saleor_adds(
    stepmail_plugin, customer_user, channel_USD, hook
):
    manager = get_plugins_manager(allow_replica=False)
    instance = manager.get_plugin(PLUGIN_ID, channel_slug=channel_USD.slug)

    returned = getattr(instance, hook)(customer_user, previous_value="previous", webhooks=None)

    assert returned == "previous"
    # The hook's record; the signal recorded the fixture's account when it was created.
    assert InboundEvent.objects.latest("pk").email == customer_user.email
