"""Saleor's orders as the engine sees them: events, facts for templates, the past for backfills."""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

import graphene
from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from saleor.core.prices import quantize_price
from saleor.order import OrderAuthorizeStatus, OrderChargeStatus, OrderEvents, OrderStatus
from saleor.order.models import Order, OrderEvent, OrderLine
from saleor.payment.models import Payment, TransactionItem
from saleor.product.models import Collection

from ..engine.catalogue import ADDRESS_FIELDS
from ..engine.events import Event
from ..vocabulary import EventType, Trigger
from .config import channel_config
from .media import images_first, thumbnail_url

PAID_CHARGE_STATUSES = {OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED}
ENDED_ORDER_STATUSES = {OrderStatus.CANCELED, OrderStatus.EXPIRED}
ORDER_TRIGGERS = {
    Trigger.ORDER_CREATED,
    Trigger.FIRST_ORDER,
    Trigger.FIRST_PAID_ORDER,
    Trigger.UNPAID_ORDER,
    Trigger.ORDER_PAID,
}
ITERATOR_CHUNK = 500
# A product's public metadata key: days one unit lasts (the reorder reminder's timing).
CONSUMPTION_DAYS_KEY = "consumption_days"


def money(amount: Decimal | None, currency: str) -> dict:
    """An amount as mail shows it: to the currency's precision (USD 12.50, JPY 1250)."""
    return {"amount": str(quantize_price(amount or Decimal(0), currency)), "currency": currency}


def customers_orders(emails: Iterable[str], user_ids: Iterable[str]) -> QuerySet[Order]:
    """Non-draft orders placed under any of these addresses (in any case) or user ids."""
    emails = {email.lower() for email in emails if email}
    ids = {int(user_id) for user_id in user_ids if str(user_id).isdigit()}
    match = Q()
    if emails:
        match |= Q(user_email_lower__in=emails)
    if ids:
        match |= Q(user_id__in=ids)
    if not match:
        return Order.objects.none()
    return Order.objects.non_draft().annotate(user_email_lower=Lower("user_email")).filter(match)


