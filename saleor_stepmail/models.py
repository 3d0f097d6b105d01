"""The plugin's tables. None points at a Saleor table: customers and orders are kept as ids.

Every state lives in a column with a CHECK constraint, and every rule that must hold across
processes (one delivery per enrolment and step, one active enrolment per customer and scenario)
is a unique constraint, so that no interleaving of workers can break it.
"""

import uuid
import zoneinfo

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .engine.vocabulary import (
    ChannelKind,
    DeliveryEventType,
    DeliveryState,
    EnrollmentState,
    EventType,
    Goal,
    ReentryPolicy,
    ScenarioStatus,
    Trigger,
)

MAX_DELAY_DAYS = 366


def _choices_check(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"%(class)s_{field}_valid"
    )


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. Asia/Tokyo).") from exc


class Scenario(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    trigger = models.CharField(max_length=32, choices=Trigger.choices)
    goals = ArrayField(
        models.CharField(max_length=32, choices=Goal.choices), default=list, blank=True
    )
    # Channel slugs the scenario applies to; empty means every channel.
    channels = ArrayField(models.SlugField(max_length=255), default=list, blank=True)
    status = models.CharField(max_length=16, choices=ScenarioStatus.choices, default="paused")
    reentry = models.CharField(
        max_length=16, choices=ReentryPolicy.choices, default=ReentryPolicy.AFTER_EXIT
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # The language of the scenario's mails; the shared layout and legal footer follow it.
    language = models.CharField(
        max_length=8, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    preset = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            _choices_check("trigger", Trigger),
            _choices_check("status", ScenarioStatus),
            _choices_check("reentry", ReentryPolicy),
        ]
        indexes = [models.Index(fields=["trigger", "status"])]

    def __str__(self) -> str:
        return self.slug

    def applies_to_channel(self, channel_slug: str) -> bool:
        return not self.channels or channel_slug in self.channels


class Step(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=200, blank=True)
    delay_days = models.PositiveIntegerField(
        default=0, validators=[MaxValueValidator(MAX_DELAY_DAYS)]
    )
    delay_hours = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(23)])
    delay_minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(59)])
    channel = models.CharField(max_length=16, choices=ChannelKind.choices, default="email")
    subject_template = models.CharField(max_length=500, blank=True)
    html_template = models.TextField(blank=True)
    text_template = models.TextField(blank=True)
    # A list of {"fact", "op", "value"} that must all hold (engine/conditions.py).
    conditions = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["scenario_id", "position"]
        constraints = [
            # Deferred so that a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["scenario", "position"],
                name="step_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            _choices_check("channel", ChannelKind),
            models.CheckConstraint(
                condition=Q(
                    delay_days__lte=MAX_DELAY_DAYS, delay_hours__lte=23, delay_minutes__lte=59
                ),
                name="step_delay_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id}#{self.position}"


class Variant(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=50)
    weight = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    subject_template = models.CharField(max_length=500, blank=True)
    html_template = models.TextField(blank=True)
    text_template = models.TextField(blank=True)

    class Meta:
        ordering = ["step_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["step", "name"], name="variant_name_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="variant_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.step_id}/{self.name}"


class Enrollment(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="enrollments")
    email = models.EmailField(max_length=254, blank=True)
    user_id = models.CharField(max_length=64, blank=True)
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            _choices_check("state", EnrollmentState),
            models.UniqueConstraint(
                fields=["scenario", "email", "reentry_key"],
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
            models.Index(fields=["scenario", "state"], name="enrollment_scenario_state"),
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
            _choices_check("state", DeliveryState),
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
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.state})"


class DeliveryEvent(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=16, choices=DeliveryEventType.choices)
    occurred_at = models.DateTimeField()
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [_choices_check("type", DeliveryEventType)]
        indexes = [models.Index(fields=["delivery", "type"], name="deliveryevent_delivery_type")]

    def __str__(self) -> str:
        return f"{self.type} of delivery {self.delivery_id}"


class Suppression(models.Model):
    """Addresses that must get no step mail. Kept as a hash: no personal data to erase later."""

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"suppressed ({self.reason})"


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
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [_choices_check("type", EventType)]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                condition=Q(processed_at__isnull=True),
                name="inboundevent_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.order_id or self.user_id} ({self.occurred_at:%Y-%m-%d %H:%M})"
