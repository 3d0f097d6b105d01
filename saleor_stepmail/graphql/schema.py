"""The schema, and its SDL export (saleor_stepmail/graphql/schema.graphql, kept in the repo)."""

from pathlib import Path

import graphene

from .analysis import AnalysisQueries
from .channels import ChannelQueries
from .mutations.operations import (
    StepmailBackfillStart,
    StepmailEnrollmentExit,
    StepmailStepPreview,
    StepmailStepSendTest,
)
from .mutations.scenarios import (
    StepmailScenarioActivate,
    StepmailScenarioCreate,
    StepmailScenarioCreateFromPreset,
    StepmailScenarioDelete,
    StepmailScenarioPause,
    StepmailScenarioUpdate,
)
from .mutations.steps import (
    StepmailStepCreate,
    StepmailStepDelete,
    StepmailStepReorder,
    StepmailStepUpdate,
    StepmailVariantCreate,
    StepmailVariantDelete,
    StepmailVariantPromote,
    StepmailVariantUpdate,
)
from .mutations.storefront import (
    StepmailConfirm,
    StepmailLineLink,
    StepmailLineUnlink,
    StepmailSubscribe,
    StepmailUnsubscribe,
)
from .offline import OfflineQueries, StepmailCallTaskComplete, StepmailDirectMailExport
from .queries import Query as OperatorQuery
from .repeat_rate import RepeatRateQueries
from .simulation import SimulationQueries

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")


class Query(
    OperatorQuery,
    ChannelQueries,
    OfflineQueries,
    SimulationQueries,
    AnalysisQueries,
    RepeatRateQueries,
):
    pass


class Mutation(graphene.ObjectType):
    stepmail_scenario_create = StepmailScenarioCreate.Field()
    stepmail_scenario_update = StepmailScenarioUpdate.Field()
    stepmail_scenario_delete = StepmailScenarioDelete.Field()
    stepmail_scenario_activate = StepmailScenarioActivate.Field()
    stepmail_scenario_pause = StepmailScenarioPause.Field()
    stepmail_scenario_create_from_preset = StepmailScenarioCreateFromPreset.Field()
    stepmail_step_create = StepmailStepCreate.Field()
    stepmail_step_update = StepmailStepUpdate.Field()
    stepmail_step_delete = StepmailStepDelete.Field()
    stepmail_step_reorder = StepmailStepReorder.Field()
    stepmail_variant_create = StepmailVariantCreate.Field()
    stepmail_variant_update = StepmailVariantUpdate.Field()
    stepmail_variant_delete = StepmailVariantDelete.Field()
    stepmail_variant_promote = StepmailVariantPromote.Field()
    stepmail_step_preview = StepmailStepPreview.Field()
    stepmail_step_send_test = StepmailStepSendTest.Field()
    stepmail_backfill_start = StepmailBackfillStart.Field()
    stepmail_enrollment_exit = StepmailEnrollmentExit.Field()
    stepmail_call_task_complete = StepmailCallTaskComplete.Field()
    stepmail_direct_mail_export = StepmailDirectMailExport.Field()
    stepmail_subscribe = StepmailSubscribe.Field()
    stepmail_confirm = StepmailConfirm.Field()
    stepmail_unsubscribe = StepmailUnsubscribe.Field()
    stepmail_line_link = StepmailLineLink.Field()
    stepmail_line_unlink = StepmailLineUnlink.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)


def schema_sdl() -> str:
    return str(schema).rstrip() + "\n"


def schema_export(path: Path = SCHEMA_FILE) -> Path:
    path.write_text(schema_sdl(), encoding="utf-8")
    return path
