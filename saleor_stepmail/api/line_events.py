"""LINE's webhook events, checked and stored: the webhook's only work (the worker applies them).

LINE signs the raw body: `X-Line-Signature` is the base64 HMAC-SHA256 of it with the channel
secret. `follow` and `unfollow` from a user are stored as inbound events, keyed by LINE's
`webhookEventId`, so that a redelivery (`deliveryContext.isRedelivery`) is stored once; other
events (messages, postbacks, group joins) are not for step messages and are dropped.
"""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

from django.db import transaction

from ..engine.handoff import Work, work_queue_on_commit
from ..engine.line import is_line_user_id
from ..models import InboundEvent
from ..vocabulary import EventType

# LINE's event type -> ours.
LINE_EVENT_TYPES = {"follow": EventType.LINE_FOLLOWED, "unfollow": EventType.LINE_UNFOLLOWED}
# Rows per INSERT: a request of 1,000 events (LINE's own batches are smaller) is a few statements.
STORE_BATCH = 500
MAX_EVENT_ID_CHARS = 64
# LINE's numbers are timestamps in milliseconds: 13 digits.
MAX_INTEGER_DIGITS = 30


class BadWebhook(ValueError):
    """The request is not a LINE webhook we may store: nothing was written."""


def line_signature_valid(*, secret: str, body: bytes, signature: str) -> bool:
    if not secret or not signature:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


def _moment(timestamp: object) -> datetime | None:
    """LINE's milliseconds since the epoch as a moment; None for a value that is no moment:
    not a number, NaN, infinite (as 1e400 reads) or past the years a date holds (1e20). That
    event alone is dropped, not the body."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        return None
    try:
        return datetime.fromtimestamp(timestamp / 1000, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _integer(digits: str) -> int | None:
    """An integer of the body; None for one longer than any LINE sends, which Python would refuse
    to read (over 4,300 digits) and so refuse the whole body."""
    return int(digits) if len(digits) <= MAX_INTEGER_DIGITS else None


def _inbound(event: dict, channel_slug: str) -> InboundEvent | None:
    kind = LINE_EVENT_TYPES.get(event.get("type"))
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    user = source.get("userId")
    if kind is None or source.get("type") != "user" or not is_line_user_id(user):
        return None
    occurred_at = _moment(event.get("timestamp"))
    if occurred_at is None:
        return None
    event_id = event.get("webhookEventId")
    return InboundEvent(
        type=kind,
        occurred_at=occurred_at,
        line_user_id=user,
        channel_slug=channel_slug,
        external_id=event_id[:MAX_EVENT_ID_CHARS] if isinstance(event_id, str) else "",
    )


def line_events_store(*, body: bytes, channel_slug: str) -> int:
    """Store the follow and unfollow events of a signed body; returns how many were new."""
    try:
        payload = json.loads(body, parse_int=_integer)
    except ValueError:
        raise BadWebhook("the body is not JSON") from None
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise BadWebhook("the body has no events list")
    rows = [
        row
        for row in (_inbound(e, channel_slug) for e in events if isinstance(e, dict))
        if row is not None
    ]
    ids = {row.external_id for row in rows if row.external_id}
    seen = set(
        InboundEvent.objects.filter(external_id__in=ids).values_list("external_id", flat=True)
    )
    new = []
    for row in rows:
        if row.external_id not in seen:
            new.append(row)
            seen.add(row.external_id or None)
    with transaction.atomic():
        # A redelivery racing this request meets the unique constraint: not stored twice.
        InboundEvent.objects.bulk_create(new, batch_size=STORE_BATCH, ignore_conflicts=True)
        if new:
            work_queue_on_commit(Work.APPLY_INBOUND_EVENTS, robust=True)
    return len(new)
