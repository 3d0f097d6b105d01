"""Cross-sell: what other customers bought together with what this customer bought, in one query.

Seeds are the products of the enrolment's order. A candidate scores the number of orders in
which it was bought together with a seed; when that gives fewer than `limit` products, the
seeds' categories fill up the list. Only products a customer could buy now in the order's
channel count (published, available for purchase, visible in listings, a priced variant in the
channel), and nothing this customer has ever bought.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection
from saleor.core.utils import build_absolute_uri
from saleor.order.models import Order, OrderLine
from saleor.product.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
)
from saleor.thumbnail.utils import get_thumbnail_size, prepare_image_proxy_url

from .orders import money

CROSS_SELL_LIMIT = 4
THUMBNAIL_SIZE = 256

# Saleor's tables, by their models (the names are Django's defaults today).
_TABLES = {
    "order": Order._meta.db_table,
    "line": OrderLine._meta.db_table,
    "product": Product._meta.db_table,
    "variant": ProductVariant._meta.db_table,
    "listing": ProductChannelListing._meta.db_table,
    "variant_listing": ProductVariantChannelListing._meta.db_table,
    "media": ProductMedia._meta.db_table,
}

_QUERY = """
WITH seed AS (
    SELECT DISTINCT v.product_id
    FROM {line} l JOIN {variant} v ON v.id = l.variant_id
    WHERE l.order_id = %(order_id)s
),
owned AS (
    SELECT DISTINCT v.product_id
    FROM {order} o
    JOIN {line} l ON l.order_id = o.id
    JOIN {variant} v ON v.id = l.variant_id
    WHERE o.status <> 'draft'
      AND (o.id = %(order_id)s OR o.user_email ILIKE %(email)s OR o.user_id = %(user_id)s)
),
together AS (
    SELECT v2.product_id, count(DISTINCT l2.order_id) AS score, 0 AS tier
    FROM {line} l1
    JOIN {variant} v1 ON v1.id = l1.variant_id
    JOIN {line} l2 ON l2.order_id = l1.order_id AND l2.id <> l1.id
    JOIN {variant} v2 ON v2.id = l2.variant_id
    JOIN {order} o ON o.id = l1.order_id
    WHERE v1.product_id IN (SELECT product_id FROM seed) AND o.status <> 'draft'
    GROUP BY v2.product_id
),
same_category AS (
    SELECT p.id AS product_id, 0 AS score, 1 AS tier
    FROM {product} p
    WHERE p.category_id IN (
        SELECT category_id FROM {product} WHERE id IN (SELECT product_id FROM seed)
    )
),
candidate AS (
    SELECT DISTINCT ON (product_id) product_id, score, tier
    FROM (SELECT * FROM together UNION ALL SELECT * FROM same_category) c
    WHERE product_id NOT IN (SELECT product_id FROM owned)
    ORDER BY product_id, tier, score DESC
)
SELECT p.id, p.name, p.slug, price.amount, price.currency,
    (SELECT m.id FROM {media} m
     WHERE m.product_id = p.id AND m.type = 'IMAGE' AND m.image <> '' AND NOT m.to_remove
     ORDER BY m.sort_order NULLS LAST, m.id LIMIT 1) AS media_id
FROM candidate c
JOIN {product} p ON p.id = c.product_id
JOIN {listing} pl ON pl.product_id = p.id AND pl.channel_id = %(channel_id)s
JOIN LATERAL (
    SELECT vl.price_amount AS amount, vl.currency
    FROM {variant} v JOIN {variant_listing} vl ON vl.variant_id = v.id
    WHERE v.product_id = p.id AND vl.channel_id = %(channel_id)s AND vl.price_amount IS NOT NULL
    ORDER BY vl.price_amount LIMIT 1
) price ON true
WHERE pl.is_published
  AND (pl.published_at IS NULL OR pl.published_at <= %(now)s)
  AND pl.visible_in_listings
  AND pl.available_for_purchase_at <= %(now)s
ORDER BY c.tier, c.score DESC, p.name, p.id
LIMIT %(limit)s
""".format(**_TABLES)


@dataclass(frozen=True)
class Suggestion:
    product_id: int
    name: str
    slug: str
    price: Decimal
    currency: str
    media_id: int | None


def cross_sell_suggestions(
    *,
    order_id: str,
    channel_id: int,
    email: str,
    user_id: str,
    now: datetime,
    limit: int = CROSS_SELL_LIMIT,
) -> list[Suggestion]:
    params = {
        "order_id": order_id,
        "channel_id": channel_id,
        # ILIKE without wildcards: case-insensitive equality that Saleor's trigram index serves.
        "email": _like_literal(email) if email else None,
        "user_id": int(user_id) if user_id else None,
        "now": now,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(_QUERY, params)
        return [Suggestion(*row) for row in cursor.fetchall()]


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def cross_sell_for_mail(suggestions: list[Suggestion], storefront_url: str) -> list[dict]:
    """What templates get as `cross_sell`: {name, url, price {amount, currency}, thumbnail_url}."""
    base = storefront_url.rstrip("/")
    size = get_thumbnail_size(THUMBNAIL_SIZE)
    return [
        {
            "name": s.name,
            "url": f"{base}/products/{s.slug}/" if base else "",
            "price": money(s.price, s.currency),
            "thumbnail_url": build_absolute_uri(
                prepare_image_proxy_url(s.media_id, "ProductMedia", size, None)
            )
            if s.media_id
            else "",
        }
        for s in suggestions
    ]
