"""Scenario mutations (MANAGE_PLUGINS)."""

import graphene

from ...api import scenarios as service
from ...models import Scenario
from ...vocabulary import ScenarioStatus
from .. import enums
from ..auth import DESIGN
from ..ids import instance_from_global_id
from ..types import StepmailScenario
from .base import StepmailMutation, input_data


class StepmailCategoryDaysInput(graphene.InputObjectType):
    category = graphene.String(required=True, description="The category's slug.")
    days = graphene.Int(required=True, description="1 to 1000.")


class StepmailScenarioInput(graphene.InputObjectType):
    slug = graphene.String(description="Unique; letters, digits, - and _.")
    name = graphene.String()
    trigger = enums.StepmailTrigger()
    goals = graphene.List(graphene.NonNull(enums.StepmailGoal))
    channels = graphene.List(
        graphene.NonNull(graphene.String), description="Channel slugs; empty: every channel."
    )
    reentry = enums.StepmailReentryPolicy()
    timezone = graphene.String(description="IANA name, e.g. Asia/Tokyo.")
    language = enums.StepmailLanguage()
    holdout_percent = graphene.Int(description="0 to 50: enrolments kept as a control group.")
    dormant_days = graphene.Int(
        description="Win-back (trigger CUSTOMER_DORMANT): 1 to 1000 days without a paid order "
        "since the customer's last one."
    )
    dormant_days_by_category = graphene.List(
        graphene.NonNull(StepmailCategoryDaysInput),
        description="Win-back inside Saleor: days per category of the last order, instead of "
        "dormantDays for an order with a line in it (the longest of its categories); [] clears.",
    )


def scenario_by_id(global_id: str, field: str = "id") -> Scenario:
    return instance_from_global_id(global_id, "StepmailScenario", Scenario.objects.all(), field)


class StepmailScenarioCreate(StepmailMutation):
    class Arguments:
        input = StepmailScenarioInput(required=True)

    class Meta:
        description = "Create a scenario, paused. Needs MANAGE_PLUGINS."

    scenario = graphene.Field(StepmailScenario)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, input):
        return cls(scenario=service.scenario_create(data=input_data(input)), errors=[])


class StepmailScenarioUpdate(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = StepmailScenarioInput(required=True)

    class Meta:
        description = "Change a scenario; fields left out stay as they are. Needs MANAGE_PLUGINS."

    scenario = graphene.Field(StepmailScenario)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id, input):
        scenario = service.scenario_update(scenario=scenario_by_id(id), data=input_data(input))
        return cls(scenario=scenario, errors=[])


class StepmailScenarioDelete(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Delete a paused scenario with its history. Needs MANAGE_PLUGINS."

    id = graphene.ID(description="The deleted scenario's id.")
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id):
        service.scenario_delete(scenario=scenario_by_id(id))
        return cls(id=id, errors=[])


class StepmailScenarioActivate(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Start enrolling customers on the trigger. Needs MANAGE_PLUGINS."

    scenario = graphene.Field(StepmailScenario)
    permissions = DESIGN
    status = ScenarioStatus.ACTIVE

    @classmethod
    def perform(cls, info, id):
        scenario = service.scenario_status_set(scenario=scenario_by_id(id), status=cls.status)
        return cls(scenario=scenario, errors=[])


class StepmailScenarioPause(StepmailScenarioActivate):
    class Meta:
        description = (
            "Stop enrolling new customers. Pausing does not hold running enrolments: their "
            "planned mail still goes out until their goal or last step. To stop a mail now, "
            "deactivate its step (isActive: false). Needs MANAGE_PLUGINS."
        )

    status = ScenarioStatus.PAUSED


class StepmailScenarioCreateFromPresetInput(graphene.InputObjectType):
    preset = graphene.String(required=True, description="A slug from stepmailPresets.")
    language = enums.StepmailLanguage(default_value="ja")
    slug = graphene.String(description="Defaults to the preset's slug.")
    channels = graphene.List(graphene.NonNull(graphene.String))
    timezone = graphene.String(default_value="Asia/Tokyo")


class StepmailScenarioCreateFromPreset(StepmailMutation):
    class Arguments:
        input = StepmailScenarioCreateFromPresetInput(required=True)

    class Meta:
        description = "Create a built-in scenario with its mails, paused. Needs MANAGE_PLUGINS."

    scenario = graphene.Field(StepmailScenario)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, input):
        scenario = service.scenario_create_from_builtin(
            preset=input.preset,
            # An explicit null takes the default too.
            language=input.get("language") or "ja",
            slug=input.get("slug"),
            channels=input.get("channels") or [],
            timezone=input.timezone if input.get("timezone") is not None else "Asia/Tokyo",
        )
        return cls(scenario=scenario, errors=[])
