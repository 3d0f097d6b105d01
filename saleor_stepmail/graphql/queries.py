"""Queries: scenarios and presets, enrolments and deliveries, statistics, the customer's status."""

import graphene
from django.db.models import Q
from graphql import GraphQLError

from ..api.errors import InputError
from ..api.selectors import customer_status
from ..engine.catalogue import CATALOGUE
from ..engine.conditions import OPERATORS_FOR_TYPE
from ..engine.integration import current_integration
from ..engine.line import linked_line_user
from ..engine.stats import holdout_lift, step_stats
from ..models import BackfillJob, Delivery, Enrollment, Scenario, Variant
from ..presets import PRESETS
from ..vocabulary import ScenarioStatus
from . import enums
from .auth import READ_SCENARIOS, RESULTS, require
from .experiments import StepmailHoldoutLift, holdout_lift_type
from .ids import pk_from_global_id
from .limits import period_checked
from .results import StepmailStepStats, step_stats_type
from .scalars import DateTime
from .types import (
    StepmailBackfillJob,
    StepmailConnectionField,
    StepmailDelivery,
    StepmailEnrollment,
    StepmailFact,
    StepmailMyEnrollment,
    StepmailMyLine,
    StepmailMyStatus,
    StepmailPreset,
    StepmailPresetStep,
    StepmailScenario,
)

MAX_STATS_DAYS = 400


def _object(info, global_id: str, type_name: str, queryset):
    """The object, or None when it does not exist; a malformed id is an error."""
    try:
        pk = pk_from_global_id(global_id, type_name, "id")
    except InputError as exc:
        raise GraphQLError(exc.problems[0].message) from exc
    return queryset.filter(pk=pk).first()


