"""Operator actions: preview and test a step, backfill a scenario, end an enrolment by hand."""

import graphene

from ...api.backfill import backfill_start
from ...api.enrollments import enrollment_exit
from ...api.errors import ErrorCode, Problem, raise_if
from ...api.previews import step_draft, step_preview, step_send_test
from ...models import Enrollment
from ..auth import DESIGN, RESULTS, has_permission
from ..ids import instance_from_global_id
from ..scalars import DateTime
from ..types import StepmailBackfillJob, StepmailEnrollment, StepmailPreview
from .base import StepmailMutation, input_data
from .scenarios import scenario_by_id
from .steps import step_by_id, variant_by_id


class _PreviewArguments:
    id = graphene.ID(required=True, description="The step.")
    variant = graphene.ID(description="Render this variant's texts instead of the step's.")
    order_id = graphene.String(
        description="Use the enrolment started by this order. Needs MANAGE_ORDERS too."
    )
    email = graphene.String(
        description="Use this customer's newest enrolment. Needs MANAGE_ORDERS too."
    )


def _preview_inputs(info, id, variant=None, order_id=None, email=None) -> dict:
    """The preview's step and customer; a real customer's data needs MANAGE_ORDERS, as in
    Saleor (an order and its customer, a customer found by address), else sample data only."""
    if not has_permission(info.context.principal, RESULTS):
        raise_if(
            [
                Problem(
                    field,
                    "rendering a customer's enrolment needs MANAGE_ORDERS; leave out orderId "
                    "and email to preview with sample data",
                    ErrorCode.PERMISSION_DENIED,
                )
                for field, value in (("orderId", order_id), ("email", email))
                if value
            ]
        )
    return {
        "step": step_by_id(id),
        "variant": variant_by_id(variant, "variant") if variant else None,
        "order_id": order_id or "",
        "email": email or "",
    }


class StepmailStepDraftInput(graphene.InputObjectType):
    subject_template = graphene.String()
    html_template = graphene.String()
    text_template = graphene.String()


class StepmailStepPreview(StepmailMutation):
    class Arguments(_PreviewArguments):
        draft = StepmailStepDraftInput(
            description="Unsaved texts to render in place of the step's (an editor's live "
            "preview); nothing is saved."
        )

    class Meta:
        description = (
            "Render a step as it would be sent: for an order's or a customer's enrolment, or for "
            "sample data when none is found. Nothing is sent or saved. Needs MANAGE_PLUGINS, "
            "and MANAGE_ORDERS for a customer's data (orderId, email)."
        )

    preview = graphene.Field(StepmailPreview)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, draft=None, **arguments):
        inputs = _preview_inputs(info, **arguments)
        if draft:
            inputs["step"] = step_draft(step=inputs["step"], texts=input_data(draft))
        preview = step_preview(**inputs)
        return cls(preview=_preview_type(preview), errors=[])


class StepmailStepSendTest(StepmailMutation):
    class Arguments(_PreviewArguments):
        to = graphene.String(required=True, description="Where to send the test mail.")

    class Meta:
        description = (
            "Send an email step, rendered as in stepmailStepPreview and marked [TEST], to an "
            "address. Not recorded as a delivery. Webhook, call_task and dm_export steps are "
            "refused (they would act for real); preview them instead. Needs MANAGE_PLUGINS, "
            "and MANAGE_ORDERS for a customer's data (orderId, email)."
        )

    preview = graphene.Field(StepmailPreview)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, to, **arguments):
        preview = step_send_test(to=to, **_preview_inputs(info, **arguments))
        return cls(preview=_preview_type(preview), errors=[])


def _preview_type(preview) -> StepmailPreview:
    message = preview.message
    return StepmailPreview(
        subject=message.subject, html=message.html, text=message.text, sample=preview.sample
    )


class StepmailBackfillStart(StepmailMutation):
    class Arguments:
        scenario = graphene.ID(required=True)
        since = DateTime(required=True, description="At most 366 days ago.")

    class Meta:
        description = (
            "Enrol the customers whose trigger happened since a date, in a background job; poll "
            "stepmailBackfillJob. Steps already past due are skipped. Needs MANAGE_PLUGINS."
        )

    job = graphene.Field(StepmailBackfillJob)
    permissions = DESIGN

    @classmethod
    def perform(cls, info, scenario, since):
        job = backfill_start(
            scenario=scenario_by_id(scenario, "scenario"), since=since, now=info.context.now
        )
        return cls(job=job, errors=[])


class StepmailEnrollmentExit(StepmailMutation):
    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "End an enrolment by hand (reason: manual). Needs MANAGE_ORDERS."

    enrollment = graphene.Field(StepmailEnrollment)
    permissions = RESULTS

    @classmethod
    def perform(cls, info, id):
        enrollment = instance_from_global_id(id, "StepmailEnrollment", Enrollment.objects.all())
        return cls(
            enrollment=enrollment_exit(enrollment=enrollment, now=info.context.now), errors=[]
        )
