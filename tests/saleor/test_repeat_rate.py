"""The repeat rate read from Saleor's own orders: checkouts whose metadata the storefront set
(docs/repeat-rate.md) give their orders' acquisition source, and orders placed before the
plugin was installed count."""

from datetime import timedelta

import graphene
import pytest
from django.utils import timezone
from saleor.order.models import Order

from saleor_stepmail.engine.integration import current_integration
from saleor_stepmail.engine.repeat_rate import (
    CohortDimension,
    days_to_second_order,
    repeat_rates,
    revenue_per_customer,
)
from saleor_stepmail.models import InboundEvent

from .checkouts import checkout_complete, checkout_create, checkout_pay, graphql

# The storefront's call (docs/repeat-rate.md): Saleor's updateMetadata on the checkout, which
# a customer's own checkout token allows.
UPDATE_METADATA = """
mutation ($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) { errors { field code message } }
}
"""


@pytest.fixture
def storefront_order(api_client, product, shipping_method, channel_USD, transaction_item_generator):
    """A paid order placed through a checkout, with the visit's UTM keys set on it first."""

    def place(*, email: str, client=None, **metadata: str) -> Order:
        client = client or api_client
        checkout, total = checkout_create(
            client,
            variant=product.variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=email,
        )
        if metadata:
            graphql(
                client,
                UPDATE_METADATA,
                {
                    "id": graphene.Node.to_global_id("Checkout", checkout.token),
                    "input": [{"key": k, "value": v} for k, v in metadata.items()],
                },
            )
        checkout_pay(checkout, total, transaction_item_generator)
        placed = checkout_complete(client, checkout)
        return Order.objects.get(pk=graphene.Node.from_global_id(placed["id"])[1])

    return place


def _range():
    now = timezone.now()
    return {"start": now - timedelta(days=1), "end": now + timedelta(days=1)}


def test_the_storefronts_utm_keys_give_the_source_and_its_repeat_rate(
    stepmail_plugin, storefront_order, channel_USD, product
):
    first = storefront_order(
        email="ig@example.com",
        utm_source="Instagram",
        utm_medium="paid_social",
        utm_campaign="spring",
    )
    storefront_order(email="ig@example.com")  # the second order: no ad this time
    storefront_order(email="ig-2@example.com", utm_source="instagram")
    storefront_order(email="mail@example.com", referrer="https://news.example.org/tea")
    storefront_order(email="plain@example.com")
    assert first.metadata["utm_source"] == "Instagram"  # Saleor copied the checkout's

    later = timezone.now() + timedelta(days=31)
    by_source = {
        row.key: (row.first_buyers, row.windows[0].returned)
        for row in repeat_rates(by=CohortDimension.SOURCE, now=later, **_range())
    }

    assert by_source == {
        "instagram": (2, 1),
        "news.example.org": (1, 0),
        f"channel:{channel_USD.slug}": (1, 0),
    }
    (by_medium,) = [
        row
        for row in repeat_rates(by=CohortDimension.MEDIUM, now=later, **_range())
        if row.key == "paid_social"
    ]
    assert by_medium.first_buyers == 1
    (by_category,) = repeat_rates(by=CohortDimension.CATEGORY, now=later, **_range())
    assert (by_category.key, by_category.first_buyers) == (product.category.slug, 4)
    (month,) = repeat_rates(by=CohortDimension.MONTH, now=later, **_range())
    assert (month.first_buyers, month.windows[0].eligible, month.windows[0].returned) == (4, 4, 1)
    (usd,) = revenue_per_customer(now=later, **_range())
    assert usd.currency == "USD"
    assert usd.windows[0].revenue == sum(o.total_gross_amount for o in Order.objects.all())


def test_orders_placed_before_the_plugin_was_installed_count(
    request, storefront_order, settings, user_api_client, customer_user
):
    settings.PLUGINS = []
    # A guest first, who registers later and orders again from the account.
    before = storefront_order(email=customer_user.email, utm_source="flyer")
    request.getfixturevalue("stepmail_plugin")
    after = storefront_order(email=customer_user.email, client=user_api_client)

    assert not InboundEvent.objects.filter(order_id=str(before.pk)).exists()
    assert InboundEvent.objects.filter(order_id=str(after.pk)).exists()
    later = timezone.now() + timedelta(days=31)
    (row,) = repeat_rates(by=CohortDimension.SOURCE, now=later, **_range())
    assert (row.key, row.first_buyers, row.windows[0].returned) == ("flyer", 1, 1)
    assert days_to_second_order(now=later, **_range()).returned == 1


def test_a_cancelled_order_is_not_a_first_order(stepmail_plugin, storefront_order):
    cancelled = storefront_order(email="c@example.com", utm_source="flyer")
    Order.objects.filter(pk=cancelled.pk).update(status="canceled")
    storefront_order(email="c@example.com", utm_source="search")

    later = timezone.now() + timedelta(days=31)
    (row,) = repeat_rates(by=CohortDimension.SOURCE, now=later, **_range())

    assert (row.key, row.first_buyers, row.windows[0].returned) == ("search", 1, 0)
    assert current_integration().order_rows().params["stepmail_draft"] == "draft"
