"""stepmailSimulate: a scenario replayed over past events, nothing sent or written."""

import graphene
from graphql import GraphQLError

from ..api.errors import InputError
from ..engine.simulate import SimulationTooLarge, scenario_simulate
from ..models import Scenario
from .auth import RESULTS, require
from .enums import StepmailChannelKind
from .ids import pk_from_global_id
from .limits import period_checked
from .scalars import DateTime

MAX_SIMULATION_DAYS = 366


class StepmailSimulatedStep(graphene.ObjectType):
    position = graphene.Int(required=True)
    name = graphene.String(required=True)
    channel = StepmailChannelKind(required=True)
    at = DateTime(description="When it would have gone; null when not reached.")
    outcome = graphene.String(required=True, description="sent, skipped, ended, moved, not_reached")
    reason = graphene.String(required=True)


class StepmailSimulatedEnrollment(graphene.ObjectType):
    email = graphene.String(required=True)
    order_id = graphene.String(required=True)
    channel_slug = graphene.String(required=True)
    triggered_at = DateTime(required=True)
    steps = graphene.List(graphene.NonNull(StepmailSimulatedStep), required=True)
    left_at = DateTime()
    left_reason = graphene.String(required=True, description="A goal, an end/move step, or done.")


class StepmailNotEnrolled(graphene.ObjectType):
    reason = graphene.String(required=True)
    count = graphene.Int(required=True)


class StepmailSimulation(graphene.ObjectType):
    class Meta:
        description = "What a scenario would have done with the customers of a past period."

    enrolled_count = graphene.Int(required=True)
    sent_count = graphene.Int(required=True)
    enrollments = graphene.List(graphene.NonNull(StepmailSimulatedEnrollment), required=True)
    not_enrolled = graphene.List(graphene.NonNull(StepmailNotEnrolled), required=True)
    assumptions = graphene.List(graphene.NonNull(graphene.String), required=True)


class SimulationQueries(graphene.ObjectType):
    stepmail_simulate = graphene.Field(
        graphene.NonNull(StepmailSimulation),
        scenario_id=graphene.ID(required=True),
        since=DateTime(required=True),
        until=DateTime(required=True, description="Exclusive."),
        description="Replay the scenario over the triggers of [since, until), at most "
        f"{MAX_SIMULATION_DAYS} days: who would have been enrolled, which steps each would "
        "have got and when, and where they would have left. Nothing is sent or saved. "
        "Needs MANAGE_ORDERS (it lists customers).",
    )

    def resolve_stepmail_simulate(self, info, scenario_id, since, until):
        require(info, RESULTS)
        period_checked(since, until, max_days=MAX_SIMULATION_DAYS, names=("since", "until"))
        try:
            pk = pk_from_global_id(scenario_id, "StepmailScenario", "scenarioId")
        except InputError as exc:
            raise GraphQLError(exc.problems[0].message) from exc
        scenario = Scenario.objects.filter(pk=pk).first()
        if scenario is None:
            raise GraphQLError(f"no StepmailScenario with id {scenario_id!r}")
        try:
            result = scenario_simulate(scenario=scenario, since=since, until=until)
        except SimulationTooLarge as exc:
            raise GraphQLError(str(exc)) from exc
        return StepmailSimulation(
            enrolled_count=len(result.enrollments),
            sent_count=result.sent_count,
            enrollments=result.enrollments,
            not_enrolled=[
                StepmailNotEnrolled(reason=reason, count=count)
                for reason, count in sorted(result.not_enrolled.items())
            ],
            assumptions=result.assumptions,
        )
