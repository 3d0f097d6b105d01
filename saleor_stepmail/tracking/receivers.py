"""django-anymail's tracking events, recorded against our deliveries.

Every provider's webhook is normalised by anymail into one AnymailTrackingEvent; we map its
type with a table, find our delivery by the metadata we sent (`stepmail_delivery`) or else by
the provider's message id, and record it once per provider event. Hard bounces, complaints and
the provider's own unsubscribes take the address off all step mail (optout.email_suppress).
"""

import hashlib
import logging
import re

from anymail.signals import AnymailTrackingEvent
from anymail.signals import EventType as AnymailEventType
from django.db import transaction
from django.utils import timezone

from ..engine.optout import email_suppress
from ..engine.storable import ID_CHARS, REASON_CHARS, storable_json, storable_text
from ..models import Delivery, DeliveryEvent
from ..vocabulary import DeliveryEventType

logger = logging.getLogger(__name__)

# Anymail's event type -> ours. Types not listed (queued, sent, deferred, autoresponded...) are
# not recorded: our own `sent` is written by the dispatcher, and a deferral is not an outcome.
# "bounced" is anymail's permanent failure; a temporary one arrives as "deferred".
EVENT_TYPES: dict[str, DeliveryEventType] = {
    AnymailEventType.DELIVERED: DeliveryEventType.DELIVERED,
    AnymailEventType.OPENED: DeliveryEventType.OPENED,
    AnymailEventType.CLICKED: DeliveryEventType.CLICKED,
    AnymailEventType.BOUNCED: DeliveryEventType.BOUNCED,
    AnymailEventType.COMPLAINED: DeliveryEventType.COMPLAINED,
    AnymailEventType.UNSUBSCRIBED: DeliveryEventType.UNSUBSCRIBED,
}

# Our event type -> the suppression reason it puts the address on the list with. A bounce whose
# MTA response is a 4xx code is temporary (some providers, Postmark's SoftBounce, still report
# it as "bounced") and suppresses nothing.
SUPPRESSING_EVENTS: dict[DeliveryEventType, str] = {
    DeliveryEventType.BOUNCED: "bounced",
    DeliveryEventType.COMPLAINED: "complained",
    DeliveryEventType.UNSUBSCRIBED: "unsubscribed",
}


# A clicked URL is kept whole up to this length.
METADATA_CHARS = 2048
TEMPORARY_SMTP_REPLY = re.compile(r"\s*4\d\d\b")


def tracking_received(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """Receiver of anymail.signals.tracking (connected in apps.StepMailConfig.ready)."""
    kind = EVENT_TYPES.get(event.event_type)
    if kind is None:
        return
    delivery = delivery_for_event(event)
    if delivery is None:
        # Another sender's mail through the same provider (Saleor's own order mails...).
        logger.debug("stepmail: %s event for message %r is not ours", esp_name, event.message_id)
        return
    tracking_event_record(delivery=delivery, kind=kind, event=event, esp_name=esp_name)


def delivery_for_event(event: AnymailTrackingEvent) -> Delivery | None:
    deliveries = Delivery.objects.select_related("enrollment")
    ours = str((event.metadata or {}).get("stepmail_delivery", ""))
    if ours.isdigit():
        return deliveries.filter(pk=int(ours)).first()
    if event.message_id:
        message_id = storable_text(event.message_id, limit=ID_CHARS)
        return deliveries.filter(provider_message_id=message_id).first()
    return None


def tracking_event_record(
    *, delivery: Delivery, kind: DeliveryEventType, event: AnymailTrackingEvent, esp_name: str
) -> None:
    occurred_at = event.timestamp or timezone.now()
    metadata = {"esp": esp_name}
    if event.click_url:
        metadata["url"] = event.click_url
    if event.description:
        metadata["description"] = storable_text(event.description, limit=REASON_CHARS)
    with transaction.atomic():
        # The partial unique constraint on (delivery, type, provider_event_id) drops a webhook
        # the provider delivers again.
        DeliveryEvent.objects.bulk_create(
            [
                DeliveryEvent(
                    delivery=delivery,
                    type=kind,
                    occurred_at=occurred_at,
                    metadata=storable_json(metadata, limit=METADATA_CHARS),
                    provider_event_id=provider_event_id(event, esp_name=esp_name),
                )
            ],
            ignore_conflicts=True,
        )
        reason = SUPPRESSING_EVENTS.get(kind)
        if reason and not _temporary_failure(event):
            email = delivery.enrollment.email or event.recipient or ""
            email_suppress(email=email, reason=reason, now=occurred_at)


def _temporary_failure(event: AnymailTrackingEvent) -> bool:
    return TEMPORARY_SMTP_REPLY.match(str(event.mta_response or "")) is not None


def provider_event_id(event: AnymailTrackingEvent, *, esp_name: str) -> str:
    """The provider's event id, or, for providers that send none, a fingerprint of the event
    (the same webhook posted twice carries the same fields)."""
    if event.event_id:
        return storable_text(f"{esp_name}:{event.event_id}", limit=ID_CHARS)
    fields = [
        esp_name,
        event.event_type,
        event.message_id or "",
        event.timestamp.isoformat() if event.timestamp else "",
        event.recipient or "",
        event.click_url or "",
    ]
    joined = "\x1f".join(fields).encode(errors="surrogatepass")
    return f"{esp_name}:sha256:" + hashlib.sha256(joined).hexdigest()
