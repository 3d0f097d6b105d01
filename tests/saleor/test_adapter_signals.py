"""What no hook carries: a deleted customer, a saved configuration, per-channel tracking, the
plugin's public URL from Saleor's."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.adapter.config import channel_config
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import InboundEvent
from saleor_stepmail.presets import scenario_create_from_preset

PUBLIC_URL = "https://api.midori.example/plugins/stepmail"


def test_deleting_a_user_records_one_erasure_event_without_any_plugin_hook(customer_user):
    user_id, email = customer_user.pk, customer_user.email

    customer_user.delete()

    inbound = InboundEvent.objects.get(type="customer_deleted")
    assert (inbound.type, inbound.user_id, inbound.email) == (
        "customer_deleted",
        str(user_id),
        email,
    )


def test_a_saved_configuration_is_read_again_at_once(stepmail_plugin, channel_USD):
    assert channel_config(channel_USD.slug)["sender_name"] == "Midori Tea"

    stepmail_plugin.configuration = [{"name": "sender_name", "value": "Midori Tea Osaka"}]
    stepmail_plugin.save(update_fields=["configuration"])

    assert channel_config(channel_USD.slug)["sender_name"] == "Midori Tea Osaka"


def _first_mail_html(order, outbox, *, public_url: str = PUBLIC_URL) -> str:
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    with override_settings(STEPMAIL={"public_url": public_url}):
        get_plugins_manager(allow_replica=False).order_fully_paid(order)
        inbound_apply_pending(now=timezone.now())
        dispatch_due(now=timezone.now() + timedelta(minutes=1))
    (message,) = outbox
    return message.alternatives[0][0]


def test_tracking_is_on_by_default(stepmail_plugin, order_with_lines, outbox):
    html = _first_mail_html(order_with_lines, outbox)

    assert f"{PUBLIC_URL}/t/c/" in html
    assert f"{PUBLIC_URL}/t/o/" in html


def test_without_a_stepmail_public_url_links_start_at_saleors_public_url(
    stepmail_plugin, order_with_lines, outbox, settings
):
    settings.PUBLIC_URL = "https://api.midori.example"

    html = _first_mail_html(order_with_lines, outbox, public_url="")

    assert f"{PUBLIC_URL}/t/c/" in html
    assert f"{PUBLIC_URL}/u/" in html


def test_a_channel_that_turns_tracking_off_gets_plain_links_and_keeps_unsubscribe(
    stepmail_plugin, order_with_lines, outbox
):
    stepmail_plugin.configuration = [
        *stepmail_plugin.configuration,
        {"name": "tracking", "value": False},
    ]
    stepmail_plugin.save(update_fields=["configuration"])

    html = _first_mail_html(order_with_lines, outbox)

    assert "/t/c/" not in html and "/t/o/" not in html
    assert 'href="https://midori.example/' in html
    assert f"{PUBLIC_URL}/u/" in html


def _paid_under_a_tokyo_send_window(plugin, order, *, country: str) -> None:
    """Channel send window 09:00-21:00 in Tokyo; the order of a customer in `country` paid and
    its events applied."""
    plugin.configuration = [
        *plugin.configuration,
        {"name": "send_window", "value": "09:00-21:00"},
        {"name": "timezone", "value": "Asia/Tokyo"},
    ]
    plugin.save(update_fields=["configuration"])
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    for address in (order.shipping_address, order.billing_address):
        address.country = country
        address.save(update_fields=["country"])
    get_plugins_manager(allow_replica=False).order_fully_paid(order)
    inbound_apply_pending(now=timezone.now())


def test_the_channel_send_window_defers_mail_to_its_opening(
    stepmail_plugin, order_with_lines, outbox
):
    # A customer in Japan (one zone): the window is Tokyo's either way.
    _paid_under_a_tokyo_send_window(stepmail_plugin, order_with_lines, country="JP")
    tokyo_3am = timezone.now().replace(hour=18, minute=0) + timedelta(days=1)  # 18:00 UTC

    dispatch_due(now=tokyo_3am)

    assert outbox == []
    dispatch_due(now=tokyo_3am + timedelta(hours=6, minutes=1))  # 09:01 in Tokyo
    assert len(outbox) == 1


def test_the_send_window_follows_the_customers_zone_where_their_country_has_one(
    stepmail_plugin, order_with_lines, outbox
):
    # A customer in Poland (one zone): Europe/Warsaw.
    _paid_under_a_tokyo_send_window(stepmail_plugin, order_with_lines, country="PL")
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    opening = datetime.combine(tomorrow, time(9, 0), ZoneInfo("Europe/Warsaw"))

    dispatch_due(now=opening - timedelta(minutes=30))  # 15:30 or 16:30 in Tokyo: open there

    assert outbox == []
    dispatch_due(now=opening + timedelta(minutes=1))
    assert len(outbox) == 1
