"""What the host shop adds to the engine: goal re-checks and template facts from its own data.

The engine knows only its own tables. Inside Saleor, saleor_stepmail.adapter.integration fills
these from Saleor's orders; elsewhere the null integration adds nothing.
"""

import logging
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import connection
from django.utils.module_loading import import_string

from ..conf import stepmail_settings
from ..vocabulary import EventType, Trigger
from .checkouts import cart_total
from .events import Event
from .timing import FrequencyCap, SendWindow
from .triggers import triggers_fired_by
from .zones import customer_zone

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ..models import CheckoutSnapshot, InboundEvent
    from .order_rows import OrderRows


@dataclass(frozen=True, kw_only=True)
class Principal:
    """Who is calling the plugin's API: a staff member or a customer of the shop.

    `permissions` holds Saleor's permission names (MANAGE_PLUGINS, MANAGE_ORDERS...).
    """

    user_id: str
    email: str
    is_staff: bool = False
    permissions: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class CartSettings:
    """A channel's abandoned-checkout settings: the cart link, and whether guests get mail."""

    url_template: str = ""
    guests: bool = False


@dataclass(frozen=True, kw_only=True)
class LineCredentials:
    """A shop channel's LINE settings: its Messaging API channel (push, webhook signatures)
    and its LINE Login channel (the ID tokens customers link their LINE with)."""

    access_token: str = ""
    channel_secret: str = ""
    login_channel_id: str = ""
    login_channel_secret: str = ""


# Without a shop, the applied order events are the customer's order history.
ORDER_HISTORY: frozenset[EventType] = frozenset(
    {
        EventType.ORDER_CREATED,
        EventType.ORDER_FULLY_PAID,
        EventType.ORDER_CANCELLED,
        EventType.ORDER_EXPIRED,
        EventType.ORDER_FULLY_REFUNDED,
    }
)


class AuthenticationFailed(Exception):
    """A credential was sent and is not valid (expired, badly signed): not the same as none."""


