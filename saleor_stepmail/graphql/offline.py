"""Call tasks and direct mail over GraphQL: lists, CSV exports, marking a call done.

All of it holds customers' phone numbers and addresses: MANAGE_ORDERS, as for enrolments.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType
from graphql import GraphQLError

from ..api.errors import InputError
from ..api.offline import (
    call_task_complete,
    call_tasks_csv,
    call_tasks_filter,
    direct_mail_export,
)
from ..models import CallTask, Scenario
from .auth import RESULTS, require
from .enums import StepmailCallTaskState
from .ids import instance_from_global_id, pk_from_global_id
from .mutations.base import StepmailMutation
from .scalars import DateTime
from .types import CountableConnection, StepmailConnectionField, StepmailDelivery


class StepmailCallTask(DjangoObjectType):
    class Meta:
        model = CallTask
        fields = ("id", "phone", "note", "done_by", "done_at", "created_at")
        interfaces = (relay.Node,)
        connection_class = CountableConnection
        convert_choices_to_enum = False
        description = "A phone call a call_task step asks staff to make."

    state = StepmailCallTaskState(required=True)
    delivery = graphene.Field(StepmailDelivery, required=True)
    email = graphene.String(required=True)
    scenario_slug = graphene.String(required=True)

    def resolve_email(self, info):
        return self.delivery.enrollment.email

    def resolve_scenario_slug(self, info):
        return self.delivery.enrollment.scenario.slug


def _filters(scenario=None, state=None, created_after=None, created_before=None):
    scenario_obj = None
    if scenario is not None:
        try:
            pk = pk_from_global_id(scenario, "StepmailScenario", "scenario")
        except InputError as exc:
            raise GraphQLError(exc.problems[0].message) from exc
        scenario_obj = Scenario.objects.filter(pk=pk).first() or Scenario(pk=pk)
    return call_tasks_filter(
        state=state,
        scenario=scenario_obj,
        created_after=created_after,
        created_before=created_before,
    )


_FILTER_ARGUMENTS = {
    "state": StepmailCallTaskState(),
    "scenario": graphene.ID(),
    "created_after": DateTime(),
    "created_before": DateTime(description="Exclusive."),
}


class OfflineQueries(graphene.ObjectType):
    stepmail_call_tasks = StepmailConnectionField(
        StepmailCallTask,
        **_FILTER_ARGUMENTS,
        description="Call tasks, newest first. Needs MANAGE_ORDERS.",
    )
    stepmail_call_tasks_csv = graphene.String(
        required=True,
        **_FILTER_ARGUMENTS,
        description="The filtered call tasks as CSV (UTF-8 with BOM, for Excel). "
        "Needs MANAGE_ORDERS.",
    )

    def resolve_stepmail_call_tasks(self, info, **filters):
        require(info, RESULTS)
        filters = {k: v for k, v in filters.items() if k in _FILTER_ARGUMENTS}
        return _filters(**filters)

    def resolve_stepmail_call_tasks_csv(self, info, **filters):
        require(info, RESULTS)
        return call_tasks_csv(tasks=_filters(**filters))


class StepmailCallTaskComplete(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)
        note = graphene.String(description="What came of the call; added to the task's note.")

    class Meta:
        description = "Mark a call task done, by the caller. Needs MANAGE_ORDERS."

    call_task = graphene.Field(StepmailCallTask)
    permissions = RESULTS

    @classmethod
    def perform(cls, info, id, note=""):
        task = instance_from_global_id(id, "StepmailCallTask", CallTask.objects.all())
        done = call_task_complete(
            task=task,
            done_by=info.context.principal.email,
            note=note or "",
            now=info.context.now,
        )
        return cls(call_task=done, errors=[])


class StepmailDirectMailExport(StepmailMutation):
    class Arguments:
        batch = graphene.String(
            description="Export this earlier batch again instead of the rows not exported yet."
        )

    class Meta:
        description = (
            "The printer's CSV (UTF-8 with BOM, for Excel) of the direct mail not exported yet; "
            "the rows are marked exported under the returned batch id, in one transaction. "
            "Needs MANAGE_ORDERS."
        )

    batch = graphene.String(description="Empty when there was nothing to export.")
    count = graphene.Int()
    csv = graphene.String()
    permissions = RESULTS

    @classmethod
    def perform(cls, info, batch=None):
        export = direct_mail_export(now=info.context.now, batch=batch or "")
        return cls(batch=export.batch, count=export.count, csv=export.csv, errors=[])
