"""A step mail rendered from a real Saleor order and the channel's plugin configuration."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.presets import scenario_create_from_preset


def test_mail_shows_the_customer_order_lines_total_and_the_channel_sender_and_footer(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    order = order_with_lines
    get_plugins_manager(allow_replica=False).order_fully_paid(order)
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
        assert f"{order.total_gross_amount.quantize(Decimal('0.01'))} USD" in body
        assert "Midori Tea K.K." in body
        assert "1-2-3 Uji, Kyoto 611-0021" in body
        assert "help@midori.example" in body


def test_sender_and_footer_follow_a_configuration_saved_a_moment_ago(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())
    dispatch_due(now=timezone.now() + timedelta(minutes=1))  # reads and caches the old config
    outbox.clear()
    stepmail_plugin.configuration = [
        {"name": "sender_name", "value": "Midori Tea Osaka"},
        {"name": "sender_address", "value": "osaka@midori.example"},
        {"name": "legal_sender_name", "value": "Midori Tea West K.K."},
        {"name": "send_window", "value": ""},
    ]
    stepmail_plugin.save(update_fields=["configuration"])

    dispatch_due(now=timezone.now() + timedelta(days=3, minutes=1))

    (message,) = outbox
    assert message.from_email == "Midori Tea Osaka <osaka@midori.example>"
    assert "Midori Tea West K.K." in message.body


def test_totals_show_the_currency_precision_not_the_database_scale(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    order_with_lines.total_gross_amount = Decimal("1234.500")
    order_with_lines.save(update_fields=["total_gross_amount"])
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    (message,) = outbox
    assert "1234.50 USD" in message.body
    assert "1234.500" not in message.body


def test_each_order_line_shows_its_product_thumbnail_and_storefront_link(
    stepmail_plugin, order_with_lines, outbox
):
    from saleor.product import ProductMediaTypes
    from saleor.product.models import ProductMedia

    from saleor_stepmail.adapter.media import thumbnail_url

    # Links as written: with tracking on they would lead through the click redirect.
    stepmail_plugin.configuration = [
        *stepmail_plugin.configuration,
        {"name": "tracking", "value": False},
    ]
    stepmail_plugin.save(update_fields=["configuration"])
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    line = order_with_lines.lines.first()
    product = line.variant.product
    media = ProductMedia.objects.create(
        product=product, image="products/tea.jpg", type=ProductMediaTypes.IMAGE, sort_order=0
    )
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    (message,) = outbox
    html, _ = message.alternatives[0]
    assert f'<img src="{thumbnail_url(media.pk)}"' in html
    assert f"/products/{product.slug}/" in html
