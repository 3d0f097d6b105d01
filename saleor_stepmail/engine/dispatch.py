"""Sending claimed deliveries: re-check, render, send, record. One transaction per message.

Each send holds the row locks of its delivery and enrolment. An exit on goal locks the same
enrolment, so it either commits before the send (which then sees the enrolment ended and sends
nothing) or waits until the send is recorded: no mail goes out after a goal has committed.
"""

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..channels import CHANNELS, PermanentFailure, TransientFailure
from ..channels.base import Outgoing
from ..conf import stepmail_settings
from ..models import Delivery, DeliveryEvent, Enrollment
from .claim import claim_due_deliveries
from .conditions import conditions_failing
from .enrollment import enrollments_end
from .goals import GOAL_END_STATES
from .integration import Integration, current_integration
from .render import TemplateProblem, render_message
from .suppression import suppressed_emails
from .vocabulary import PENDING_DELIVERY_STATES, DeliveryEventType, DeliveryState, EnrollmentState

logger = logging.getLogger(__name__)

RETRIED = "retried"
LOST_CLAIM = "lost_claim"


def dispatch_due(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """Claim one batch of due deliveries and send it. Returns how many ended in each outcome."""
    now = now or timezone.now()
    config = stepmail_settings()
    token, deliveries = claim_due_deliveries(now=now, limit=limit or config.batch_size)
    outcomes: Counter = Counter(claimed=len(deliveries))
    if not deliveries:
        return outcomes
    suppressed = suppressed_emails({d.enrollment.email for d in deliveries})
    integration = current_integration()
    for delivery in deliveries:
        try:
            outcome = send_claimed(
                delivery, token=token, now=now, suppressed=suppressed, integration=integration
            )
        except Exception:
            # A bug, not the provider: keep the batch going; the lease hands the row back later.
            logger.exception(
                "stepmail: delivery %s (enrollment %s) failed unexpectedly",
                delivery.pk,
                delivery.enrollment_id,
            )
            outcome = "error"
        outcomes[outcome] += 1
    enrollments_complete_finished({d.enrollment_id for d in deliveries}, now=now)
    return outcomes


def send_claimed(
    delivery: Delivery,
    *,
    token,
    now: datetime,
    suppressed: set[str],
    integration: Integration,
) -> str:
    enrollment = delivery.enrollment
    with transaction.atomic():
        # Enrolment first, then delivery: the order every exit (enrollments_end) locks them in,
        # so a send and a goal event wait for each other instead of deadlocking.
        enrollment_state = (
            Enrollment.objects.filter(pk=delivery.enrollment_id)
            .select_for_update()
            .values_list("state", flat=True)
            .first()
        )
        locked = (
            Delivery.objects.filter(pk=delivery.pk)
            .select_for_update()
            .values_list("state", "claim_token")
            .first()
        )
        if locked is None or locked[0] != DeliveryState.CLAIMED or locked[1] != token:
            return LOST_CLAIM  # cancelled by an exit, or re-claimed after our lease ran out
        if enrollment_state != EnrollmentState.ACTIVE:
            return _finish(
                delivery, DeliveryState.CANCELLED, now, reason=f"enrollment {enrollment_state}"
            )
        goal = integration.goal_reached(enrollment)
        if goal:
            state = GOAL_END_STATES.get(goal, EnrollmentState.EXITED)
            enrollments_end([enrollment.pk], state=state, reason=goal, now=now)
            return DeliveryState.CANCELLED
        if enrollment.email in suppressed:
            enrollments_end(
                [enrollment.pk], state=EnrollmentState.UNSUBSCRIBED, reason="suppressed", now=now
            )
            return DeliveryState.CANCELLED
        if delivery.attempts > stepmail_settings().max_attempts:
            return _finish(
                delivery,
                DeliveryState.FAILED,
                now,
                reason=f"gave up after {delivery.attempts - 1} attempts",
            )
        context = message_context(delivery, integration)
        failing = conditions_failing(delivery.step.conditions, context)
        if failing:
            return _finish(delivery, DeliveryState.SKIPPED, now, reason=failing)
        try:
            message = render_message(delivery, context)
            provider_id = CHANNELS[delivery.step.channel].send(
                Outgoing(
                    delivery=delivery, message=message, sender=sender_for(enrollment, integration)
                )
            )
        except (TemplateProblem, PermanentFailure) as exc:
            return _finish(delivery, DeliveryState.SKIPPED, now, reason=str(exc))
        except TransientFailure as exc:
            return _retry_or_fail(delivery, now, reason=str(exc))
        return _finish(delivery, DeliveryState.SENT, now, provider_message_id=provider_id)


def sender_for(enrollment: Enrollment, integration: Integration) -> str:
    return (
        integration.sender(enrollment)
        or stepmail_settings().from_email
        or settings.DEFAULT_FROM_EMAIL
    )


def message_context(delivery: Delivery, integration: Integration) -> dict:
    enrollment = delivery.enrollment
    context = {**enrollment.context, **integration.template_context(enrollment)}
    context["customer"] = {"email": enrollment.email, **context.get("customer", {})}
    context["scenario"] = {"slug": enrollment.scenario.slug, "name": enrollment.scenario.name}
    context["language"] = enrollment.scenario.language
    context["step"] = {"position": delivery.step.position, "name": delivery.step.name}
    return context


def _finish(
    delivery: Delivery,
    state: DeliveryState,
    now: datetime,
    *,
    reason: str = "",
    provider_message_id: str = "",
) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        state=state,
        reason=reason[:500],
        claim_token=None,
        provider_message_id=provider_message_id[:255],
        sent_at=now if state == DeliveryState.SENT else None,
        updated_at=now,
    )
    if state == DeliveryState.SENT:
        DeliveryEvent.objects.create(
            delivery_id=delivery.pk, type=DeliveryEventType.SENT, occurred_at=now
        )
    elif state in (DeliveryState.SKIPPED, DeliveryState.FAILED):
        logger.warning(
            "stepmail: delivery %s (enrollment %s) %s: %s",
            delivery.pk,
            delivery.enrollment_id,
            state,
            reason,
        )
    return state


def _retry_or_fail(delivery: Delivery, now: datetime, *, reason: str) -> str:
    config = stepmail_settings()
    if delivery.attempts >= config.max_attempts:
        return _finish(
            delivery,
            DeliveryState.FAILED,
            now,
            reason=f"{reason} (gave up after {delivery.attempts} attempts)",
        )
    backoff = timedelta(seconds=config.retry_base_seconds * 2 ** (delivery.attempts - 1))
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SCHEDULED,
        claim_token=None,
        available_at=now + backoff,
        reason=reason[:500],
        updated_at=now,
    )
    return RETRIED


def enrollments_complete_finished(ids: set[int], *, now: datetime) -> int:
    """Mark enrolments completed once none of their deliveries is pending any more."""
    with transaction.atomic():
        # Locked in pk order, as every exit locks them: two workers never deadlock here.
        finished = list(
            Enrollment.objects.filter(pk__in=ids, state=EnrollmentState.ACTIVE)
            .exclude(deliveries__state__in=PENDING_DELIVERY_STATES)
            .order_by("pk")
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        return Enrollment.objects.filter(pk__in=finished, state=EnrollmentState.ACTIVE).update(
            state=EnrollmentState.COMPLETED, exit_reason="all steps done", ended_at=now
        )
