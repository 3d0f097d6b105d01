"""Saleor's checkouts as the abandoned-checkout sequence sees them.

The checkout hooks store variant ids and quantities only (one query on the checkout's lines);
names, prices, thumbnails and links are read here, in the worker, once per abandoned checkout,
from Saleor's products: they outlive the checkout, which Saleor deletes after a while.
"""

from collections.abc import Iterable, Sequence

from django.utils import timezone
from saleor.account.models import User
from saleor.order.models import Order
from saleor.product.models import ProductVariant, ProductVariantChannelListing

from ..conf import stepmail_settings
from ..engine.checkouts import cart_total, checkout_snapshot_record
from ..engine.integration import CartSettings
from ..models import CheckoutSnapshot
from .config import as_bool, channel_config
from .media import product_thumbnails
from .orders import money


def checkout_snapshot_from_hook(checkout) -> None:
    """The hook's write: the checkout's refs from memory, its lines in one query, one upsert."""
    lines = [
        {"variant_id": str(variant_id), "quantity": quantity}
        for variant_id, quantity in checkout.lines.order_by("created_at").values_list(
            "variant_id", "quantity"
        )
    ]
    checkout_snapshot_record(
        checkout_token=str(checkout.token),
        email=checkout.email or "",
        user_id=str(checkout.user_id or ""),
        channel_slug=checkout.channel.slug,
        lines=lines,
        now=timezone.now(),
    )


def cart_settings(channel_slug: str) -> CartSettings:
    config = channel_config(channel_slug)
    return CartSettings(
        url_template=config.get("cart_url_template") or stepmail_settings().cart_url_template,
        guests=as_bool(config.get("abandoned_checkout_guests", False)),
    )


def checkouts_completed(tokens: set[str]) -> set[str]:
    """Tokens of checkouts that became orders (Saleor's index on Order.checkout_token)."""
    if not tokens:
        return set()
    return set(
        Order.objects.filter(checkout_token__in=tokens).values_list("checkout_token", flat=True)
    )


def checkouts_ordered(tokens: Iterable[str]) -> set[str]:
    """Those of these checkout tokens that became an order."""
    tokens = {token for token in tokens if token}
    if not tokens:
        return set()
    return set(
        Order.objects.filter(checkout_token__in=tokens).values_list("checkout_token", flat=True)
    )


def checkout_facts(snapshots: Sequence[CheckoutSnapshot]) -> dict[str, dict]:
    """`cart` (lines with names, channel prices, thumbnails and links; total) and `customer`
    for each snapshot, by token, in four queries for the whole batch.

    Prices are the variants' channel prices, before discounts and shipping: the checkout's own
    prices are recomputed by Saleor only when a storefront reads them, so they may be stale.
    A variant deleted since is left out.
    """
    variant_ids = {
        int(line["variant_id"])
        for snapshot in snapshots
        for line in snapshot.content.get("lines", [])
        if str(line.get("variant_id", "")).isdigit()
    }
    variants = ProductVariant.objects.select_related("product").in_bulk(variant_ids)
    prices = {
        (listing.variant_id, listing.channel.slug): listing
        for listing in ProductVariantChannelListing.objects.filter(
            variant_id__in=variant_ids,
            channel__slug__in={s.channel_slug for s in snapshots},
            price_amount__isnull=False,
        ).select_related("channel")
    }
    thumbnails = product_thumbnails({v.product_id for v in variants.values()})
    names = dict(
        User.objects.filter(
            pk__in={int(s.user_id) for s in snapshots if s.user_id.isdigit()}
        ).values_list("pk", "first_name")
    )
    facts = {}
    for snapshot in snapshots:
        base = channel_config(snapshot.channel_slug).get("storefront_url", "").rstrip("/")
        lines = []
        for line in snapshot.content.get("lines", []):
            variant = variants.get(int(line["variant_id"])) if line.get("variant_id") else None
            if variant is None:
                continue
            listing = prices.get((variant.pk, snapshot.channel_slug))
            product = variant.product
            lines.append(
                {
                    "product_name": product.name,
                    "variant_name": variant.name,
                    "quantity": int(line["quantity"]),
                    "unit_price": money(listing.price_amount, listing.currency)
                    if listing
                    else None,
                    "thumbnail_url": thumbnails.get(product.pk, ""),
                    "product_url": f"{base}/products/{product.slug}/" if base else "",
                    "variant_id": str(variant.pk),
                }
            )
        user_id = int(snapshot.user_id) if snapshot.user_id.isdigit() else None
        facts[snapshot.checkout_token] = {
            "cart": {"lines": lines, "total": cart_total(lines)},
            "customer": {"first_name": names.get(user_id, "")},
        }
    return facts
