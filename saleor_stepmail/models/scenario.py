"""What an operator designs: scenarios, their steps, and the steps' A/B variants."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..vocabulary import (
    ChannelKind,
    Goal,
    ReentryPolicy,
    ScenarioStatus,
    StepAction,
    Trigger,
)
from .base import choices_check, validate_timezone

MAX_DELAY_DAYS = 366
MAX_HOLDOUT_PERCENT = 50
MAX_FACT_OFFSET_DAYS = 60
MAX_DORMANT_DAYS = 1000


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
    # Enrolments kept as a control group: planned like the others, sent nothing (lift).
    holdout_percent = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_HOLDOUT_PERCENT)]
    )
    # Win-back (trigger customer_dormant): days without a paid order since the last one.
    dormant_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DORMANT_DAYS)],
    )
    # Days per category of the last order ({"apparel": 180, "food": 60}): an order takes the
    # longest of its lines' categories, else dormant_days. Only where the shop's orders say
    # their categories (Integration.order_categories_known).
    dormant_days_by_category = models.JSONField(default=dict, blank=True)
    # How far the tick's dormancy scan has gone (engine/dormancy.py): each dormancy that began
    # after it and by now fires once; set to the moment of each activation, so a dormancy that
    # began before (or while paused) is a backfill's, as a past order is for other triggers.
    dormancy_scanned_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            choices_check("trigger", Trigger),
            choices_check("status", ScenarioStatus),
            choices_check("reentry", ReentryPolicy),
            models.CheckConstraint(
                condition=Q(holdout_percent__lte=MAX_HOLDOUT_PERCENT),
                name="scenario_holdout_percent_in_range",
            ),
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
    # The kind of a channel in engine.channels.CHANNELS. Not a choice the database checks: a new
    # channel is its module and its registration, no migration. The API accepts registered
    # kinds only; a step whose channel was taken out has its mail skipped with the reason.
    channel = models.CharField(max_length=16, default=ChannelKind.EMAIL)
    subject_template = models.CharField(max_length=500, blank=True)
    html_template = models.TextField(blank=True)
    text_template = models.TextField(blank=True)
    # The same mail in other languages: {"en": {"subject": ..., "html": ..., "text": ...}}; a
    # customer whose language_code has an entry gets it (engine/render.py).
    translations = models.JSONField(default=dict, blank=True)
    # A list of {"fact", "op", "value"} that must all hold (engine/conditions.py).
    conditions = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # Set when an operator promotes an A/B winner: new deliveries use it instead of a draw.
    winning_variant = models.ForeignKey(
        "Variant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=8, choices=StepAction.choices, default=StepAction.SEND)
    # For action "move": the scenario the customer continues in. A target scenario cannot be
    # deleted while another scenario's step moves customers to it (a move needs its target).
    move_to = models.ForeignKey(
        "Scenario", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    # A fact of the enrolment's context holding a number of days (order.reorder_in_days): when
    # set and present, the step is due that many days plus delay_fact_offset_days after the
    # trigger, instead of delay_days, which stays the fallback for a context without it.
    delay_fact = models.CharField(max_length=100, blank=True)
    delay_fact_offset_days = models.SmallIntegerField(
        default=0,
        validators=[
            MinValueValidator(-MAX_FACT_OFFSET_DAYS),
            MaxValueValidator(MAX_FACT_OFFSET_DAYS),
        ],
    )
    # Time of day (in the scenario's time zone) the step goes out, instead of the trigger's time.
    send_at = models.TimeField(null=True, blank=True)
    # Per channel: {"url": ..., "secret": ...} for webhook steps; empty for email.
    channel_config = models.JSONField(default=dict, blank=True)
    # A single-use voucher issued for this customer and shown in the mail, e.g.
    # {"voucher_id": "<the shop's voucher to copy>", "valid_days": 14}; empty: none.
    voucher = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["scenario_id", "position"]
        constraints = [
            # Deferred so that a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["scenario", "position"],
                name="step_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            choices_check("action", StepAction),
            models.CheckConstraint(
                condition=~Q(action="move") | Q(move_to__isnull=False),
                name="step_move_has_target",
            ),
            models.CheckConstraint(
                condition=Q(
                    delay_days__lte=MAX_DELAY_DAYS, delay_hours__lte=23, delay_minutes__lte=59
                ),
                name="step_delay_in_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    delay_fact_offset_days__gte=-MAX_FACT_OFFSET_DAYS,
                    delay_fact_offset_days__lte=MAX_FACT_OFFSET_DAYS,
                ),
                name="step_delay_fact_offset_in_range",
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
