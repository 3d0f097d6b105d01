"""The Saleor plugin: configuration per channel, and hooks that hand events to the engine.

Every hook records one row (engine/inbox.py) and returns: no network, no exception into Saleor,
whatever happens. A worker applies the row after Saleor's transaction commits.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from saleor.plugins.base_plugin import BasePlugin, ConfigurationTypeField
from saleor.plugins.error_codes import PluginErrorCode

from .constants import DEFAULT_CONFIGURATION, PLUGIN_ID, PLUGIN_NAME
from .engine.inbox import inbound_record
from .vocabulary import EventType

logger = logging.getLogger(__name__)

_T = ConfigurationTypeField


def _field(kind: str, label: str, help_text: str) -> dict:
    return {"type": kind, "label": label, "help_text": help_text}


def _order_refs(order) -> dict:
    return {
        "order_id": order.pk,
        "user_id": order.user_id or "",
        "email": order.user_email or (order.user.email if order.user_id else ""),
        "channel_slug": order.channel.slug,
    }


def _customer_refs(user) -> dict:
    return {"user_id": user.pk, "email": user.email}


def _registration_refs(channel_slug: str) -> Callable[[Any], dict]:
    """A customer's refs with the channel their registration came through."""
    return lambda user: {**_customer_refs(user), "channel_slug": channel_slug}


def _record_checkout(checkout) -> None:
    """The checkout hooks' write: one upsert of the checkout's snapshot, never raising."""
    from .adapter.checkouts import checkout_snapshot_from_hook

    try:
        # A savepoint: a failed write must not abort the transaction Saleor is in.
        with transaction.atomic():
            checkout_snapshot_from_hook(checkout)
    except Exception:
        # Never into Saleor: a lost abandoned-checkout mail is better than a failed checkout.
        logger.exception("stepmail: could not record checkout %s", checkout.pk)