class Query(graphene.ObjectType):
    stepmail_scenarios = StepmailConnectionField(
        StepmailScenario,
        active=graphene.Boolean(),
        trigger=enums.StepmailTrigger(),
        channel=graphene.String(description="Scenarios that apply to this channel slug."),
        description="Scenarios, newest first. Needs MANAGE_PLUGINS or MANAGE_ORDERS.",
    )
    stepmail_scenario = graphene.Field(
        StepmailScenario, id=graphene.ID(required=True), description="A scenario by id."
    )
    stepmail_presets = graphene.List(
        graphene.NonNull(StepmailPreset), required=True, description="Built-in scenarios."
    )
    stepmail_facts = graphene.List(
        graphene.NonNull(StepmailFact),
        required=True,
        description="The facts a step's conditions may name, with their types and operators.",
    )
    stepmail_channels = graphene.List(
        graphene.NonNull(graphene.String),
        description=(
            "The shop's channel slugs, for choosing a scenario's channels; null where the host "
            "cannot tell (outside Saleor). Needs MANAGE_PLUGINS or MANAGE_ORDERS."
        ),
    )
    stepmail_enrollments = StepmailConnectionField(
        StepmailEnrollment,
        scenario=graphene.ID(),
        state=enums.StepmailEnrollmentState(),
        email=graphene.String(),
        description="Enrolments, newest first. Needs MANAGE_ORDERS.",
    )
    stepmail_enrollment = graphene.Field(StepmailEnrollment, id=graphene.ID(required=True))
    stepmail_delivery = graphene.Field(
        StepmailDelivery,
        id=graphene.ID(required=True),
        description="A delivery with its history (events). Needs MANAGE_ORDERS.",
    )
    stepmail_step_stats = graphene.List(
        graphene.NonNull(StepmailStepStats),
        required=True,
        scenario=graphene.ID(required=True),
        start=DateTime(required=True),
        end=DateTime(required=True, description="Exclusive."),
        description="Per-step results for the mails sent in [start, end) (at most "
        f"{MAX_STATS_DAYS} days), every step of the scenario in order. Needs MANAGE_ORDERS.",
    )
    stepmail_holdout_lift = graphene.Field(
        graphene.NonNull(StepmailHoldoutLift),
        scenario=graphene.ID(required=True),
        start=DateTime(required=True),
        end=DateTime(required=True, description="Exclusive."),
        description="Mailed against held-out enrolments that started in [start, end), at most "
        f"{MAX_STATS_DAYS} days. Needs MANAGE_ORDERS.",
    )
    stepmail_backfill_job = graphene.Field(
        StepmailBackfillJob, id=graphene.ID(required=True), description="Poll a backfill."
    )
    my_stepmail_status = graphene.Field(
        StepmailMyStatus, description="The signed-in customer's step mail; null when anonymous."
    )

    def resolve_stepmail_scenarios(self, info, active=None, trigger=None, channel=None, **_):
        require(info, READ_SCENARIOS)
        scenarios = Scenario.objects.prefetch_related("steps__variants").order_by("-pk")
        if active is not None:
            status = ScenarioStatus.ACTIVE if active else ScenarioStatus.PAUSED
            scenarios = scenarios.filter(status=status)
        if trigger is not None:
            scenarios = scenarios.filter(trigger=trigger)
        if channel:
            scenarios = scenarios.filter(Q(channels__contains=[channel]) | Q(channels=[]))
        return scenarios

    def resolve_stepmail_scenario(self, info, id):
        require(info, READ_SCENARIOS)
        return _object(info, id, "StepmailScenario", Scenario.objects.all())

    def resolve_stepmail_presets(self, info):
        require(info, READ_SCENARIOS)
        return [
            StepmailPreset(
                slug=preset.slug,
                name=preset.name,
                trigger=preset.trigger.value,
                steps=[
                    StepmailPresetStep(name=s.name, delay_days=s.delay_days) for s in preset.steps
                ],
            )
            for preset in PRESETS.values()
        ]

    def resolve_stepmail_channels(self, info):
        require(info, READ_SCENARIOS)
        channels = current_integration().known_channels()
        return None if channels is None else sorted(channels)

    def resolve_stepmail_facts(self, info):
        require(info, READ_SCENARIOS)
        return [
            StepmailFact(
                name=fact.name,
                type=fact.type,
                source=fact.source,
                example=fact.example,
                operators=sorted(OPERATORS_FOR_TYPE[fact.type]),
            )
            for fact in CATALOGUE
        ]

    def resolve_stepmail_enrollments(self, info, scenario=None, state=None, email=None, **_):
        require(info, RESULTS)
        enrollments = Enrollment.objects.select_related("scenario").order_by("-pk")
        if scenario is not None:
            try:
                scenario_pk = pk_from_global_id(scenario, "StepmailScenario", "scenario")
            except InputError as exc:
                raise GraphQLError(exc.problems[0].message) from exc
            enrollments = enrollments.filter(scenario_id=scenario_pk)
        if state is not None:
            enrollments = enrollments.filter(state=state)
        if email:
            enrollments = enrollments.filter(email=email.strip().lower())
        return enrollments

    def resolve_stepmail_enrollment(self, info, id):
        require(info, RESULTS)
        return _object(info, id, "StepmailEnrollment", Enrollment.objects.all())

    def resolve_stepmail_delivery(self, info, id):
        require(info, RESULTS)
        queryset = Delivery.objects.select_related("step", "variant", "enrollment")
        return _object(info, id, "StepmailDelivery", queryset)

    def resolve_stepmail_step_stats(self, info, scenario, start, end):
        require(info, RESULTS)
        found = _stats_scenario(info, scenario, start, end)
        steps = found.steps.in_bulk()
        variants = Variant.objects.filter(step__scenario=found).in_bulk()
        return [
            step_stats_type(row, steps=steps, variants=variants)
            for row in step_stats(scenario=found, start=start, end=end)
        ]

    def resolve_stepmail_holdout_lift(self, info, scenario, start, end):
        require(info, RESULTS)
        found = _stats_scenario(info, scenario, start, end)
        return holdout_lift_type(holdout_lift(scenario=found, start=start, end=end))

    def resolve_stepmail_backfill_job(self, info, id):
        require(info, READ_SCENARIOS)
        return _object(info, id, "StepmailBackfillJob", BackfillJob.objects.all())

    def resolve_my_stepmail_status(self, info):
        principal = info.context.principal
        if principal is None:
            return None
        status = customer_status(email=principal.email, user_id=principal.user_id)
        return StepmailMyStatus(
            email=status.email,
            active_scenarios=[
                StepmailMyEnrollment(
                    scenario_name=e.scenario.name,
                    scenario_slug=e.scenario.slug,
                    enrolled_at=e.triggered_at,
                    next_send_at=e.next_send_at,
                )
                for e in status.active_enrollments
            ],
            subscriptions=status.subscriptions,
            receives_step_mail=status.receives_step_mail,
            line=StepmailMyLine.from_line_user(linked_line_user(user_id=principal.user_id)),
        )


def _stats_scenario(info, scenario: str, start, end) -> Scenario:
    period_checked(start, end, max_days=MAX_STATS_DAYS)
    found = _object(info, scenario, "StepmailScenario", Scenario.objects.all())
    if found is None:
        raise GraphQLError(f"no StepmailScenario with id {scenario!r}")
    return found
