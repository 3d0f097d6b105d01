"""The one way an address leaves all step mail: unsubscribe, hard bounce or complaint."""

from datetime import datetime

from django.db import transaction

from ..models import Delivery, DeliveryEvent, Enrollment, Subscription
from ..vocabulary import DeliveryEventType, EnrollmentState, SubscriptionState
from .enrollment import enrollments_end
from .events import normalize_email
from .suppression import suppression_add

# A fixed provider_event_id makes the unsubscribe event of a delivery a unique row: a second
# click on the link, or the mailbox's one-click POST after the page's, records nothing new.
UNSUBSCRIBE_EVENT_ID = "stepmail-unsubscribe"


def email_suppress(*, email: str, reason: str, now: datetime) -> list[int]:
    """Put `email` on the suppression list and end its active enrolments in every scenario.

    The enrolments end as `unsubscribed` with `reason` ("unsubscribed", "bounced",
    "complained"); the dispatcher skips suppressed addresses for anything already claimed.
    Returns the ids of the enrolments ended.
    """
    email = normalize_email(email)
    if not email:
        return []
    with transaction.atomic():
        suppression_add(email=email, reason=reason)
        ids = list(
            Enrollment.objects.filter(email=email, state=EnrollmentState.ACTIVE)
            .order_by("pk")
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        enrollments_end(ids, state=EnrollmentState.UNSUBSCRIBED, reason=reason, now=now)
        Subscription.objects.filter(email=email).exclude(
            state=SubscriptionState.UNSUBSCRIBED
        ).update(state=SubscriptionState.UNSUBSCRIBED, unsubscribed_at=now)
    return ids


def delivery_unsubscribe(*, delivery: Delivery, now: datetime) -> list[int]:
    """The recipient of `delivery` asked to stop: record it on the delivery, then suppress."""
    with transaction.atomic():
        DeliveryEvent.objects.bulk_create(
            [
                DeliveryEvent(
                    delivery=delivery,
                    type=DeliveryEventType.UNSUBSCRIBED,
                    occurred_at=now,
                    provider_event_id=UNSUBSCRIBE_EVENT_ID,
                )
            ],
            ignore_conflicts=True,
        )
        return email_suppress(
            email=delivery.enrollment.email, reason=DeliveryEventType.UNSUBSCRIBED, now=now
        )
