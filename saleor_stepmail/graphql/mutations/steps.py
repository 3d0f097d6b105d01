"""Step and variant mutations (MANAGE_PLUGINS)."""

import graphene

from ...api import steps as step_service
from ...api import variants as variant_service
from ...engine.experiments import promote_variant
from ...models import Step, Variant
from .. import enums
from ..auth import DESIGN
from ..ids import instance_from_global_id, pk_from_global_id
from ..scalars import JSONString
from ..types import StepmailStep, StepmailVariant
from .base import StepmailMutation, input_data
from .scenarios import scenario_by_id


class StepmailStepInput(graphene.InputObjectType):
    position = graphene.Int(description="Order in the scenario; taken positions are refused.")
    name = graphene.String()
    delay_days = graphene.Int(description="0 to 366, after the trigger.")
    delay_hours = graphene.Int(description="0 to 23.")
    delay_minutes = graphene.Int(description="0 to 59.")
    channel = enums.StepmailChannelKind()
    subject_template = graphene.String(description="Django template, up to 500 characters.")
    html_template = graphene.String(description="Django template.")
    text_template = graphene.String(description="Django template.")
    conditions = JSONString(description='[{"fact": "order.total", "op": "gte", ...}]')
    translations = JSONString(
        description='The mail in other languages: {"en": {"subject", "html", "text"}}; a '
        "customer whose Saleor language_code has one gets it."
    )
    is_active = graphene.Boolean(
        description="false: the step stops at once. Its mail already planned for running "
        'enrolments is skipped when due (reason "step deactivated") and they go on to their '
        "next steps; new enrolments do not get it. true again: planned mail not yet due goes out."
    )
    action = enums.StepmailStepAction(
        description="SEND (the default), END the enrolment, or MOVE it to moveTo."
    )
    move_to = graphene.ID(
        description="For MOVE (required there): the other scenario the customer continues in."
    )
    send_at = graphene.String(
        description="Time of day \"HH:MM\" in the scenario's time zone; null: the trigger's time."
    )
    channel_config = JSONString(
        description='Webhook steps: {"url": "https://...", "secret": "16+ characters", '
        '"timeout": 10}; a config without "secret" keeps the stored one. Other channels: {}.'
    )
    voucher = JSONString(
        description='{"voucherId": "<the shop\'s voucher to copy>", "validDays": 1 to 365}: a '
        "single-use code per customer in the mail; null: none."
    )
    delay_fact = graphene.String(
        description="A number-of-days fact (order.reorder_in_days) replacing delayDays when the "
        "enrolment has it; null or empty: none."
    )
    delay_fact_offset_days = graphene.Int(
        description="-60 to 60 days added to the delay fact (negative: before)."
    )


class StepmailVariantInput(graphene.InputObjectType):
    name = graphene.String()
    weight = graphene.Int(description="1 or more; draws are proportional to weights.")
    subject_template = graphene.String()
    html_template = graphene.String()
    text_template = graphene.String()


# Input fields whose explicit null clears the step's value (input_data drops the others' nulls).
CLEARABLE_STEP_FIELDS = ("move_to", "send_at", "voucher", "delay_fact")


def step_input_data(graphql_input) -> dict:
    data = input_data(graphql_input)
    sent = dict(graphql_input or {})
    data.update({key: None for key in CLEARABLE_STEP_FIELDS if key in sent and sent[key] is None})
    if data.get("move_to") is not None:
        data["move_to"] = pk_from_global_id(data["move_to"], "StepmailScenario", "move_to")
    return data


def step_by_id(global_id: str, field: str = "id") -> Step:
    queryset = Step.objects.select_related("scenario")
    return instance_from_global_id(global_id, "StepmailStep", queryset, field)


def variant_by_id(global_id: str, field: str = "id") -> Variant:
    queryset = Variant.objects.select_related("step")
    return instance_from_global_id(global_id, "StepmailVariant", queryset, field)


class StepmailStepCreate(StepmailMutation):
    class Arguments:
        scenario = graphene.ID(required=True)
        input = StepmailStepInput(required=True)

    class Meta:
        description = "Add a step (last unless a free position is given). Needs MANAGE_PLUGINS."

    step = graphene.Field(StepmailStep)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, scenario, input):
        step = step_service.step_create(
            scenario=scenario_by_id(scenario, "scenario"), data=step_input_data(input)
        )
        return cls(step=step, errors=[])


class StepmailStepUpdate(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = StepmailStepInput(required=True)

    class Meta:
        description = "Change a step; fields left out stay as they are. Needs MANAGE_PLUGINS."

    step = graphene.Field(StepmailStep)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id, input):
        step = step_service.step_update(step=step_by_id(id), data=step_input_data(input))
        return cls(step=step, errors=[])


class StepmailStepDelete(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Delete a step that sent no mail yet. Needs MANAGE_PLUGINS."

    id = graphene.ID()
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id):
        step_service.step_delete(step=step_by_id(id))
        return cls(id=id, errors=[])


class StepmailStepReorder(StepmailMutation):
    class Arguments:
        scenario = graphene.ID(required=True)
        steps = graphene.List(
            graphene.NonNull(graphene.ID),
            required=True,
            description="Every step of the scenario, once, in the new order.",
        )

    class Meta:
        description = "Put a scenario's steps in a new order. Needs MANAGE_PLUGINS."

    scenario = graphene.Field("saleor_stepmail.graphql.types.StepmailScenario")
    permissions = DESIGN

    @classmethod
    def perform(cls, info, scenario, steps):
        found = scenario_by_id(scenario, "scenario")
        step_ids = [pk_from_global_id(step, "StepmailStep", "steps") for step in steps]
        step_service.steps_reorder(scenario=found, step_ids=step_ids)
        return cls(scenario=found, errors=[])


class StepmailVariantCreate(StepmailMutation):
    class Arguments:
        step = graphene.ID(required=True)
        input = StepmailVariantInput(required=True)

    class Meta:
        description = "Add an A/B variant to a step. Needs MANAGE_PLUGINS."

    variant = graphene.Field(StepmailVariant)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, step, input):
        variant = variant_service.variant_create(
            step=step_by_id(step, "step"), data=input_data(input)
        )
        return cls(variant=variant, errors=[])


class StepmailVariantUpdate(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = StepmailVariantInput(required=True)

    class Meta:
        description = "Change a variant. Needs MANAGE_PLUGINS."

    variant = graphene.Field(StepmailVariant)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id, input):
        variant = variant_service.variant_update(variant=variant_by_id(id), data=input_data(input))
        return cls(variant=variant, errors=[])


class StepmailVariantDelete(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Delete a variant; its unsent mails use the step's texts. Needs MANAGE_PLUGINS."
        )

    id = graphene.ID()
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id):
        variant_service.variant_delete(variant=variant_by_id(id))
        return cls(id=id, errors=[])


class StepmailVariantPromote(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = (
            "Make a variant the step's winner: new enrolments and the step's mails still waiting "
            "get it; mails already sent keep theirs. Needs MANAGE_PLUGINS."
        )

    step = graphene.Field(StepmailStep)
    changed = graphene.Int(description="Waiting mails switched to the winner.")
    permissions = DESIGN

    @classmethod
    def perform(cls, info, id):
        variant = variant_by_id(id)
        changed = promote_variant(variant=variant)
        return cls(step=Step.objects.get(pk=variant.step_id), changed=changed, errors=[])