class Integration:
    def event_for(self, inbound: "InboundEvent") -> Event | None:
        """The engine event for a hook's record; None when there is nothing to apply.

        Without a shop, an order's facts (first order, paid when created) are read from the
        recorded history as it stood when the order was created, the same reading for an event
        applied now and for one a backfill or the simulator replays (past_events).
        """
        event = Event(
            type=inbound.type,
            occurred_at=inbound.occurred_at,
            order_id=inbound.order_id,
            user_id=inbound.user_id,
            email=inbound.email,
            channel_slug=inbound.channel_slug,
            line_user_id=inbound.line_user_id,
        )
        if event.type in (EventType.ORDER_CREATED, EventType.ORDER_FULLY_PAID):
            return _with_order_facts(event)
        return event

    def history_event_types(self) -> frozenset[EventType]:
        """The hook events this integration reads back once applied, however old they are:
        retention never deletes them (engine/erasure.py records_expire).

        Without a shop, the applied order events are the customer's whole order history:
        customer.orders_count, first_order_at and last_order_at (engine/history.py), whether
        an order is the customer's first and was paid when created (event_for), and the orders
        backfills and the simulator replay (past_events).
        """
        return ORDER_HISTORY

    def order_rows(self) -> "OrderRows":
        """The shop's orders as the repeat-rate reports read them (engine/order_rows.py).

        Without a shop, the orders the hook events recorded, with the facts told with their
        order_created (total, currency, category, voucher code, acquisition keys).
        """
        from .order_rows import recorded_order_rows

        return recorded_order_rows()

    def goal_signs(self, enrollments: Sequence, *, wanted: dict) -> dict[int, set]:
        """Per enrolment id, what the shop's own data shows of it (engine/goals.py ShopSign),
        asked only for the signs in `wanted[enrollment id]`; engine/goals.py reads the goals
        from them.

        Called for a chunk of sends under its enrolments' row locks, right before the sends, so
        a payment or an order that reached the shop without an event still stops the mail.
        Without a shop there is nothing beyond the events, which already ended the enrolments.
        """
        return {}

    def past_goals_reached(self, enrollments: Sequence, *, until: datetime) -> dict[int, str]:
        """Per enrolment id, the goal the customer had already met by `until`, for enrolments a
        backfill starts after their trigger (a later payment, a second order).

        Without a shop, the source is the engine's own history of hook events, as for
        past_events; a shop answers from its current data (goals_reached).
        """
        from .history import goals_met_in_history

        return goals_met_in_history(enrollments, until=until, event_for=self.event_for)

    def customer_facts(
        self, enrollments: Sequence, *, until: datetime | None = None
    ) -> dict[int, dict]:
        """Per enrolment id, fresh facts of its customer ({"customer": {...}}, the catalogue's
        customer.* facts) for a chunk of sends, in a few queries for the whole chunk; with
        `until`, counting only orders placed by then (a rehearsal of the past).

        Without a shop, the orders the engine's own history of hook events recorded
        (customer.orders_count, first_order_at, last_order_at); the rest are those the events
        brought, kept on the enrolment.
        """
        from .history import customer_orders_in_history

        return customer_orders_in_history(enrollments, until=until)

    def public_root(self) -> str:
        """The host's absolute URL of the plugin (https://api.shop.example/plugins/stepmail),
        for when STEPMAIL public_url is not set; empty when the host does not know it."""
        return ""

    def template_context(self, enrollment) -> dict:
        """Fresh facts to merge over the enrolment's snapshot (names, lines, totals, URLs)."""
        return {}

    def send_window(self, enrollment) -> SendWindow | None:
        """Hours the enrolment's mail may go out (quiet hours outside); None: any time."""
        zone = customer_zone(enrollment.context) or enrollment.scenario.timezone
        return configured_send_window(stepmail_settings().send_window, zone)

    def frequency_cap(self) -> FrequencyCap:
        """How many step mails one customer may get per day and week, across scenarios."""
        config = stepmail_settings()
        return FrequencyCap(per_day=config.max_mails_per_day, per_week=config.max_mails_per_week)

    def cart_settings(self, channel_slug: str) -> CartSettings:
        """The channel's abandoned-checkout settings; without a shop, the STEPMAIL settings."""
        config = stepmail_settings()
        return CartSettings(
            url_template=config.cart_url_template, guests=config.abandoned_checkout_guests
        )

    def one_scenario_per_trigger(self, channel_slug: str) -> bool:
        """Whether a customer enters only the oldest of the active scenarios sharing a trigger
        in this channel; without a shop, the STEPMAIL setting."""
        return stepmail_settings().one_scenario_per_trigger

    def checkout_facts(self, snapshots: "Sequence[CheckoutSnapshot]") -> dict[str, dict]:
        """Template facts of abandoned checkouts by token: `cart` (lines, total), `customer`.

        Called once per batch when the abandonment is found; the facts are kept on the
        enrolment, so its mail no longer needs the shop's checkout. Without a shop the
        snapshot's lines are already complete.
        """
        return {
            snapshot.checkout_token: {
                "cart": {
                    "lines": snapshot.content.get("lines", []),
                    "total": cart_total(snapshot.content.get("lines", [])),
                }
            }
            for snapshot in snapshots
        }

    def checkouts_completed(self, tokens: set[str]) -> set[str]:
        """Those of `tokens` whose checkout the shop's own data shows completed into an order."""
        return set()

    def tracking_enabled(self, enrollment) -> bool:
        """Whether the enrolment's mail gets click and open tracking; unsubscribe links stay."""
        return True

    def voucher_for(self, delivery) -> dict | None:
        """The delivery's own voucher code for its mail ({code, expires_at}), issued once and
        shown again on a retry; None when its step gives no voucher or the shop has none."""
        return None

    def vouchers_expire(self, *, now: datetime) -> int:
        """Switch off the issued codes whose expiry has passed (called by the tick)."""
        return 0

    def writer(self) -> AbstractContextManager:
        """Where tasks may write: hosts that route task queries to a replica open the writer."""
        return nullcontext()

    def sender(self, enrollment) -> str:
        """The From address for the enrolment's channel; empty means the configured default."""
        return ""

    def line_credentials(self, channel_slug: str) -> LineCredentials:
        """The channel's LINE settings; without a shop, the STEPMAIL settings for every channel."""
        config = stepmail_settings()
        return LineCredentials(
            access_token=config.line_channel_access_token,
            channel_secret=config.line_channel_secret,
            login_channel_id=config.line_login_channel_id,
            login_channel_secret=config.line_login_channel_secret,
        )

    def authenticate(self, request: "HttpRequest") -> Principal | None:
        """The caller of the plugin's API, from the request's credentials; None is anonymous.

        Raises AuthenticationFailed for a credential that is present but not valid.
        """
        return None

    def known_channels(self) -> frozenset[str] | None:
        """The shop's channel slugs, to refuse unknown ones; None when the host cannot tell."""
        return None

    def client_ip(self, request: "HttpRequest") -> str:
        """The caller's IP address as the host reads it (limits per client); behind a proxy,
        a host that trusts X-Forwarded-For says so here."""
        return request.META.get("REMOTE_ADDR", "")

    def past_events(self, trigger: Trigger, since: datetime) -> Iterator[Event]:
        """Events since `since` that fire `trigger`, oldest first, for a backfill.

        Without a shop, the source is the engine's own history of hook events: an order counts
        as a first order when no earlier order of the address was recorded, and as unpaid when
        no payment of it was recorded by the time it was created.
        """
        from ..models import InboundEvent

        history = InboundEvent.objects.filter(occurred_at__gte=since).order_by("occurred_at", "pk")
        for inbound in history.iterator():
            event = self.event_for(inbound)
            if event is not None and trigger in triggers_fired_by(event):
                yield event

    def dormancies(
        self,
        *,
        days: int,
        days_by_category: dict[str, int],
        since: datetime,
        until: datetime,
        limit: int | None,
    ) -> list[Event]:
        """The dormancies that began after `since` and by `until`, oldest first, at most
        `limit`: one customer_dormant event per paid order (not cancelled, expired or refunded)
        that no paid order of the same customer followed within its days, happening that many days
        after it and naming it (engine/dormancy.py). An order's days are those of the longest
        of its categories in `days_by_category`, else `days`. One statement.

        Without a shop, the orders and payments of the recorded history, which knows no
        categories (order_categories_known: the API refuses them).
        """
        from .history import dormancies_in_history

        return dormancies_in_history(days=days, since=since, until=until, limit=limit)

    def order_categories_known(self) -> bool:
        """Whether this shop's orders say the categories of what was bought."""
        return False


