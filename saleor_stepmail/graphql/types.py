"""Object types for operators (model types, global ids) and for storefronts (own data only)."""

import graphene
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType
from graphql import GraphQLError

from ..engine.channels import CHANNELS
from ..engine.enrollment import scenarios_sharing_trigger
from ..models import BackfillJob, Delivery, DeliveryEvent, Enrollment, Scenario, Step, Variant
from ..vocabulary import PENDING_DELIVERY_STATES
from . import enums
from .limits import MAX_PAGE, page_size_problem
from .scalars import DateTime, JSONString


class CountableConnection(relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="How many items the filters match, on all pages.")

    def resolve_total_count(self, info):
        return self.length


class StepmailConnectionField(DjangoConnectionField):
    """A connection of at most MAX_PAGE items per page, with a clear error beyond that."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_limit", MAX_PAGE)
        super().__init__(*args, **kwargs)

    @classmethod
    def connection_resolver(cls, resolver, connection, default_manager, *args, **kwargs):
        info = args[4]
        problem = page_size_problem(info.field_name, kwargs)
        if problem:
            raise GraphQLError(problem)
        return super().connection_resolver(resolver, connection, default_manager, *args, **kwargs)


class StepmailVariant(DjangoObjectType):
    class Meta:
        model = Variant
        fields = ("id", "name", "weight", "subject_template", "html_template", "text_template")
        interfaces = (relay.Node,)
        convert_choices_to_enum = False
        description = "An A/B variant of a step: its texts replace the step's, drawn by weight."

    step = graphene.Field(lambda: StepmailStep, required=True)


class StepmailStep(DjangoObjectType):
    class Meta:
        model = Step
        fields = (
            "id",
            "position",
            "name",
            "delay_days",
            "delay_hours",
            "delay_minutes",
            "subject_template",
            "html_template",
            "text_template",
            "is_active",
            "winning_variant",
            "delay_fact",
            "delay_fact_offset_days",
        )
        interfaces = (relay.Node,)
        convert_choices_to_enum = False
        description = "One mail of a scenario, sent its delay after the trigger."

    channel = enums.StepmailChannelKind(required=True)
    is_active = graphene.Boolean(
        required=True,
        description="false: its planned mail is skipped when due; new enrolments do not get it.",
    )
    conditions = JSONString(
        required=True, description="[{fact, op, value}] that must all hold for the mail to go."
    )
    translations = JSONString(
        required=True, description='The mail in other languages: {"en": {subject, html, text}}.'
    )
    variants = graphene.List(graphene.NonNull(StepmailVariant), required=True)
    scenario = graphene.Field(lambda: StepmailScenario, required=True)
    action = enums.StepmailStepAction(required=True)
    move_to = graphene.Field(
        lambda: StepmailScenario, description="For MOVE: the scenario the customer continues in."
    )
    send_at = graphene.String(description='Time of day "HH:MM", in the scenario\'s time zone.')
    channel_config = JSONString(
        required=True,
        description="The channel's settings (stepmailChannelKinds' configSchema), without the "
        "write-only ones (the webhook's secret).",
    )
    has_channel_secret = graphene.Boolean(
        required=True, description="Whether the webhook secret is set (it is never shown)."
    )
    voucher = JSONString(description='{"voucherId", "validDays"}; null: no voucher.')

    def resolve_variants(self, info):
        return self.variants.all()

    def resolve_send_at(self, info):
        return self.send_at.strftime("%H:%M") if self.send_at else None

    def resolve_channel_config(self, info):
        return CHANNELS[self.channel].config_shown(self.channel_config or {})

    def resolve_has_channel_secret(self, info):
        return bool((self.channel_config or {}).get("secret"))

    def resolve_voucher(self, info):
        if not self.voucher:
            return None
        return {
            "voucherId": self.voucher.get("voucher_id"),
            "validDays": self.voucher.get("valid_days"),
        }


class StepmailCategoryDays(graphene.ObjectType):
    category = graphene.String(required=True, description="The category's slug.")
    days = graphene.Int(required=True)


class StepmailScenario(DjangoObjectType):
    class Meta:
        model = Scenario
        fields = (
            "id",
            "slug",
            "name",
            "channels",
            "timezone",
            "preset",
            "holdout_percent",
            "dormant_days",
            "created_at",
            "updated_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection
        convert_choices_to_enum = False
        description = "A sequence of mails started by a trigger and ended by its goals."

    trigger = enums.StepmailTrigger(required=True)
    goals = graphene.List(graphene.NonNull(enums.StepmailGoal), required=True)
    channels = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Channel slugs the scenario applies to; empty means every channel.",
    )
    status = enums.StepmailScenarioStatus(required=True)
    reentry = enums.StepmailReentryPolicy(required=True)
    language = enums.StepmailLanguage(required=True)
    steps = graphene.List(graphene.NonNull(StepmailStep), required=True)
    same_trigger = graphene.List(
        graphene.NonNull(lambda: StepmailScenario),
        required=True,
        description="The other active scenarios starting on this trigger in a channel this one "
        "applies to: a customer enters each of them, unless the channel's configuration says "
        "one scenario per trigger (then the oldest). What activating this one warns about.",
    )
    dormant_days_by_category = graphene.List(
        graphene.NonNull(StepmailCategoryDays),
        required=True,
        description="Win-back: days per category of the last order, instead of dormantDays.",
    )

    def resolve_steps(self, info):
        return self.steps.all()

    def resolve_same_trigger(self, info):
        return scenarios_sharing_trigger(self)

    def resolve_dormant_days_by_category(self, info):
        return [
            StepmailCategoryDays(category=slug, days=days)
            for slug, days in sorted(self.dormant_days_by_category.items())
        ]


class StepmailDeliveryEvent(DjangoObjectType):
    class Meta:
        model = DeliveryEvent
        fields = ("occurred_at", "order_id", "currency")
        convert_choices_to_enum = False
        description = "Something that happened to a sent mail: delivered, opened, converted..."

    type = enums.StepmailDeliveryEventType(required=True)
    revenue = graphene.Decimal(description="The converting order's gross total.")


class StepmailDelivery(DjangoObjectType):
    class Meta:
        model = Delivery
        fields = ("id", "due_at", "attempts", "reason", "sent_at", "provider_message_id")
        interfaces = (relay.Node,)
        convert_choices_to_enum = False
        description = "One planned mail of an enrolment, and its history."

    state = enums.StepmailDeliveryState(required=True)
    step = graphene.Field(StepmailStep, required=True)
    variant = graphene.Field(StepmailVariant)
    enrollment = graphene.Field(lambda: StepmailEnrollment, required=True)
    events = graphene.List(graphene.NonNull(StepmailDeliveryEvent), required=True)

    def resolve_events(self, info):
        return self.events.order_by("occurred_at", "pk")


class StepmailEnrollment(DjangoObjectType):
    class Meta:
        model = Enrollment
        fields = (
            "id",
            "email",
            "user_id",
            "source_order_id",
            "channel_slug",
            "triggered_at",
            "exit_reason",
            "ended_at",
            "holdout",
            "created_at",
        )
        interfaces = (relay.Node,)
        connection_class = CountableConnection
        convert_choices_to_enum = False
        description = "A customer's way through a scenario."

    state = enums.StepmailEnrollmentState(required=True)
    scenario = graphene.Field(StepmailScenario, required=True)
    deliveries = graphene.List(graphene.NonNull(StepmailDelivery), required=True)
    next_send_at = DateTime(description="When the next pending mail is due.")

    def resolve_deliveries(self, info):
        return self.deliveries.select_related("step", "variant").order_by("due_at", "pk")

    def resolve_next_send_at(self, info):
        pending = self.deliveries.filter(state__in=PENDING_DELIVERY_STATES)
        return pending.order_by("due_at").values_list("due_at", flat=True).first()


class StepmailBackfillJob(DjangoObjectType):
    class Meta:
        model = BackfillJob
        fields = ("id", "since", "total", "processed", "enrolled", "error", "created_at")
        interfaces = (relay.Node,)
        convert_choices_to_enum = False
        description = "A backfill running in a worker; poll it for progress."

    state = enums.StepmailJobState(required=True)
    scenario = graphene.Field(StepmailScenario, required=True)
    finished_at = DateTime()


class StepmailPresetStep(graphene.ObjectType):
    name = graphene.String(required=True)
    delay_days = graphene.Int(required=True)


class StepmailPreset(graphene.ObjectType):
    class Meta:
        description = "A built-in scenario, created with stepmailScenarioCreateFromPreset."

    slug = graphene.String(required=True)
    name = graphene.String(required=True, language=enums.StepmailLanguage())
    trigger = enums.StepmailTrigger(required=True)
    steps = graphene.List(graphene.NonNull(StepmailPresetStep), required=True)

    def resolve_name(self, info, language="ja"):
        return self.name[language]


class StepmailPreview(graphene.ObjectType):
    subject = graphene.String(required=True)
    html = graphene.String(required=True)
    text = graphene.String(required=True)
    sample = graphene.Boolean(
        required=True, description="True when sample data stood in for a real customer."
    )


class StepmailSubscription(graphene.ObjectType):
    class Meta:
        description = "A customer's consent to one scenario's mail, or to all step mail."

    email = graphene.String(required=True)
    scenario_slug = graphene.String(description="Null: all step mail of the shop.")
    scenario_name = graphene.String()
    state = enums.StepmailSubscriptionState(required=True)
    confirmed_at = DateTime()
    unsubscribed_at = DateTime()

    def resolve_scenario_slug(self, info):
        return self.scenario.slug if self.scenario_id else None

    def resolve_scenario_name(self, info):
        return self.scenario.name if self.scenario_id else None


class StepmailMyEnrollment(graphene.ObjectType):
    scenario_name = graphene.String(required=True)
    scenario_slug = graphene.String(required=True)
    enrolled_at = DateTime(required=True)
    next_send_at = DateTime()


class StepmailMyLine(graphene.ObjectType):
    class Meta:
        description = "The customer's LINE account, as linked with stepmailLineLink."

    linked_at = DateTime(required=True)
    display_name = graphene.String(required=True, description="Empty until LINE gives it.")
    is_friend = graphene.Boolean(
        required=True,
        description="Follows the shop's LINE account: LINE steps reach them. False after a "
        "block, or before they add the account.",
    )

    @staticmethod
    def from_line_user(row) -> "StepmailMyLine | None":
        if row is None or not row.user_id:
            return None
        return StepmailMyLine(
            linked_at=row.linked_at,
            display_name=row.display_name,
            is_friend=row.followed_at is not None and row.blocked_at is None,
        )


class StepmailMyStatus(graphene.ObjectType):
    class Meta:
        description = "The signed-in customer's step mail: running scenarios and consent."

    email = graphene.String(required=True)
    active_scenarios = graphene.List(graphene.NonNull(StepmailMyEnrollment), required=True)
    subscriptions = graphene.List(graphene.NonNull(StepmailSubscription), required=True)
    receives_step_mail = graphene.Boolean(
        required=True, description="False after unsubscribing from all step mail."
    )
    line = graphene.Field(StepmailMyLine, description="Null while no LINE account is linked.")


class StepmailFact(graphene.ObjectType):
    class Meta:
        description = "A fact conditions and templates read (the catalogue, docs/scenarios.md)."

    name = graphene.String(required=True, description="Dotted name, e.g. customer.orders_count.")
    type = graphene.String(required=True, description="number, money, string, list, bool, date.")
    source = graphene.String(required=True, description="Where the value comes from.")
    example = JSONString(required=True)
    operators = graphene.List(graphene.NonNull(graphene.String), required=True)
