"""What Saleor's own data adds to the engine: full events, goal re-checks, mail facts.

Runs in Celery workers, never in a hook. Reads Saleor's tables through Saleor's models; the
engine's tables keep only ids, so nothing here is a foreign key.
"""

import time
from email.utils import formataddr
from functools import lru_cache

from django.db.models import Q
from saleor.core.db.connection import allow_writer
from saleor.order import OrderChargeStatus, OrderStatus
from saleor.order.models import Order
from saleor.plugins.models import PluginConfiguration

from .constants import PLUGIN_ID
from .engine.events import Event
from .engine.integration import Integration
from .engine.vocabulary import EventType, Goal

PAID_CHARGE_STATUSES = {OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED}
ENDED_ORDER_STATUSES = {OrderStatus.CANCELED, OrderStatus.EXPIRED}
CONFIG_TTL_SECONDS = 60


def _customer_orders(email: str, user_id: str):
    match = Q()
    if email:
        match |= Q(user_email__iexact=email)
    if user_id:
        match |= Q(user_id=user_id)
    return Order.objects.non_draft().filter(match) if match else Order.objects.none()


def order_facts(order: Order, storefront_url: str) -> dict:
    """The order as templates and conditions see it."""
    base = storefront_url.rstrip("/")
    lines = []
    for line in order.lines.select_related("variant__product").order_by("created_at"):
        product = line.variant.product if line.variant_id else None
        lines.append(
            {
                "product_name": line.product_name,
                "variant_name": line.variant_name,
                "quantity": line.quantity,
                "unit_price": {
                    "amount": str(line.unit_price_gross_amount),
                    "currency": line.currency,
                },
                "product_url": f"{base}/products/{product.slug}/" if product and base else "",
                "product_id": str(product.pk) if product else "",
            }
        )
    return {
        "id": str(order.pk),
        "number": str(order.number),
        "created_at": order.created_at.isoformat(),
        "status": order.status,
        "charge_status": order.charge_status,
        "channel": order.channel.slug,
        "total": {"amount": str(order.total_gross_amount), "currency": order.currency},
        "lines": lines,
    }


@lru_cache(maxsize=256)
def _channel_config(channel_slug: str, _bucket: int) -> dict:
    row = PluginConfiguration.objects.filter(
        identifier=PLUGIN_ID, channel__slug=channel_slug
    ).first()
    from .plugin import StepMailPlugin

    values = {item["name"]: item["value"] for item in StepMailPlugin.DEFAULT_CONFIGURATION}
    if row is not None:
        values.update({item["name"]: item["value"] for item in row.configuration or []})
    values["active"] = bool(row and row.active)
    return values


def channel_config(channel_slug: str) -> dict:
    """The plugin's configuration for a channel, re-read at most once a minute."""
    return _channel_config(channel_slug, int(time.monotonic() // CONFIG_TTL_SECONDS))


class SaleorIntegration(Integration):
    def event_for(self, inbound) -> Event | None:
        event = super().event_for(inbound)
        if inbound.type != EventType.ORDER_CREATED:
            return event
        order = Order.objects.select_related("channel", "user").filter(pk=inbound.order_id).first()
        if order is None or order.status == OrderStatus.DRAFT:
            return None
        email = (order.user_email or (order.user.email if order.user else "")).lower()
        earlier = _customer_orders(email, str(order.user_id or "")).filter(
            created_at__lt=order.created_at
        )
        config = channel_config(order.channel.slug)
        customer = {"email": email, "first_name": ""}
        if order.user:
            customer["first_name"] = order.user.first_name
        elif order.billing_address_id:
            customer["first_name"] = order.billing_address.first_name
        return Event(
            type=EventType.ORDER_CREATED,
            occurred_at=order.created_at,
            email=email,
            user_id=str(order.user_id or ""),
            order_id=str(order.pk),
            channel_slug=order.channel.slug,
            is_first_order=not earlier.exists(),
            is_paid=order.charge_status in PAID_CHARGE_STATUSES,
            context={
                "customer": customer,
                "order": order_facts(order, config["storefront_url"]),
            },
        )

    def goal_reached(self, enrollment) -> str | None:
        goals = set(enrollment.scenario.goals)
        order = None
        if enrollment.source_order_id and goals & {Goal.PAID, Goal.ORDER_CANCELLED}:
            order = (
                Order.objects.filter(pk=enrollment.source_order_id)
                .only("status", "charge_status")
                .first()
            )
        if order is not None:
            if Goal.PAID in goals and order.charge_status in PAID_CHARGE_STATUSES:
                return Goal.PAID.value
            if Goal.ORDER_CANCELLED in goals and order.status in ENDED_ORDER_STATUSES:
                return Goal.ORDER_CANCELLED.value
        if Goal.PURCHASED_AGAIN in goals:
            later = _customer_orders(enrollment.email, enrollment.user_id).filter(
                created_at__gt=enrollment.triggered_at
            )
            if enrollment.source_order_id:
                later = later.exclude(pk=enrollment.source_order_id)
            if later.exists():
                return Goal.PURCHASED_AGAIN.value
        return None

    def template_context(self, enrollment) -> dict:
        config = channel_config(enrollment.channel_slug)
        return {
            "shop": {
                "name": config["sender_name"],
                "storefront_url": config["storefront_url"],
                "legal": {
                    "sender_name": config["legal_sender_name"],
                    "postal_address": config["legal_postal_address"],
                    "contact": config["legal_contact"],
                },
            }
        }

    def writer(self):
        # Saleor's Celery tasks are restricted to the replica unless they ask for the writer.
        return allow_writer()

    def sender(self, enrollment) -> str:
        config = channel_config(enrollment.channel_slug)
        if not config["sender_address"]:
            return ""
        if config["sender_name"]:
            return formataddr((config["sender_name"], config["sender_address"]))
        return config["sender_address"]
