"""Saleor's customers: the `customer.*` facts of the catalogue, and their registration.

Facts take three queries for a whole chunk of sends, whatever its size: the accounts (with
their default addresses), the channels' currencies, and the customers' orders grouped in SQL.
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Lower
from saleor.account.models import User
from saleor.channel.models import Channel

from ..engine.events import Event
from ..models import InboundEvent
from ..vocabulary import EventType
from .config import channel_config
from .orders import ENDED_ORDER_STATUSES, PAID_CHARGE_STATUSES, address_facts, customers_orders
from .orders import money as money_facts


def _user_facts(user: User) -> dict:
    billing = address_facts(user.default_billing_address)
    shipping = address_facts(user.default_shipping_address)
    facts = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language_code": (user.language_code or "").lower(),
        # Public metadata only: private metadata never reaches a template.
        "metadata": dict(user.metadata or {}),
        "phone": billing.get("phone") or shipping.get("phone") or "",
    }
    if shipping:
        facts["default_shipping_address"] = shipping
    if billing:
        facts["default_billing_address"] = billing
    return {key: value for key, value in facts.items() if value not in ("", None)}


def _order_rows(enrollments: Sequence, until: datetime | None) -> list[dict]:
    """Orders (non-draft, neither cancelled nor expired; placed by `until` when given) per
    account, address and currency."""
    orders = customers_orders({e.email for e in enrollments}, {e.user_id for e in enrollments})
    if until is not None:
        orders = orders.filter(created_at__lte=until)
    return list(
        orders.exclude(status__in=ENDED_ORDER_STATUSES)
        .values("user_id", "user_email_lower", "currency")
        .annotate(
            count=Count("pk"),
            first=Min("created_at"),
            last=Max("created_at"),
            paid=Sum("total_gross_amount", filter=Q(charge_status__in=PAID_CHARGE_STATUSES)),
        )
        .order_by()
    )


def _order_facts(rows: list[dict], currency: str) -> dict:
    if not rows:
        return {"orders_count": 0, "lifetime_spend": money_facts(Decimal(0), currency)}
    spent = sum((row["paid"] or Decimal(0) for row in rows if row["currency"] == currency), 0)
    return {
        "orders_count": sum(row["count"] for row in rows),
        "lifetime_spend": money_facts(Decimal(spent), currency),
        "first_order_at": min(row["first"] for row in rows).isoformat(),
        "last_order_at": max(row["last"] for row in rows).isoformat(),
    }


def customer_facts(enrollments: Sequence, *, until: datetime | None = None) -> dict[int, dict]:
    """Per enrolment id, {"customer": {...}} from Saleor's account and orders of its customer.

    The account is the enrolment's user id, else the account with its address. Orders count
    under the address or the account; the lifetime spend adds the paid ones in the currency
    of the enrolment's channel.
    """
    if not enrollments:
        return {}
    ids = {int(e.user_id) for e in enrollments if str(e.user_id).isdigit()}
    emails = {e.email for e in enrollments if e.email}
    users = list(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(Q(pk__in=ids) | Q(email_lower__in=emails))
        .select_related("default_billing_address", "default_shipping_address")
    )
    by_id = {str(user.pk): user for user in users}
    by_email = {user.email_lower: user for user in users}
    currencies = dict(
        Channel.objects.filter(slug__in={e.channel_slug for e in enrollments}).values_list(
            "slug", "currency_code"
        )
    )
    rows = _order_rows(enrollments, until)
    facts = {}
    for enrollment in enrollments:
        user = by_id.get(enrollment.user_id) or by_email.get(enrollment.email)
        user_id = user.pk if user else None
        own = [
            row
            for row in rows
            if (enrollment.email and row["user_email_lower"] == enrollment.email)
            or (user_id is not None and row["user_id"] == user_id)
        ]
        customer = _user_facts(user) if user else {}
        currency = currencies.get(enrollment.channel_slug, "")
        customer.update(_order_facts(own, currency))
        facts[enrollment.pk] = {"customer": customer}
    return facts


def default_channel_slug() -> str:
    """The shop's default channel: Saleor's DEFAULT_CHANNEL_SLUG when it exists, else its
    oldest active channel; "" for a shop without channels."""
    active = Channel.objects.filter(is_active=True).order_by("pk")
    slugs = list(active.values_list("slug", flat=True))
    if settings.DEFAULT_CHANNEL_SLUG in slugs:
        return settings.DEFAULT_CHANNEL_SLUG
    return slugs[0] if slugs else ""


def _confirmation_brings_channel(user: User) -> bool:
    """An accountRegister waiting for its confirmation mail: Saleor's account confirmation
    hook, which names the registration's channel, is still to come."""
    return (
        not user.is_confirmed
        and Site.objects.get_current().settings.enable_account_confirmation_by_email
    )


def registration_event(inbound) -> Event | None:
    """The customer_created event of an account, once, in the channel it registered through.

    A registration leaves up to three records: the User saved (no channel), and Saleor's
    account confirmation and customer_created hooks (the channel, when Saleor runs them on
    this channel's plugin). The first record with a channel enrols; the one without enrols
    in the shop's default channel when no confirmation will name one. Only where the plugin
    is active.
    """
    user_id = str(inbound.user_id)
    user = User.objects.filter(pk=user_id, is_staff=False).first() if user_id.isdigit() else None
    if user is None:
        return None
    channel_to_come = _confirmation_brings_channel(user)
    if not inbound.channel_slug and channel_to_come:
        return None
    applied = InboundEvent.objects.filter(
        type=EventType.CUSTOMER_CREATED, user_id=inbound.user_id, processed_at__isnull=False
    ).exclude(pk=inbound.pk)
    if channel_to_come:
        applied = applied.exclude(channel_slug="")
    if applied.exists():
        return None
    channel = inbound.channel_slug or default_channel_slug()
    if not channel or not channel_config(channel)["active"]:
        return None
    return Event(
        type=EventType.CUSTOMER_CREATED,
        occurred_at=inbound.occurred_at,
        email=user.email,
        user_id=str(user.pk),
        channel_slug=channel,
        context={"customer": {"email": user.email.lower(), "first_name": user.first_name}},
    )
