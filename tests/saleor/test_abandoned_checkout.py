"""Abandoned checkouts inside Saleor: checkouts made through its GraphQL API, found by the tick."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from saleor.checkout.models import Checkout
from saleor.order import OrderOrigin, OrderStatus
from saleor.order.models import Order

from saleor_stepmail.adapter.config import channel_config_forget
from saleor_stepmail.engine.abandonment import checkouts_detect_abandoned
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import CheckoutSnapshot, Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .checkouts import checkout_complete, checkout_create, checkout_pay

CART_URL = "https://midori.example/cart?checkout={token}"


@pytest.fixture
def sequence(stepmail_plugin):
    stepmail_plugin.configuration.append({"name": "cart_url_template", "value": CART_URL})
    stepmail_plugin.save(update_fields=["configuration"])
    channel_config_forget()
    return scenario_create_from_preset(preset="abandoned-checkout", language="en", activate=True)


@pytest.fixture
def leave_cart(user_api_client, product, shipping_method, channel_USD):
    """A checkout the logged-in customer fills through the API, then leaves."""

    def create() -> tuple[Checkout, Decimal]:
        return checkout_create(
            user_api_client,
            variant=product.variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=user_api_client.user.email,
        )

    return create


def test_checkout_hooks_keep_a_snapshot_with_the_lines_ids(sequence, leave_cart, customer_user):
    checkout, _ = leave_cart()

    snapshot = CheckoutSnapshot.objects.get()
    assert snapshot.checkout_token == str(checkout.token)
    assert (snapshot.email, snapshot.user_id, snapshot.channel_slug) == (
        customer_user.email,
        str(customer_user.pk),
        checkout.channel.slug,
    )
    line = checkout.lines.get()
    assert snapshot.content["lines"] == [
        {"variant_id": str(line.variant_id), "quantity": line.quantity}
    ]
    assert (snapshot.line_count, snapshot.abandoned_at, snapshot.completed_at) == (1, None, None)


def test_checkout_left_alone_is_enrolled_after_the_idle_time_and_mailed_after_saleor_deletes_it(
    sequence, leave_cart, product, outbox
):
    checkout, _ = leave_cart()
    token = str(checkout.token)
    now = timezone.now()

    assert checkouts_detect_abandoned(now=now + timedelta(minutes=50)) == {}
    assert checkouts_detect_abandoned(now=now + timedelta(minutes=61))["checkouts_abandoned"] == 1

    enrollment = Enrollment.objects.get(scenario=sequence)
    cart = enrollment.context["cart"]
    variant = product.variants.first()
    assert cart["url"] == f"https://midori.example/cart?checkout={token}"
    assert [(line["product_name"], line["quantity"]) for line in cart["lines"]] == [
        (product.name, 2)
    ]
    price = variant.channel_listings.get(channel=checkout.channel).price_amount
    assert cart["lines"][0]["unit_price"]["amount"] == f"{price:.2f}"
    assert cart["total"]["amount"] == f"{price * 2:.2f}"

    Checkout.objects.filter(token=token).delete()
    assert dispatch_due(now=now + timedelta(minutes=61))["sent"] == 1

    (message,) = outbox
    assert message.subject == "You left something in your cart"
    assert f"- {product.name}" in message.body
    assert f"Return to your cart: https://midori.example/cart?checkout={token}" in message.body


def test_checkout_completed_within_the_idle_time_is_never_enrolled(
    sequence, leave_cart, user_api_client, transaction_item_generator
):
    checkout, total = leave_cart()
    checkout_pay(checkout, total, transaction_item_generator)
    checkout_complete(user_api_client, checkout)

    assert CheckoutSnapshot.objects.get().completed_at is not None
    assert checkouts_detect_abandoned(now=timezone.now() + timedelta(hours=2)) == {}
    assert not Enrollment.objects.filter(scenario=sequence).exists()


def test_order_of_the_checkout_stops_the_next_mail_before_its_event_is_applied(
    sequence, leave_cart, customer_user, channel_USD, outbox
):
    checkout, _ = leave_cart()
    now = timezone.now()
    checkouts_detect_abandoned(now=now + timedelta(hours=1))
    dispatch_due(now=now + timedelta(hours=1))
    assert len(outbox) == 1
    # Written straight into Saleor's table: no hook, no event; only the re-check sees it.
    Order.objects.create(
        user=None,
        user_email="someone-else@example.com",
        channel=channel_USD,
        origin=OrderOrigin.CHECKOUT,
        status=OrderStatus.UNFULFILLED,
        checkout_token=str(checkout.token),
        lines_count=0,
    )

    outcomes = dispatch_due(now=now + timedelta(days=4))

    assert outcomes["sent"] == 0
    assert len(outbox) == 1
    enrollment = Enrollment.objects.get(scenario=sequence)
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "checkout_completed")


def test_guest_checkout_is_enrolled_only_where_the_channel_allows_guests(
    sequence, stepmail_plugin, api_client, product, shipping_method, channel_USD
):
    def guest_cart(email: str) -> None:
        checkout_create(
            api_client,
            variant=product.variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=email,
        )

    guest_cart("guest-1@example.com")
    now = timezone.now()
    assert checkouts_detect_abandoned(now=now + timedelta(hours=2)) == {
        "checkouts_of_guests_left": 1
    }

    stepmail_plugin.configuration.append({"name": "abandoned_checkout_guests", "value": True})
    stepmail_plugin.save(update_fields=["configuration"])
    channel_config_forget()
    guest_cart("guest-2@example.com")
    checkouts_detect_abandoned(now=now + timedelta(hours=2))

    assert list(Enrollment.objects.values_list("email", flat=True)) == ["guest-2@example.com"]


def test_failing_snapshot_write_does_not_fail_the_checkout(sequence, leave_cart, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("saleor_stepmail.adapter.checkouts.checkout_snapshot_record", broken)

    checkout, _ = leave_cart()

    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert not CheckoutSnapshot.objects.exists()
