"""What happens to customers: enrolments, the deliveries planned for them, and what followed."""

import uuid

from django.db import models
from django.db.models import Q

from ..vocabulary import DeliveryEventType, DeliveryState, EnrollmentState
from .base import choices_check
from .scenario import Scenario, Step, Variant


class Enrollment(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="enrollments")
    email = models.EmailField(max_length=254, blank=True)
    user_id = models.CharField(max_length=64, blank=True)
    # Enrolments started by LINE (a friend added) are keyed by the LINE user id, not an email.
    line_user_id = models.CharField(max_length=64, blank=True)
    source_order_id = models.CharField(max_length=64, blank=True)
    # Filled only under the per-order re-entry policy, so that the partial unique constraint
    # below allows one active enrolment per order instead of one per customer.
    reentry_key = models.CharField(max_length=64, blank=True)
    channel_slug = models.SlugField(max_length=255, blank=True)
    triggered_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=EnrollmentState.choices, default="active")
    exit_reason = models.CharField(max_length=64, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The trigger's facts (first name, order number, lines, total...) for templates and conditions.
    context = models.JSONField(default=dict, blank=True)
    # In the scenario's holdout group: its deliveries are skipped, its conversions still count.
    holdout = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            choices_check("state", EnrollmentState),
            models.UniqueConstraint(
                fields=["scenario", "email", "line_user_id", "reentry_key"],
                condition=Q(state="active"),
                name="enrollment_one_active_per_customer",
            ),
            models.CheckConstraint(
                condition=Q(state="active", ended_at__isnull=True)
                | (~Q(state="active") & Q(ended_at__isnull=False)),
                name="enrollment_ended_at_matches_state",
            ),
        ]
        indexes = [
            models.Index(
                fields=["email"], condition=Q(state="active"), name="enrollment_active_email"
            ),
            models.Index(
                fields=["user_id"], condition=Q(state="active"), name="enrollment_active_user"
            ),
            models.Index(fields=["source_order_id"], name="enrollment_source_order"),
            # Attribution looks for a customer's mails in ended enrolments too.
            models.Index(fields=["email"], name="enrollment_email"),
            models.Index(fields=["user_id"], condition=~Q(user_id=""), name="enrollment_user"),
            models.Index(fields=["scenario", "state"], name="enrollment_scenario_state"),
            models.Index(
                fields=["line_user_id"], condition=~Q(line_user_id=""), name="enrollment_line_user"
            ),
        ]

    def __str__(self) -> str:
        return f"enrollment {self.pk} ({self.scenario_id}, {self.state})"


class Delivery(models.Model):
    """One planned message: a step for an enrolment. The schedule is these rows.

    `available_at` is when a worker may next take the row: the due time while scheduled, the
    retry time after a provider error, and the lease's end while claimed. The claim query reads
    only this column, through a partial index, so its cost does not grow with the backlog.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="deliveries")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="deliveries")
    variant = models.ForeignKey(
        Variant, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    due_at = models.DateTimeField()
    available_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=DeliveryState.choices, default="scheduled")
    attempts = models.PositiveSmallIntegerField(default=0)
    # Changes at every claim, so that a worker whose lease ran out cannot record over the worker
    # that took the row after it.
    claim_token = models.UUIDField(null=True, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider_message_id = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="delivery_once_per_step"),
            choices_check("state", DeliveryState),
            models.CheckConstraint(
                condition=~Q(state="claimed") | Q(claim_token__isnull=False),
                name="delivery_claimed_has_token",
            ),
        ]
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=Q(state__in=["scheduled", "claimed"]),
                name="delivery_pending_available",
            ),
            models.Index(fields=["step", "state"], name="delivery_step_state"),
            # Provider tracking events name the message, not our delivery.
            models.Index(
                fields=["provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="delivery_provider_message",
            ),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.state})"


class DeliveryEvent(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=16, choices=DeliveryEventType.choices)
    occurred_at = models.DateTimeField()
    metadata = models.JSONField(default=dict, blank=True)
    # The provider's id of a tracking event: a webhook delivered twice is recorded once.
    provider_event_id = models.CharField(max_length=255, blank=True)
    # For conversions: the order, counted once, and its gross total.
    order_id = models.CharField(max_length=64, blank=True)
    revenue = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    # A conversion counts once its order is paid, and stops counting when the order is
    # cancelled, expires or is fully refunded (engine/attribution.py, order_outcome_record).
    paid_at = models.DateTimeField(null=True, blank=True)
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            choices_check("type", DeliveryEventType),
            models.UniqueConstraint(
                fields=["delivery", "type", "provider_event_id"],
                condition=~Q(provider_event_id=""),
                name="deliveryevent_provider_event_once",
            ),
            models.UniqueConstraint(
                fields=["order_id"],
                condition=Q(type="converted"),
                name="deliveryevent_order_converts_once",
            ),
        ]
        indexes = [
            models.Index(fields=["delivery", "type"], name="deliveryevent_delivery_type"),
            models.Index(fields=["type", "occurred_at"], name="deliveryevent_type_time"),
        ]

    def __str__(self) -> str:
        return f"{self.type} of delivery {self.delivery_id}"
