"""A step mail rendered from a real Saleor order and the channel's plugin configuration."""

import time
from datetime import timedelta

from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail import saleor_integration
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.presets import scenario_create_from_preset


def test_mail_shows_the_customer_order_lines_total_and_the_channel_sender_and_footer(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    order = order_with_lines
    get_plugins_manager(allow_replica=False).order_created(order)
    inbound_apply_pending(now=timezone.now())

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    (message,) = outbox
    html, _ = message.alternatives[0]
    assert message.to == [order.user_email]
    assert message.from_email == "Midori Tea <shop@midori.example>"
    assert message.subject == f"Thank you for your order, {order.user.first_name}"
    for body in (message.body, html):
        assert f"Hi {order.user.first_name}," in body
        assert f"no. {order.number}" in body
        for line in order.lines.all():
            assert line.product_name in body
            assert f"× {line.quantity}" in body
        assert f"{order.total_gross_amount} USD" in body
        assert "Midori Tea K.K." in body
        assert "1-2-3 Uji, Kyoto 611-0021" in body
        assert "help@midori.example" in body


def test_sender_and_footer_follow_a_configuration_change_within_a_minute(
    stepmail_plugin, order_with_lines, outbox, monkeypatch
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    get_plugins_manager(allow_replica=False).order_created(order_with_lines)
    inbound_apply_pending(now=timezone.now())
    stepmail_plugin.configuration = [
        {"name": "sender_name", "value": "Midori Tea Osaka"},
        {"name": "sender_address", "value": "osaka@midori.example"},
        {"name": "legal_sender_name", "value": "Midori Tea West K.K."},
    ]
    stepmail_plugin.save(update_fields=["configuration"])
    monotonic = time.monotonic
    monkeypatch.setattr(
        saleor_integration.time,
        "monotonic",
        lambda: monotonic() + saleor_integration.CONFIG_TTL_SECONDS,
    )

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    (message,) = outbox
    assert message.from_email == "Midori Tea Osaka <osaka@midori.example>"
    assert "Midori Tea West K.K." in message.body