def source_order_states(order_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(status, charge status) of each of these orders that exists, by id."""
    ids = set()
    for order_id in order_ids:
        try:
            ids.add(uuid.UUID(order_id))
        except ValueError:
            continue  # not a Saleor order id: no such order
    rows = Order.objects.filter(pk__in=ids).values_list("pk", "status", "charge_status")
    return {str(pk): (status, charge) for pk, status, charge in rows} if ids else {}


def bought_again(enrollments: Sequence) -> set[int]:
    """Ids of the enrolments whose customer placed an order, other than the one that started
    the enrolment, after it started: one query for them all."""
    if not enrollments:
        return set()
    orders = list(
        customers_orders({e.email for e in enrollments}, {e.user_id for e in enrollments})
        .filter(created_at__gt=min(e.triggered_at for e in enrollments))
        .values_list("pk", "user_email_lower", "user_id", "created_at")
    )
    found = set()
    for enrollment in enrollments:
        email, user_id = enrollment.email.lower(), enrollment.user_id
        for pk, order_email_lower, order_user_id, created_at in orders:
            same_customer = (email and order_email_lower == email) or (
                user_id and str(order_user_id) == user_id
            )
            if (
                same_customer
                and created_at > enrollment.triggered_at
                and str(pk) != enrollment.source_order_id
            ):
                found.add(enrollment.pk)
                break
    return found


def orders_with_facts() -> QuerySet[Order]:
    """Orders with everything order_facts and order_event read, in a fixed number of queries."""
    lines = (
        OrderLine.objects.select_related("variant__product__category")
        .prefetch_related(
            Prefetch("variant__product__media", queryset=images_first()),
            Prefetch("variant__product__collections", queryset=Collection.objects.order_by("pk")),
        )
        .order_by("created_at", "pk")
    )
    return Order.objects.select_related(
        "channel", "user", "billing_address", "shipping_address"
    ).prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("payments", queryset=Payment.objects.order_by("-pk")),
        Prefetch("payment_transactions", queryset=TransactionItem.objects.order_by("-pk")),
    )


def address_facts(address) -> dict:
    """A Saleor Address in Saleor's own field names (country as its code); {} for none."""
    if address is None:
        return {}
    values = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    values["country"] = address.country.code if address.country else ""
    values["phone"] = str(address.phone or "")
    return {name: str(value or "") for name, value in values.items()}


def _consumption_days(product) -> int | None:
    """The product's public metadata `consumption_days`: how long one unit lasts."""
    raw = str((product.metadata or {}).get(CONSUMPTION_DAYS_KEY, "")).strip() if product else ""
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def _line_facts(line, base: str) -> dict:
    product = line.variant.product if line.variant_id else None
    category = product.category if product else None
    collections = list(product.collections.all()) if product else []
    facts = {
        "product_name": line.product_name,
        "variant_name": line.variant_name,
        "quantity": line.quantity,
        "unit_price": money(line.unit_price_gross_amount, line.currency),
        "product_url": f"{base}/products/{product.slug}/" if product and base else "",
        "thumbnail_url": _thumbnail(product),
        "product_id": graphene.Node.to_global_id("Product", product.pk) if product else "",
        "variant_id": (
            graphene.Node.to_global_id("ProductVariant", line.variant_id) if line.variant_id else ""
        ),
        "category": category.slug if category else "",
        "category_name": category.name if category else "",
        "collections": [collection.slug for collection in collections],
        "collection_names": [collection.name for collection in collections],
    }
    days = _consumption_days(product)
    if days:
        facts["consumption_days"] = days
    return facts


def _payment(order: Order) -> dict:
    """How the order was (or is being) paid: the newest transaction's, else the newest legacy
    payment's method and gateway; empty strings when nothing was paid yet."""
    transactions = list(order.payment_transactions.all())  # prefetched, newest first
    if transactions:
        item = transactions[0]
        method = item.payment_method_type or item.payment_method_name or item.name
        return {"method": method or "", "gateway": item.app_identifier or item.name or ""}
    payments = list(order.payments.all())
    if payments:
        return {"method": payments[0].payment_method_type, "gateway": payments[0].gateway}
    return {"method": "", "gateway": ""}


def payment_deadline(order: Order, config: dict) -> dict:
    """When the order must be paid: its channel's expireOrdersAfter when set (Saleor expires
    it then: `expires_at`), else the Dashboard's payment_due_days; {} when neither is set."""
    minutes = order.channel.expire_orders_after
    if minutes:
        due = order.created_at + timedelta(minutes=minutes)
        expires = {"expires_at": due.isoformat()}
    else:
        days = str(config.get("payment_due_days") or "").strip()
        if not days.isdigit() or int(days) <= 0:
            return {}
        due, expires = order.created_at + timedelta(days=int(days)), {}
    in_days = round((due - order.created_at).total_seconds() / 86400, 4)
    return {"payment_due_at": due.isoformat(), "payment_due_in_days": in_days, **expires}


def order_facts(order: Order, config: dict) -> dict:
    """The order as templates and conditions see it (the facts of engine/catalogue.py)."""
    base = config["storefront_url"].rstrip("/")
    payment = _payment(order)
    return {
        **payment_deadline(order, config),
        "id": str(order.pk),
        "number": str(order.number),
        "created_at": order.created_at.isoformat(),
        "status": order.status,
        "charge_status": order.charge_status,
        "authorize_status": order.authorize_status,
        "channel": order.channel.slug,
        "total": money(order.total_gross_amount, order.currency),
        "subtotal": money(order.subtotal_gross_amount, order.currency),
        "shipping_price": money(order.shipping_price_gross_amount, order.currency),
        "payment_method": payment["method"],
        "payment_gateway": payment["gateway"],
        "metadata": dict(order.metadata or {}),
        "shipping_address": address_facts(order.shipping_address),
        "billing_address": address_facts(order.billing_address),
        "lines": [_line_facts(line, base) for line in order.lines.all()],
    }


def _thumbnail(product) -> str:
    images = list(product.media.all()) if product else []  # prefetched, images only, in order
    return thumbnail_url(images[0].pk) if images else ""


def order_email(order: Order) -> str:
    return (order.user_email or (order.user.email if order.user_id else "")).lower()


def order_customer(order: Order) -> dict:
    """The customer as the order tells it: the account's names where it has them, else the
    billing address's; the billing phone, else the shipping one; the order's language. A guest
    has only these; a registered customer's account facts go over them when a mail is sent
    (customers.py customer_facts)."""
    billing = address_facts(order.billing_address)
    shipping = address_facts(order.shipping_address)
    user = order.user if order.user_id else None
    customer = {
        "first_name": (user and user.first_name) or billing.get("first_name"),
        "last_name": (user and user.last_name) or billing.get("last_name"),
        "phone": billing.get("phone") or shipping.get("phone"),
        "language_code": (order.language_code or "").lower(),
    }
    return {"email": order_email(order), **{k: v for k, v in customer.items() if v}}


def order_event(
    order: Order, *, type: EventType, occurred_at: datetime, is_first_order: bool | None
) -> Event:
    """The engine event for `order`, with the facts its mails show."""
    customer = order_customer(order)
    return Event(
        type=type,
        occurred_at=occurred_at,
        email=customer["email"],
        user_id=str(order.user_id or ""),
        order_id=str(order.pk),
        checkout_token=order.checkout_token or "",
        channel_slug=order.channel.slug,
        is_first_order=is_first_order,
        is_paid=order.charge_status in PAID_CHARGE_STATUSES,
        awaiting_payment=awaiting_payment(order),
        context={
            "customer": customer,
            "order": order_facts(order, channel_config(order.channel.slug)),
        },
    )


def _earlier_order_exists(*, live_only: bool = False) -> Exists:
    """An earlier non-draft order of the same customer; `live_only`: not cancelled or expired
    (a first order that expired unpaid leaves the next one the first paid order)."""
    earlier = Order.objects.non_draft().filter(
        Q(user_email__iexact=OuterRef("user_email")) | Q(user_id=OuterRef("user_id")),
        created_at__lt=OuterRef("created_at"),
    )
    if live_only:
        earlier = earlier.exclude(status__in=ENDED_ORDER_STATUSES)
    return Exists(earlier)


def awaiting_payment(order: Order) -> bool:
    """Waiting for the customer to pay: nothing charged and nothing authorised. A card
    authorised but not yet captured is not (the shop captures it); a bank transfer is."""
    return (
        order.charge_status == OrderChargeStatus.NONE
        and order.authorize_status == OrderAuthorizeStatus.NONE
    )


# A payment this soon after the order's creation was taken in the checkout that placed it.
PAID_IN_CHECKOUT = timedelta(minutes=1)


def paid_at():
    """When the order was paid: Saleor's `order_fully_paid` event (a charge) or its
    `order_marked_as_paid` (staff's orderMarkAsPaid), else its creation. The one reading of
    it, for a payment applied live (SaleorIntegration.event_for) and replayed."""
    paid = OrderEvent.objects.filter(
        order_id=OuterRef("pk"),
        type__in=(OrderEvents.ORDER_FULLY_PAID, OrderEvents.ORDER_MARKED_AS_PAID),
    ).order_by("-date")
    return Coalesce(paid.values("date")[:1], "created_at")


def past_order_events(trigger: Trigger, since: datetime) -> Iterator[Event]:
    """Saleor's orders since `since` that fire `trigger`, oldest first, filtered in SQL.

    Orders cancelled or expired since are left out: a backfill follows up live orders only.
    """
    orders = orders_with_facts().non_draft().exclude(status__in=ENDED_ORDER_STATUSES)
    if trigger in (Trigger.ORDER_PAID, Trigger.FIRST_PAID_ORDER):
        orders = orders.filter(charge_status__in=PAID_CHARGE_STATUSES).annotate(
            stepmail_paid_at=paid_at(), stepmail_repeat=_earlier_order_exists(live_only=True)
        )
        if trigger == Trigger.FIRST_PAID_ORDER:
            # Live, an order paid in its checkout fires this trigger with its creation (the
            # order_created hook already sees it paid); one paid later, with its payment.
            in_checkout = Q(stepmail_paid_at__lte=F("created_at") + PAID_IN_CHECKOUT)
            orders = orders.filter(stepmail_repeat=False).annotate(
                stepmail_at=Case(
                    When(in_checkout, then=F("created_at")), default=F("stepmail_paid_at")
                )
            )
        else:
            orders = orders.annotate(stepmail_at=F("stepmail_paid_at"))
        orders = orders.filter(stepmail_at__gte=since)
        event_type = EventType.ORDER_FULLY_PAID
    else:
        orders = orders.filter(created_at__gte=since).annotate(
            stepmail_at=F("created_at"),
            stepmail_repeat=_earlier_order_exists(),
        )
        if trigger == Trigger.FIRST_ORDER:
            orders = orders.filter(stepmail_repeat=False)
        elif trigger == Trigger.UNPAID_ORDER:
            orders = orders.filter(
                charge_status=OrderChargeStatus.NONE, authorize_status=OrderAuthorizeStatus.NONE
            )
        event_type = EventType.ORDER_CREATED
    for order in orders.order_by("stepmail_at", "pk").iterator(chunk_size=ITERATOR_CHUNK):
        yield order_event(
            order,
            type=event_type,
            occurred_at=order.stepmail_at,
            is_first_order=not order.stepmail_repeat,
        )


def dormant_orders(
    *,
    days: int,
    days_by_category: dict[str, int],
    since: datetime,
    until: datetime,
    limit: int | None,
) -> list[Event]:
    """SaleorIntegration.dormancies: paid orders (charged in full, which a full refund undoes; not
    cancelled or expired) whose dormancy falls in (since, until], each without a paid order of the
    same customer (address in any case, or account) within its days after it. An order's days are
    the longest of its lines' categories in `days_by_category`, else `days`. On Saleor's index of
    orders by creation (the window of the shortest and the longest days); orders older than the
    plugin count."""
    one_day = Value(timedelta(days=1), output_field=DurationField())
    order_days = Case(
        *(
            When(
                Exists(
                    OrderLine.objects.filter(
                        order_id=OuterRef("pk"), variant__product__category__slug__in=slugs
                    )
                ),
                then=Value(category_days),
            )
            for category_days, slugs in _slugs_by_days(days_by_category)
        ),
        default=Value(days),
        output_field=IntegerField(),
    )
    span = ExpressionWrapper(F("stepmail_days") * one_day, output_field=DurationField())
    every_days = [days, *days_by_category.values()]
    shortest, longest = timedelta(days=min(every_days)), timedelta(days=max(every_days))
    paid = Q(charge_status__in=PAID_CHARGE_STATUSES) & ~Q(status__in=ENDED_ORDER_STATUSES)
    paid_again = Order.objects.non_draft().filter(
        paid,
        Q(user_email__iexact=OuterRef("user_email")) | Q(user_id=OuterRef("user_id")),
        created_at__gt=OuterRef("created_at"),
        created_at__lte=OuterRef("stepmail_began"),
    )
    orders = (
        orders_with_facts()
        .non_draft()
        .filter(paid, created_at__gt=since - longest, created_at__lte=until - shortest)
        .annotate(stepmail_days=order_days)
        .annotate(stepmail_began=ExpressionWrapper(F("created_at") + span, DateTimeField()))
        .filter(stepmail_began__gt=since, stepmail_began__lte=until)
        .exclude(Exists(paid_again))
        .order_by("stepmail_began", "pk")
    )
    return [
        order_event(
            order,
            type=EventType.CUSTOMER_DORMANT,
            occurred_at=order.stepmail_began,
            is_first_order=None,
        )
        for order in (orders[:limit] if limit else orders)
    ]


def _slugs_by_days(days_by_category: dict[str, int]) -> list[tuple[int, list[str]]]:
    """The categories grouped by their days, longest first: an order whose lines span several
    categories takes the longest (a customer is not quiet while any of it may still last)."""
    grouped: dict[int, list[str]] = {}
    for slug, category_days in days_by_category.items():
        grouped.setdefault(category_days, []).append(slug)
    return sorted(((d, sorted(slugs)) for d, slugs in grouped.items()), reverse=True)
