"""Reads for the storefront: a customer's own step mail."""

from dataclasses import dataclass

from django.db.models import Min, Q

from ..engine.events import normalize_email
from ..engine.identity import customer_match
from ..engine.suppression import suppressed_emails
from ..models import Enrollment, Subscription
from ..vocabulary import PENDING_DELIVERY_STATES, EnrollmentState, SubscriptionState


@dataclass(frozen=True)
class CustomerStatus:
    email: str
    active_enrollments: list[Enrollment]
    subscriptions: list[Subscription]
    receives_step_mail: bool


def customer_status(*, email: str, user_id: str) -> CustomerStatus:
    """The customer's running enrolments (with `next_send_at`), consents and opt-out state."""
    email = normalize_email(email)
    mine = customer_match(email=email, user_id=user_id) or Q(pk__in=[])
    enrollments = list(
        Enrollment.objects.filter(mine, state=EnrollmentState.ACTIVE)
        .select_related("scenario")
        .annotate(
            next_send_at=Min(
                "deliveries__due_at", filter=Q(deliveries__state__in=PENDING_DELIVERY_STATES)
            )
        )
        .order_by("triggered_at", "pk")
    )
    subscriptions = list(
        Subscription.objects.filter(email=email).select_related("scenario").order_by("pk")
    )
    unsubscribed_all = any(
        s.scenario_id is None and s.state == SubscriptionState.UNSUBSCRIBED for s in subscriptions
    )
    return CustomerStatus(
        email=email,
        active_enrollments=enrollments,
        subscriptions=subscriptions,
        receives_step_mail=not unsubscribed_all and not suppressed_emails([email]),
    )
