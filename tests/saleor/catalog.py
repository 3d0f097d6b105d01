"""Small builders of Saleor products and orders for cross-sell, backfill and voucher tests."""

import datetime
from decimal import Decimal

from django.utils import timezone
from saleor.order import OrderChargeStatus
from saleor.order.models import Order
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)

LONG_AGO = datetime.datetime(1999, 1, 1, tzinfo=datetime.UTC)


def product_make(
    like: Product,
    name: str,
    channel,
    *,
    prices: tuple[str, ...] = ("12.50",),
    category=None,
    published: bool = True,
    visible: bool = True,
    available_at: datetime.datetime | None = LONG_AGO,
) -> Product:
    """A product shaped like `like` (type, tax class), listed in `channel` with one variant per
    price."""
    product = Product.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        product_type=like.product_type,
        category=category or like.category,
        tax_class=like.tax_class,
    )
    ProductChannelListing.objects.create(
        product=product,
        channel=channel,
        is_published=published,
        visible_in_listings=visible,
        available_for_purchase_at=available_at,
        currency=channel.currency_code,
    )
    for index, price in enumerate(prices):
        variant = ProductVariant.objects.create(product=product, sku=f"{product.slug}-{index}")
        ProductVariantChannelListing.objects.create(
            variant=variant,
            channel=channel,
            price_amount=Decimal(price),
            currency=channel.currency_code,
        )
    return product


def order_make(
    order_generator,
    order_lines_generator,
    products: list[Product],
    *,
    email: str,
    user=None,
    days_ago: float = 0,
    paid: bool = False,
    **fields,
) -> Order:
    """A checkout order of `products`, one of each, at their channel price, `days_ago` old;
    `paid`: fully charged."""
    order = order_generator(user_email=email, user=user, **fields)
    variants = [product.variants.order_by("pk").first() for product in products]
    prices = [v.channel_listings.get(channel=order.channel).price_amount for v in variants]
    order_lines_generator(order, variants, prices, [1] * len(variants), create_allocations=False)
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    charge = {"charge_status": OrderChargeStatus.FULL} if paid else {}
    Order.objects.filter(pk=order.pk).update(created_at=created_at, **charge)
    order.created_at = created_at
    return order
