"""The engine's Integration inside Saleor: each answer comes from a module of adapter/.

Runs in Celery workers and in the plugin's HTTP views, never in a hook.
"""

from collections.abc import Iterator
from datetime import datetime
from email.utils import formataddr
from functools import cache, partial

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from saleor.account.models import User
from saleor.core.db.connection import allow_writer
from saleor.core.utils import build_absolute_uri, get_client_ip
from saleor.order.models import Order

from ..constants import PLUGIN_ID
from ..engine.events import Event
from ..engine.goals import ShopSign, goals_reached
from ..engine.integration import (
    CartSettings,
    Integration,
    LineCredentials,
    Principal,
    configured_send_window,
)
from ..engine.timing import SendWindow
from ..engine.zones import customer_zone
from ..vocabulary import EventType, Trigger
from .auth import channel_slugs, principal_from_request
from .checkouts import (
    cart_settings,
    checkout_facts,
    checkouts_completed,
    checkouts_ordered,
)
from .config import as_bool, channel_config, payment_facts
from .cross_sell import cross_sell_for_mail, cross_sell_suggestions
from .customers import customer_facts, registration_event
from .order_rows import saleor_order_rows
from .orders import (
    ENDED_ORDER_STATUSES,
    ORDER_TRIGGERS,
    PAID_CHARGE_STATUSES,
    bought_again,
    customers_orders,
    dormant_orders,
    order_email,
    order_event,
    orders_with_facts,
    paid_at,
    past_order_events,
    source_order_states,
)
from .vouchers import voucher_for_mail, vouchers_expire

# Hook records that Saleor's order completes with the facts mails show.
_ORDER_EVENTS = {EventType.ORDER_CREATED, EventType.ORDER_FULLY_PAID}


