"""Who may be mailed, and what the shop told us: suppressions and inbound hook events."""

from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf, Trim

from ..vocabulary import EventType, SubscriptionState
from .base import choices_check


class Suppression(models.Model):
    """Addresses that must get no step mail. Kept as a hash: no personal data to erase later."""

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"suppressed ({self.reason})"


# Inbox partitions: drainers apply different partitions at once, each in order (engine/inbox.py).
INBOX_PARTITIONS = 256

# Whose event it is: the address (as engine/events.py normalize_email spells it), else the shop
# account, else the LINE user, else the order. Hooks record the address with every order event,
# so a customer's orders, and each order's payment, share one partition.
_EVENT_CUSTOMER = Coalesce(
    NullIf(Lower(Trim("email")), Value("")),
    NullIf(F("user_id"), Value("")),
    NullIf(F("line_user_id"), Value("")),
    F("order_id"),
)


class InboundEvent(models.Model):
    """An event as a shop hook saw it, waiting to be applied: the hook's only database write.

    The hook stores ids (and the email, which a deleted customer no longer has afterwards);
    a worker turns the row into an engine Event from the shop's data and applies it.
    """

    type = models.CharField(max_length=32, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    order_id = models.CharField(max_length=64, blank=True)
    user_id = models.CharField(max_length=64, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    channel_slug = models.SlugField(max_length=255, blank=True)
    # LINE's webhook events: the LINE user, and LINE's webhookEventId (a redelivery is stored
    # once: the unique constraint below).
    line_user_id = models.CharField(max_length=64, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    # What a host without its own order tables tells of an order with its order_created
    # (engine/order_rows.py recorded_order_facts: total, currency, category, voucher code,
    # the acquisition keys of engine/acquisition.py). Saleor's hooks leave it empty: the
    # adapter reads Saleor's orders instead.
    facts = models.JSONField(default=dict, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    # Computed by Postgres from the customer, so that no writer (a hook, LINE's webhook, a
    # bulk insert) can get it wrong; the low 8 bits of hashtext are 0..255 for any sign.
    partition = models.GeneratedField(
        expression=Func(_EVENT_CUSTOMER, function="hashtext").bitand(INBOX_PARTITIONS - 1),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        constraints = [
            choices_check("type", EventType),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="inboundevent_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                condition=Q(processed_at__isnull=True),
                name="inboundevent_pending",
            ),
            # A drainer's batch: the oldest waiting events of the partitions it holds.
            models.Index(
                fields=["partition", "occurred_at", "id"],
                condition=Q(processed_at__isnull=True),
                name="inboundevent_partition_pending",
            ),
            # The recorded history read back without a shop (engine/integration.py event_for,
            # engine/history.py): an order's events, and a customer's orders by address.
            # Not partial: a lookup by another row's order id (a correlated subquery) could not
            # prove the index's condition.
            models.Index(fields=["order_id", "type"], name="inboundevent_order"),
            models.Index(
                Lower("email"), "type", "occurred_at", name="inboundevent_customer_history"
            ),
            models.Index(fields=["user_id", "type"], name="inboundevent_account"),
            # The dormancy scan without a shop: the orders placed in a window of time.
            models.Index(fields=["type", "occurred_at"], name="inboundevent_type_time"),
            # The retention sweep deletes events applied long ago, of the types nothing reads
            # back (engine/erasure.py): by type, it never walks over the history kept.
            models.Index(
                fields=["type", "processed_at"],
                condition=Q(processed_at__isnull=False),
                name="inboundevent_type_processed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.order_id or self.user_id} ({self.occurred_at:%Y-%m-%d %H:%M})"


class Subscription(models.Model):
    """A customer's consent: to a scenario (lead nurture), or to step mail as a whole.

    `scenario` empty means all step mail of the shop; an unsubscribed row of that kind, or a
    suppression, stops every scenario.
    """

    email = models.EmailField(max_length=254)
    scenario = models.ForeignKey(
        "Scenario", on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    channel_slug = models.SlugField(max_length=255, blank=True)
    state = models.CharField(max_length=16, choices=SubscriptionState.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            choices_check("state", SubscriptionState),
            models.UniqueConstraint(
                fields=["email", "scenario"],
                nulls_distinct=False,
                name="subscription_one_per_email_and_scenario",
            ),
        ]

    def __str__(self) -> str:
        return f"subscription {self.pk} ({self.state})"


class ConfirmationMail(models.Model):
    """One subscription confirmation mail sent: what paces them (api/subscriptions.py).

    Keyed by hashes only: of the mailbox (the address without case or `+tag`) and of the
    client's IP address (keyed with SECRET_KEY). Rows older than a week pace nothing and are
    deleted by the retention sweep.
    """

    mailbox_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["mailbox_hash", "sent_at"], name="confirmationmail_mailbox"),
            models.Index(fields=["client_hash", "sent_at"], name="confirmationmail_client"),
            models.Index(fields=["sent_at"], name="confirmationmail_sent"),
        ]

    def __str__(self) -> str:
        return f"confirmation mail ({self.sent_at:%Y-%m-%d %H:%M})"


class CheckoutSnapshot(models.Model):
    """What an abandoned-checkout mail needs, kept because the shop deletes old checkouts.

    Written by the checkout hooks (one upsert); the tick finds the abandoned ones through the
    partial index on `changed_at`.
    """

    checkout_token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(max_length=254, blank=True)
    user_id = models.CharField(max_length=64, blank=True)
    channel_slug = models.SlugField(max_length=255, blank=True)
    line_count = models.PositiveIntegerField(default=0)
    # Lines (product names, quantities, prices, thumbnails), total and currency, for templates.
    content = models.JSONField(default=dict, blank=True)
    changed_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["changed_at"],
                condition=Q(completed_at__isnull=True, abandoned_at__isnull=True, line_count__gt=0)
                & ~Q(email=""),
                name="checkoutsnapshot_waiting",
            ),
            # The retention sweep deletes snapshots unchanged for long (engine/erasure.py).
            models.Index(fields=["changed_at"], name="checkoutsnapshot_changed"),
        ]

    def __str__(self) -> str:
        return f"checkout {self.checkout_token}"
