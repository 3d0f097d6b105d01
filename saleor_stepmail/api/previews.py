"""Seeing a step before customers do: render it for a real enrolment or sample data, send a test.

Both build the message's context as the dispatcher does (engine/context.py: the same facts,
loaded the same way) and render it with the dispatcher's renderer, on an unsaved delivery, so
the preview is the mail that would be sent; nothing is recorded.
"""

from dataclasses import dataclass

from django.conf import settings

from ..conf import stepmail_settings
from ..engine.channels import CHANNELS, PermanentFailure, TransientFailure
from ..engine.channels.base import Outgoing
from ..engine.context import delivery_context
from ..engine.integration import current_integration
from ..engine.render import RenderedMessage, TemplateProblem, render_message
from ..models import Delivery, Enrollment, Step, Variant
from ..vocabulary import ChannelKind, StepAction
from .errors import ErrorCode, InputError, Problem, raise_if
from .validation import email_problems, template_problems

SAMPLE_EMAIL = "customer@example.com"
SAMPLE_CONTEXT = {
    "customer": {"first_name": "Hana", "last_name": "Sato"},
    "order": {
        "number": "1001",
        "total": {"amount": "3,240", "currency": "JPY"},
        "lines": [{"product_name": "Sencha 100g", "quantity": 2}],
    },
    "payment": {"instructions": "Bank transfer to account 1234567", "due_date": "2026-11-09"},
    "shop": {
        "name": "Sample Shop",
        "storefront_url": "https://shop.example.com/",
        "legal": {
            "sender_name": "Sample Shop Ltd.",
            "postal_address": "1-1 Sample Street, Kyoto",
            "contact": "support@shop.example.com",
        },
    },
}


@dataclass(frozen=True)
class Preview:
    message: RenderedMessage
    # True when no enrolment matched and the sample customer and order were used.
    sample: bool
    delivery: Delivery


def step_preview(
    *, step: Step, variant: Variant | None = None, order_id: str = "", email: str = ""
) -> Preview:
    if variant is not None and variant.step_id != step.pk:
        raise InputError([Problem("variant", "the variant belongs to another step")])
    enrollment = _enrollment_for(step, order_id=order_id, email=email)
    sample = enrollment is None
    if sample:
        enrollment = Enrollment(
            scenario=step.scenario, email=email or SAMPLE_EMAIL, context=SAMPLE_CONTEXT
        )
    enrollment.scenario = step.scenario
    delivery = Delivery(enrollment=enrollment, step=step, variant=variant)
    context = delivery_context(delivery, integration=current_integration())
    if sample:
        # The shop's real facts (names, legal footer) over the sample's, where the host has them.
        context["shop"] = {**SAMPLE_CONTEXT["shop"], **context.get("shop", {})}
    try:
        message = render_message(delivery, context)
    except TemplateProblem as exc:
        raise InputError([Problem(None, str(exc), ErrorCode.INVALID_TEMPLATE)]) from exc
    return Preview(message=message, sample=sample, delivery=delivery)


DRAFT_FIELDS = ("subject_template", "html_template", "text_template")


def step_draft(*, step: Step, texts: dict[str, str]) -> Step:
    """The step with unsaved texts in their place, for a preview while they are being edited;
    a template that does not compile is reported on its own field."""
    for field in DRAFT_FIELDS:
        if texts.get(field) is not None:
            setattr(step, field, texts[field])
    raise_if(template_problems(step))
    return step


def _enrollment_for(step: Step, *, order_id: str, email: str) -> Enrollment | None:
    """The newest enrolment of the order or address, this scenario's first."""
    if not order_id and not email:
        return None
    found = Enrollment.objects.filter(
        **({"source_order_id": order_id} if order_id else {"email": email.strip().lower()})
    )
    if not found.exists():
        return None
    return (
        found.filter(scenario=step.scenario).order_by("-triggered_at").first()
        or found.order_by("-triggered_at").first()
    )


def send_test_problems(step: Step) -> list[Problem]:
    """Why the step cannot be test-sent: it sends nothing, or its channel refuses a test
    (Channel.test_send_refusal: it would do for real what the step does)."""
    if step.action != StepAction.SEND:
        return [
            Problem(
                "id", f"{step.action.upper()} steps send no message, so there is nothing to test"
            )
        ]
    refusal = CHANNELS[step.channel].test_send_refusal
    return [Problem("id", refusal)] if refusal else []


def step_send_test(
    *,
    step: Step,
    to: str,
    variant: Variant | None = None,
    order_id: str = "",
    email: str = "",
) -> Preview:
    """Send an email step, as previewed, to `to`; no delivery is saved.

    Channels with a test_send_refusal are refused: they would write rows for an unsaved
    delivery or reach a real customer through the webhook's receiver.
    """
    raise_if(send_test_problems(step) + email_problems(to, "to"))
    preview = step_preview(step=step, variant=variant, order_id=order_id, email=email)
    delivery = preview.delivery
    # The test address, on an unsaved copy: the real enrolment is not touched.
    delivery.enrollment = Enrollment(
        scenario=step.scenario,
        email=to,
        channel_slug=delivery.enrollment.channel_slug,
        context=delivery.enrollment.context,
    )
    message = RenderedMessage(
        subject=f"[TEST] {preview.message.subject}",
        html=preview.message.html,
        text=preview.message.text,
    )
    integration = current_integration()
    sender = (
        integration.sender(delivery.enrollment)
        or stepmail_settings().from_email
        or settings.DEFAULT_FROM_EMAIL
    )
    try:
        CHANNELS[ChannelKind.EMAIL].send(
            Outgoing(delivery=delivery, message=message, sender=sender)
        )
    except (PermanentFailure, TransientFailure) as exc:
        raise InputError([Problem("to", f"the test mail was not sent: {exc}")]) from exc
    return Preview(message=message, sample=preview.sample, delivery=delivery)
