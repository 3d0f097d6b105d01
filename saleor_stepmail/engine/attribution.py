"""Which mail an order is credited to: last touch, within a window after a click, open or send.

Reading of the windows (STEPMAIL attribution_*_days, default 7 / 3 / 3): the strongest kind of
touch decides first. If the customer clicked any of our mails within 7 days before the order,
the order goes to the mail clicked last; else, if they opened one within 3 days, to the mail
opened last; else to the mail sent last within 3 days. Otherwise it is nobody's conversion.
The order is recorded once, as DeliveryEvent(type="converted"); a partial unique constraint on
its order id keeps a replayed event from counting it twice.

The credit is decided when the order is placed, but it counts only while the order is real:
`paid_at` is set when the order is fully paid (at once for an order paid at checkout, later
for a bank transfer or konbini payment), `reversed_at` when it is cancelled, expires or is
fully refunded, whenever that happens. Reports count paid and not reversed conversions only
(engine/stats.py PAID_CONVERSION), so a later cancellation takes the conversion and its
revenue out of every figure, the holdout lift included.

Holdout enrolments get no mail, but their customers' orders must be counted for the lift to
mean anything. Their planned deliveries are kept as `skipped` rows (reason "holdout"), and such
a row stands in for a send at its due time, with the longest window (the click window): a
holdout customer is never given less time to convert than a treated one, so the measured lift
errs low rather than high.
"""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from ..conf import stepmail_settings
from ..models import Delivery, DeliveryEvent
from ..vocabulary import DeliveryEventType, DeliveryState, EventType
from .events import Event
from .identity import customer_match

HOLDOUT = "holdout"


def order_attribute(event: Event) -> DeliveryEvent | None:
    """Record `event`'s order as the conversion of the last mail that touched the customer.

    Called by record_event for ORDER_CREATED, in its transaction. None when no mail qualifies
    or the order was already counted.
    """
    if not event.order_id or not (event.email or event.user_id):
        return None
    delivery_id = _last_touch(event)
    if delivery_id is None:
        return None
    amount, currency = _order_total(event.context)
    try:
        with transaction.atomic():
            return DeliveryEvent.objects.create(
                delivery_id=delivery_id,
                type=DeliveryEventType.CONVERTED,
                occurred_at=event.occurred_at,
                order_id=event.order_id,
                revenue=amount,
                currency=currency,
                paid_at=event.occurred_at if event.is_paid else None,
            )
    except IntegrityError:
        # Already counted (deliveryevent_order_converts_once): an event applied twice.
        return None


def _conversion_paid(event: Event) -> int:
    """The order's conversion starts counting; its first payment is the one kept."""
    return DeliveryEvent.objects.filter(
        type=DeliveryEventType.CONVERTED, order_id=event.order_id, paid_at__isnull=True
    ).update(paid_at=event.occurred_at)


def _conversion_reversed(event: Event) -> int:
    """The order's conversion stops counting: cancelled, expired or fully refunded."""
    return DeliveryEvent.objects.filter(
        type=DeliveryEventType.CONVERTED, order_id=event.order_id, reversed_at__isnull=True
    ).update(reversed_at=event.occurred_at)


ORDER_OUTCOMES: dict[EventType, Callable[[Event], int]] = {
    EventType.ORDER_FULLY_PAID: _conversion_paid,
    EventType.ORDER_CANCELLED: _conversion_reversed,
    EventType.ORDER_EXPIRED: _conversion_reversed,
    EventType.ORDER_FULLY_REFUNDED: _conversion_reversed,
}


def order_outcome_record(event: Event) -> int:
    """Mark the conversion of `event`'s order paid or reversed; returns the rows changed.

    Called by record_event for every event; other event types and unknown orders change nothing.
    """
    outcome = ORDER_OUTCOMES.get(event.type)
    if outcome is None or not event.order_id:
        return 0
    return outcome(event)


def _last_touch(event: Event) -> int | None:
    config = stepmail_settings()
    at = event.occurred_at
    click_since = at - timedelta(days=config.attribution_click_days)
    open_since = at - timedelta(days=config.attribution_open_days)
    send_since = at - timedelta(days=config.attribution_send_days)
    # Never None here: order_attribute stops earlier for an event that names no customer.
    customer = customer_match(email=event.email, user_id=event.user_id, via="enrollment__")
    # The order that enrolled the customer is not a conversion of its own follow-ups.
    theirs = Delivery.objects.filter(customer).exclude(enrollment__source_order_id=event.order_id)
    if not theirs.exists():
        return None  # a first buyer: one query, not three (a sale is mostly first buyers)

    for kind, since in (
        (DeliveryEventType.CLICKED, click_since),
        (DeliveryEventType.OPENED, open_since),
    ):
        touched = (
            DeliveryEvent.objects.filter(
                delivery__in=theirs.filter(state=DeliveryState.SENT),
                type=kind,
                occurred_at__gte=since,
                occurred_at__lte=at,
            )
            .order_by("-occurred_at", "-pk")
            .values_list("delivery_id", flat=True)
            .first()
        )
        if touched is not None:
            return touched

    sent = Q(state=DeliveryState.SENT, sent_at__gte=send_since, sent_at__lte=at)
    holdout = Q(
        state=DeliveryState.SKIPPED,
        reason=HOLDOUT,
        due_at__gte=min(click_since, send_since),
        due_at__lte=at,
    )
    return (
        theirs.filter(sent | holdout)
        .annotate(touched_at=Coalesce("sent_at", "due_at"))
        .order_by("-touched_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _order_total(context: dict) -> tuple[Decimal | None, str]:
    """The gross total as the integration reports it: context["order"]["total"]."""
    total = (context.get("order") or {}).get("total") or {}
    try:
        amount = Decimal(str(total["amount"]))
    except (KeyError, TypeError, InvalidOperation):
        return None, ""
    return amount, str(total.get("currency") or "")[:3].upper()