SALEOR_INTEGRATION = "saleor_stepmail.adapter.integration.SaleorIntegration"


@cache
def current_integration() -> Integration:
    path = stepmail_settings().integration
    if not path and apps.is_installed("saleor.order"):
        path = SALEOR_INTEGRATION
    return import_string(path)() if path else Integration()


def _with_order_facts(event: Event) -> Event:
    """The event with its order's facts as the recorded history stood when the order was
    created: whether an earlier order of the address was recorded (for a payment, one still
    live: not cancelled or expired), and whether a payment was recorded by then. A later
    payment is the `paid` goal of an order that was unpaid at first (a bank transfer), which is
    what unpaid reminders are for. One statement, on the inbox's history indexes (addresses in
    lower case: hooks record them as the shop spelled them)."""
    from ..models import InboundEvent

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH placed AS (
                SELECT COALESCE(
                    (SELECT occurred_at FROM {InboundEvent._meta.db_table}
                     WHERE order_id = %(order)s AND type = %(created)s ORDER BY id LIMIT 1),
                    %(at)s) AS at
            )
            SELECT
                EXISTS (
                    SELECT 1 FROM {InboundEvent._meta.db_table} AS earlier, placed
                    WHERE lower(earlier.email) = %(email)s AND earlier.type = %(created)s
                      AND earlier.occurred_at < placed.at AND earlier.order_id <> %(order)s
                      AND NOT (%(live_only)s AND EXISTS (
                          SELECT 1 FROM {InboundEvent._meta.db_table} AS ended
                          WHERE ended.order_id = earlier.order_id AND ended.type = ANY(%(ended)s)
                      ))
                ),
                EXISTS (
                    SELECT 1 FROM {InboundEvent._meta.db_table} AS payment, placed
                    WHERE payment.order_id = %(order)s AND payment.type = %(paid)s
                      AND payment.occurred_at <= placed.at
                )
            """,
            {
                "order": event.order_id,
                "at": event.occurred_at,
                "email": event.email.lower(),
                "created": EventType.ORDER_CREATED,
                "paid": EventType.ORDER_FULLY_PAID,
                "ended": [EventType.ORDER_CANCELLED, EventType.ORDER_EXPIRED],
                "live_only": event.type == EventType.ORDER_FULLY_PAID,
            },
        )
        earlier_order, paid = cursor.fetchone()
    return replace(
        event,
        is_first_order=event.is_first_order
        if event.is_first_order is not None
        else bool(event.email) and not earlier_order,
        is_paid=event.is_paid if event.is_paid is not None else paid,
    )


@cache
def configured_send_window(text: str, zone: str) -> SendWindow | None:
    try:
        return SendWindow.parse(text, zone)
    except ValueError:
        # A bad window must not stop the mail: it is logged once per text and ignored.
        logger.exception("stepmail: ignoring the send window %r", text)
        return None
