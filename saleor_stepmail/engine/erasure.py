"""A deleted customer's personal data, wherever the plugin keeps it; and how long it keeps it.

`customer_records_erase` empties what enrolment erasure (engine/enrollment.py customer_erase)
does not reach: call tasks (phone, note), direct-mail rows (postal address), subscriptions,
the shop's hook events and LINE's webhook events of the customer's LINE users (the erasure's
own event included) and checkout snapshots. The
suppression list keeps a hash, so that a deleted customer who unsubscribed stays unmailed.

`records_expire` deletes what nothing reads any more, older than `retention_days`: hook events
already applied (but those the integration reads back as history, Integration.
history_event_types: without a shop, the order events), checkout snapshots, direct-mail rows
already exported; and pacing rows of confirmation mails after a week. The tick runs it, a
bounded batch of each kind at a time.
"""

from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Q

from ..conf import stepmail_settings
from ..models import (
    CallTask,
    CheckoutSnapshot,
    ConfirmationMail,
    DirectMailRow,
    InboundEvent,
    Subscription,
)
from ..vocabulary import EventType
from .integration import current_integration

RETENTION_BATCH = 1000
# Confirmation pacing looks back one week (api/confirmation_pace.py PACE_RESET).
CONFIRMATION_MAIL_DAYS = 7


def customer_records_erase(
    *, email: str, user_id: str, line_user_ids: list[str], enrollment_ids: list[int]
) -> None:
    """Empty the customer's rows besides their enrolments, in the caller's transaction."""
    CallTask.objects.filter(delivery__enrollment_id__in=enrollment_ids).update(phone="", note="")
    DirectMailRow.objects.filter(delivery__enrollment_id__in=enrollment_ids).update(address={})
    by_email = Q(email__iexact=email) if email else Q(pk__in=[])
    by_user = Q(user_id=user_id) if user_id else Q(pk__in=[])
    if email:
        Subscription.objects.filter(by_email).delete()
    by_line = Q(line_user_id__in=line_user_ids)
    # The facts go too: a referrer's address may name the customer.
    InboundEvent.objects.filter(by_email | by_user | by_line).update(
        email="", user_id="", line_user_id="", facts={}
    )
    CheckoutSnapshot.objects.filter(by_email | by_user).delete()


def records_expire(*, now: datetime, batch: int = RETENTION_BATCH) -> Counter:
    """Delete up to `batch` expired rows of each kind; returns how many of each went."""
    days = stepmail_settings().retention_days
    expiring = {
        "confirmation_mails": ConfirmationMail.objects.filter(
            sent_at__lt=now - timedelta(days=CONFIRMATION_MAIL_DAYS)
        ),
    }
    if days:
        cutoff = now - timedelta(days=days)
        read_back = current_integration().history_event_types()
        expiring |= {
            "inbound_events": InboundEvent.objects.filter(
                processed_at__lt=cutoff, type__in=sorted(set(EventType) - read_back)
            ),
            "checkout_snapshots": CheckoutSnapshot.objects.filter(changed_at__lt=cutoff),
            "direct_mail_rows": DirectMailRow.objects.filter(exported_at__lt=cutoff),
        }
    deleted: Counter = Counter()
    for kind, rows in expiring.items():
        pks = list(rows.order_by("pk").values_list("pk", flat=True)[:batch])
        if pks:
            deleted[kind] = rows.model.objects.filter(pk__in=pks).delete()[0]
    return deleted