class SaleorIntegration(Integration):
    def event_for(self, inbound) -> Event | None:
        if inbound.type == EventType.CUSTOMER_CREATED:
            return registration_event(inbound)
        if inbound.type not in _ORDER_EVENTS:
            return super().event_for(inbound)
        order = orders_with_facts().annotate(stepmail_paid_at=paid_at())
        order = order.filter(pk=inbound.order_id).first()
        if order is None or order.is_draft():
            return None
        earlier = customers_orders([order_email(order)], [str(order.user_id or "")]).filter(
            created_at__lt=order.created_at
        )
        if inbound.type != EventType.ORDER_CREATED:
            # Paid: the customer's first order unless an earlier one is still live.
            return order_event(
                order,
                type=inbound.type,
                occurred_at=order.stepmail_paid_at,
                is_first_order=not earlier.exclude(status__in=ENDED_ORDER_STATUSES).exists(),
            )
        return order_event(
            order,
            type=EventType.ORDER_CREATED,
            occurred_at=order.created_at,
            is_first_order=not earlier.exists(),
        )

    def history_event_types(self) -> frozenset[EventType]:
        # Saleor's orders are the order history. A registration is read back to enrol an
        # account once, however late Saleor records it again (customers.registration_event).
        return frozenset({EventType.CUSTOMER_CREATED})

    def order_rows(self):
        return saleor_order_rows()

    def goal_signs(self, enrollments, *, wanted) -> dict[int, set[ShopSign]]:
        """At most three queries for a whole chunk: its source orders, its checkouts, and the
        orders its customers placed since their enrolments began."""
        asking = {sign: [e for e in enrollments if sign in wanted[e.pk]] for sign in ShopSign}
        source = asking[ShopSign.SOURCE_ORDER_PAID] + asking[ShopSign.SOURCE_ORDER_ENDED]
        orders = source_order_states(e.source_order_id for e in source if e.source_order_id)
        carts = {
            e.pk: e.context.get("cart", {}).get("token", "")
            for e in asking[ShopSign.CHECKOUT_ORDERED]
        }
        ordered = checkouts_ordered(carts.values())
        again = bought_again(asking[ShopSign.ORDERED_AGAIN])
        signs: dict[int, set[ShopSign]] = {}
        for enrollment in enrollments:
            status, charge_status = orders.get(enrollment.source_order_id, ("", ""))
            shown = {
                ShopSign.SOURCE_ORDER_PAID: charge_status in PAID_CHARGE_STATUSES,
                ShopSign.SOURCE_ORDER_ENDED: status in ENDED_ORDER_STATUSES,
                ShopSign.CHECKOUT_ORDERED: carts.get(enrollment.pk) in ordered,
                ShopSign.ORDERED_AGAIN: enrollment.pk in again,
            }
            signs[enrollment.pk] = {sign for sign, met in shown.items() if met}
        return signs

    def past_goals_reached(self, enrollments, *, until: datetime) -> dict[int, str]:
        # Saleor's orders as they are now already show every later payment and order.
        return goals_reached(self, enrollments)

    def customer_facts(self, enrollments, *, until: datetime | None = None) -> dict[int, dict]:
        return customer_facts(enrollments, until=until)

    def public_root(self) -> str:
        # Saleor's own absolute URLs (its API's, its media's) start from PUBLIC_URL. Without
        # it Saleor uses the Site's domain, often the "localhost:8000" it was created with, so
        # the plugin reads the request instead.
        if not settings.PUBLIC_URL:
            return ""
        return build_absolute_uri(reverse("plugins", kwargs={"plugin_id": PLUGIN_ID})).rstrip("/")

    def template_context(self, enrollment) -> dict:
        config = channel_config(enrollment.channel_slug)
        context = {
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
        payment = payment_facts(config, enrollment)
        if payment:
            context["payment"] = payment
        if enrollment.source_order_id:
            # A query, run only when a template reads `cross_sell` (Django calls callables).
            lookup = partial(_cross_sell, enrollment, config["storefront_url"])
            context["cross_sell"] = cache(lookup)
        return context

    def send_window(self, enrollment) -> SendWindow | None:
        config = channel_config(enrollment.channel_slug)
        zone = (
            customer_zone(enrollment.context) or config["timezone"] or enrollment.scenario.timezone
        )
        return configured_send_window(config["send_window"] or "", zone)

    def tracking_enabled(self, enrollment) -> bool:
        return as_bool(channel_config(enrollment.channel_slug)["tracking"])

    def voucher_for(self, delivery) -> dict | None:
        return voucher_for_mail(delivery=delivery, now=timezone.now())

    def vouchers_expire(self, *, now: datetime) -> int:
        return vouchers_expire(now=now)

    def cart_settings(self, channel_slug: str) -> CartSettings:
        return cart_settings(channel_slug)

    def one_scenario_per_trigger(self, channel_slug: str) -> bool:
        return as_bool(channel_config(channel_slug).get("one_scenario_per_trigger", False))

    def checkout_facts(self, snapshots) -> dict[str, dict]:
        return checkout_facts(snapshots)

    def checkouts_completed(self, tokens: set[str]) -> set[str]:
        return checkouts_completed(tokens)

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

    def line_credentials(self, channel_slug: str) -> LineCredentials:
        config = channel_config(channel_slug) if channel_slug else {}
        return LineCredentials(
            access_token=config.get("line_channel_access_token") or "",
            channel_secret=config.get("line_channel_secret") or "",
            login_channel_id=config.get("line_login_channel_id") or "",
            login_channel_secret=config.get("line_login_channel_secret") or "",
        )

    def authenticate(self, request: HttpRequest) -> Principal | None:
        return principal_from_request(request)

    def known_channels(self) -> frozenset[str] | None:
        return channel_slugs()

    def client_ip(self, request: HttpRequest) -> str:
        # Saleor's own reading: the first valid X-Forwarded-For address, else REMOTE_ADDR.
        return get_client_ip(request) or ""

    def dormancies(
        self,
        *,
        days: int,
        days_by_category: dict[str, int],
        since: datetime,
        until: datetime,
        limit: int | None,
    ) -> list[Event]:
        return dormant_orders(
            days=days, days_by_category=days_by_category, since=since, until=until, limit=limit
        )

    def order_categories_known(self) -> bool:
        return True

    def past_events(self, trigger: Trigger, since: datetime) -> Iterator[Event]:
        if trigger in ORDER_TRIGGERS:
            return past_order_events(trigger, since)
        if trigger == Trigger.CUSTOMER_CREATED:
            return _customers_joined(since)
        return super().past_events(trigger, since)


def _cross_sell(enrollment, storefront_url: str) -> list[dict]:
    order = Order.objects.filter(pk=enrollment.source_order_id).only("channel_id").first()
    if order is None:
        return []
    suggestions = cross_sell_suggestions(
        order_id=str(order.pk),
        channel_id=order.channel_id,
        email=enrollment.email,
        user_id=enrollment.user_id,
        now=timezone.now(),
    )
    return cross_sell_for_mail(suggestions, storefront_url)


def _customers_joined(since: datetime) -> Iterator[Event]:
    customers = (
        User.objects.filter(is_staff=False, is_active=True, date_joined__gte=since)
        .order_by("date_joined", "pk")
        .only("pk", "email", "first_name", "date_joined")
    )
    for user in customers.iterator(chunk_size=500):
        yield Event(
            type=EventType.CUSTOMER_CREATED,
            occurred_at=user.date_joined,
            email=user.email,
            user_id=str(user.pk),
            context={"customer": {"email": user.email.lower(), "first_name": user.first_name}},
        )
