"""Saleor's orders as the repeat-rate reports read them (engine/order_rows.py): every
non-draft order in Saleor's own tables, those placed before the plugin was installed too.

An order counts when Saleor shows it paid in full (orders.PAID_CHARGE_STATUSES: a full refund
takes the charge back to none) and not cancelled or expired. Its metadata is the checkout's,
which Saleor copies onto the order: the storefront's acquisition keys (engine/acquisition.py).
"""

from saleor.channel.models import Channel
from saleor.order import OrderStatus
from saleor.order.models import Order, OrderLine
from saleor.product.models import Category, Product, ProductVariant

from ..engine.order_rows import OrderRows
from .orders import ENDED_ORDER_STATUSES, PAID_CHARGE_STATUSES


def saleor_order_rows() -> OrderRows:
    order, channel = Order._meta.db_table, Channel._meta.db_table
    sql = f"""
        SELECT o.id::text AS order_id, COALESCE(o.user_id::text, '') AS user_id,
            lower(COALESCE(o.user_email, '')) AS email, o.created_at, ch.slug AS channel,
            o.currency, o.total_gross_amount AS total,
            (o.charge_status = ANY(%(stepmail_paid)s) AND o.status <> ALL(%(stepmail_ended)s))
                AS counted,
            COALESCE(o.metadata, '{{}}'::jsonb) AS metadata,
            COALESCE(o.voucher_code, '') AS voucher_code
        FROM {order} o JOIN {channel} ch ON ch.id = o.channel_id
        WHERE o.status <> %(stepmail_draft)s
    """
    # The category of the order's first line (Saleor's own order of lines), asked of first
    # orders only: an index scan of the order's lines each.
    category = f"""(
        SELECT cat.slug FROM {OrderLine._meta.db_table} l
        JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
        JOIN {Product._meta.db_table} p ON p.id = v.product_id
        JOIN {Category._meta.db_table} cat ON cat.id = p.category_id
        WHERE l.order_id = {{order}}.order_id::uuid
        ORDER BY l.created_at, l.id LIMIT 1
    )"""
    return OrderRows(
        sql=sql,
        category=category,
        params={
            "stepmail_paid": sorted(PAID_CHARGE_STATUSES),
            "stepmail_ended": sorted(ENDED_ORDER_STATUSES),
            "stepmail_draft": OrderStatus.DRAFT,
        },
    )
