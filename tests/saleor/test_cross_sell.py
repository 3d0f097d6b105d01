"""Cross-sell in a mail: bought together with the customer's order, buyable in its channel."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.order import OrderChargeStatus
from saleor.plugins.manager import get_plugins_manager
from saleor.product.models import Category

from saleor_stepmail.adapter.integration import SaleorIntegration
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .catalog import order_make, product_make


@pytest.fixture
def shop(product, channel_USD, channel_PLN, order_generator, order_lines_generator):
    """Sencha (what Hana buys), and what other customers bought with it."""
    other = Category.objects.create(name="Teaware", slug="teaware")
    make = {"like": product, "channel": channel_USD, "category": other}
    catalog = {
        "sencha": product_make(name="Sencha", **{**make, "category": product.category}),
        "kyusu": product_make(name="Kyusu", prices=("48.00", "39.90"), **make),
        "cups": product_make(name="Cups", **make),
        "hidden": product_make(name="Hidden Tray", published=False, **make),
        "unlisted": product_make(name="Unlisted Lid", visible=False, **make),
        "upcoming": product_make(
            name="Upcoming Kettle", available_at=timezone.now() + timedelta(days=3), **make
        ),
        "pln_only": product_make(name="PLN Whisk", **{**make, "channel": channel_PLN}),
        "owned": product_make(name="Owned Caddy", **make),
        "matcha": product_make(name="Matcha", **{**make, "category": product.category}),
    }
    # Sold in USD once (its variant keeps a USD price) but listed in PLN only now.
    catalog["pln_only"].variants.get().channel_listings.create(
        channel=channel_USD, price_amount="9.00", currency="USD"
    )
    together = ["kyusu", "cups", "hidden", "unlisted", "upcoming", "pln_only", "owned"]
    for n, extra in enumerate([together, ["kyusu"], ["kyusu", "cups"]]):
        order_make(
            order_generator,
            order_lines_generator,
            [catalog["sencha"], *(catalog[name] for name in extra)],
            email=f"buyer{n}@example.com",
            days_ago=20,
        )
    return catalog


def _enrol_after_paid_order(order) -> Enrollment:
    order.charge_status = OrderChargeStatus.FULL
    order.save(update_fields=["charge_status"])
    get_plugins_manager(allow_replica=False).order_fully_paid(order)
    inbound_apply_pending(now=timezone.now())
    return Enrollment.objects.get(source_order_id=str(order.pk))


def _cross_sell(enrollment) -> list[dict]:
    return SaleorIntegration().template_context(enrollment)["cross_sell"]()


def test_products_bought_together_come_first_ranked_by_orders_then_the_same_category(
    stepmail_plugin, shop, customer_user, order_generator, order_lines_generator
):
    scenario_create_from_preset(preset="cross-sell", language="en", activate=True)
    order_make(
        order_generator,
        order_lines_generator,
        [shop["owned"]],
        email=customer_user.email,
        user=customer_user,
        days_ago=100,
    )
    order = order_make(
        order_generator,
        order_lines_generator,
        [shop["sencha"]],
        email=customer_user.email,
        user=customer_user,
    )

    suggestions = _cross_sell(_enrol_after_paid_order(order))

    assert [s["name"] for s in suggestions] == ["Kyusu", "Cups", "Matcha", "Test product"]
    assert suggestions[0] == {
        "name": "Kyusu",
        "url": "https://midori.example/products/kyusu/",
        "price": {"amount": "39.90", "currency": "USD"},
        "thumbnail_url": "",
    }


def test_a_mail_lists_the_cross_sell_products_with_links_and_prices(
    stepmail_plugin, shop, customer_user, order_generator, order_lines_generator, outbox
):
    scenario_create_from_preset(preset="cross-sell", language="en", activate=True)
    order = order_make(
        order_generator,
        order_lines_generator,
        [shop["sencha"]],
        email=customer_user.email,
        user=customer_user,
    )
    _enrol_after_paid_order(order)

    dispatch_due(now=timezone.now() + timedelta(days=10, minutes=1))

    (message,) = outbox
    assert "- Kyusu (39.90 USD) https://midori.example/products/kyusu/" in message.body
    assert "- Cups (12.50 USD) https://midori.example/products/cups/" in message.body
    for absent in ("Hidden Tray", "Unlisted Lid", "Upcoming Kettle", "PLN Whisk", "Sencha"):
        assert not re.search(rf"- {absent} \([\d.]+ USD\)", message.body)


def test_without_co_purchases_the_same_category_fills_the_list(
    stepmail_plugin, product, channel_USD, customer_user, order_generator, order_lines_generator
):
    scenario_create_from_preset(preset="cross-sell", language="en", activate=True)
    product_make(product, "Hojicha", channel_USD)
    product_make(product, "Genmaicha", channel_USD, published=False)
    order = order_make(
        order_generator,
        order_lines_generator,
        [product],
        email=customer_user.email,
        user=customer_user,
    )

    suggestions = _cross_sell(_enrol_after_paid_order(order))

    assert [s["name"] for s in suggestions] == ["Hojicha"]