class StepMailPlugin(BasePlugin):
    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = PLUGIN_NAME
    PLUGIN_DESCRIPTION = (
        "Step mail: follow-up sequences after orders (thanks, arrival check, reorder, unpaid "
        "reminders), stopped the moment the customer buys again, pays or cancels."
    )
    CONFIGURATION_PER_CHANNEL = True
    DEFAULT_ACTIVE = False
    DEFAULT_CONFIGURATION = DEFAULT_CONFIGURATION
    CONFIG_STRUCTURE = {
        "sender_name": _field(_T.STRING, "Sender name", "Shown as the From name, e.g. みどり茶舗."),
        "sender_address": _field(
            _T.STRING,
            "Sender address",
            "The From address, on a domain your email provider is set up to send for.",
        ),
        "legal_sender_name": _field(
            _T.STRING,
            "Legal footer: sender",
            "The business sending the mail (特定電子メール法 / CAN-SPAM), shown in every footer.",
        ),
        "legal_postal_address": _field(
            _T.MULTILINE, "Legal footer: postal address", "Your physical postal address."
        ),
        "legal_contact": _field(
            _T.STRING, "Legal footer: contact", "An email address or phone number for questions."
        ),
        "storefront_url": _field(
            _T.STRING,
            "Storefront URL",
            "Base URL of your storefront, e.g. https://shop.example.jp/ (product and cart links).",
        ),
        "payment_instructions": _field(
            _T.MULTILINE,
            "Payment instructions (unpaid orders)",
            "Shown in unpaid-order reminders: bank account, konbini payment steps, etc.",
        ),
        "payment_due_days": _field(
            _T.STRING,
            "Days to pay (unpaid orders)",
            "Reminders show the due date as the order date plus this many days, e.g. 7.",
        ),
        "send_window": _field(
            _T.STRING,
            "Send window",
            "Hours when step mail may go out, in the time zone below, e.g. 09:00-21:00.",
        ),
        "timezone": _field(_T.STRING, "Time zone", "IANA name, e.g. Asia/Tokyo."),
        "tracking": _field(
            _T.BOOLEAN,
            "Open and click tracking",
            "Count opens and clicks of this channel's mail (links go through the plugin). "
            "Off: links go straight to the shop; the unsubscribe link stays.",
        ),
        "cart_url_template": _field(
            _T.STRING,
            "Cart URL",
            "The storefront's cart page for a checkout, {token} standing for the checkout's "
            "token, e.g. https://shop.example.jp/cart?checkout={token}. Abandoned-checkout mail "
            "links to it; empty: no link.",
        ),
        "abandoned_checkout_guests": _field(
            _T.BOOLEAN,
            "Abandoned-checkout mail to guests",
            "Also mail checkouts left by customers without an account (they gave their email "
            "at checkout only). Off: only customers with an account get it.",
        ),
        "one_scenario_per_trigger": _field(
            _T.BOOLEAN,
            "One scenario per trigger",
            "When several active scenarios start on the same trigger (two thank-you programs "
            "for a first order), a customer enters only the oldest of them. Off: every one.",
        ),
        "line_channel_access_token": _field(
            _T.SECRET,
            "LINE: channel access token",
            "Messaging API channel of the shop's LINE official account (LINE Developers "
            "console, Messaging API tab, long-lived token). LINE steps are pushed with it.",
        ),
        "line_channel_secret": _field(
            _T.SECRET,
            "LINE: channel secret",
            "The same channel's secret (Basic settings tab, 32 hex digits): checks the "
            "signature of LINE's webhook at /plugins/stepmail/line/webhook/<channel-slug>/.",
        ),
        "line_login_channel_id": _field(
            _T.STRING,
            "LINE Login: channel ID",
            "The LINE Login channel (or LIFF app) customers sign in with to link their LINE "
            "account; ID tokens must be issued for it.",
        ),
        "line_login_channel_secret": _field(
            _T.SECRET,
            "LINE Login: channel secret",
            "Optional: checks HS256 ID tokens (web login) without asking LINE. Empty: LINE's "
            "verify endpoint checks each token.",
        ),
    }

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration, **kwargs):
        """Refuse what the workers could not use (a mistyped time zone, a send window that is
        not HH:MM-HH:MM...), one error per field; Saleor calls this before it saves."""
        from .adapter.config import config_problems

        values = {item["name"]: item["value"] for item in plugin_configuration.configuration or []}
        problems = config_problems(values)
        if problems:
            raise ValidationError(
                {
                    name: ValidationError(message, code=PluginErrorCode.INVALID.value)
                    for name, message in problems.items()
                }
            )

    def _record(self, kind: EventType, subject, refs: Callable[[Any], dict], previous_value: Any):
        if not self.active:
            return previous_value
        try:
            # A savepoint: a failed INSERT must not abort the transaction Saleor is in.
            with transaction.atomic():
                inbound_record(type=kind, occurred_at=timezone.now(), **refs(subject))
        except Exception:
            # Never into Saleor: a lost follow-up mail is better than a failed checkout.
            logger.exception(
                "stepmail: could not record %s for %s %s",
                kind.value,
                type(subject).__name__.lower(),
                subject.pk,
            )
        return previous_value

    def webhook(self, request, path, previous_value, **kwargs):
        """The plugin's own pages: GraphQL API, tracking links, unsubscribe (http.py).

        Not gated on `active`: links in mail already sent, unsubscribing above all, must keep
        working after a channel switches the plugin off; the API checks its callers itself.
        """
        from .http import serve  # the API and its views load on the first request only

        return serve(request, path or "/")

    def order_created(self, order, previous_value, **kwargs):
        return self._record(EventType.ORDER_CREATED, order, _order_refs, previous_value)

    def order_fully_paid(self, order, previous_value, **kwargs):
        return self._record(EventType.ORDER_FULLY_PAID, order, _order_refs, previous_value)

    # Saleor calls order_paid and order_fully_paid for a paid checkout and only order_fully_paid
    # for orderMarkAsPaid; both record the same event, which is idempotent once applied.
    order_paid = order_fully_paid

    def order_cancelled(self, order, previous_value, **kwargs):
        return self._record(EventType.ORDER_CANCELLED, order, _order_refs, previous_value)

    def order_expired(self, order, previous_value, **kwargs):
        return self._record(EventType.ORDER_EXPIRED, order, _order_refs, previous_value)

    # A fully refunded order no longer counts as the conversion of the mail it was credited to.
    def order_fully_refunded(self, order, previous_value, **kwargs):
        return self._record(EventType.ORDER_FULLY_REFUNDED, order, _order_refs, previous_value)

    # Each User created records customer_created (adapter/signals.py); these hooks only tell
    # the channel, when Saleor runs them on this channel's plugin (customers.py applies once).
    def customer_created(self, customer, previous_value, **kwargs):
        refs = _registration_refs(self.channel.slug if self.channel else "")
        return self._record(EventType.CUSTOMER_CREATED, customer, refs, previous_value)

    def account_confirmation_requested(
        self, user, channel_slug, token, redirect_url, previous_value=None, **kwargs
    ):
        refs = _registration_refs(channel_slug or (self.channel.slug if self.channel else ""))
        return self._record(EventType.CUSTOMER_CREATED, user, refs, previous_value)

    def customer_deleted(self, customer, previous_value, **kwargs):
        return self._record(EventType.CUSTOMER_DELETED, customer, _customer_refs, previous_value)

    def account_deleted(self, user, previous_value=None, **kwargs):
        return self._record(EventType.CUSTOMER_DELETED, user, _customer_refs, previous_value)

    def checkout_created(self, checkout, previous_value, webhooks=None, **kwargs):
        if not self.active:
            return previous_value
        _record_checkout(checkout)
        return previous_value

    def checkout_updated(self, checkout, previous_value, webhooks=None, **kwargs):
        if not self.active:
            return previous_value
        _record_checkout(checkout)
        return previous_value
