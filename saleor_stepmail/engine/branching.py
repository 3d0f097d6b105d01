"""Branches: a step whose action ends the enrolment, or moves the customer to another scenario.

Run inside the dispatching chunk's transaction, right after the enrolment ended, so that a
crash leaves neither half: the old path stopped and the new one not started.
"""

import logging
from datetime import datetime

from ..models import Enrollment, Scenario, Step
from ..vocabulary import EventType, ScenarioStatus
from .enrollment import scenario_enroll
from .events import Event

logger = logging.getLogger(__name__)


def step_end_reason(step: Step) -> str:
    """How an enrolment ended by an "end" step is explained: the step, by position and name."""
    return f"ended by step {step.position}" + (f" ({step.name})" if step.name else "")


def move_reason(target: Scenario) -> str:
    return f"moved to {target.slug}"


def enrollment_move(
    *, enrollment: Enrollment, target: Scenario, now: datetime
) -> Enrollment | None:
    """Enrol the customer of `enrollment` in `target`, timed from `now`, under its re-entry policy.

    The enrolment keeps the facts it was started with (order, customer), so the new path's
    mails and conditions see the same customer. None when the target does not take them.
    """
    if target.status != ScenarioStatus.ACTIVE or not target.applies_to_channel(
        enrollment.channel_slug
    ):
        logger.info(
            "stepmail: enrollment %s not moved to %s: the scenario is %s or not for channel %s",
            enrollment.pk,
            target.slug,
            target.status,
            enrollment.channel_slug,
        )
        return None
    # The event only carries the customer across: scenario_enroll does not read its type.
    carried = Event(
        type=EventType.ORDER_CREATED,
        occurred_at=now,
        email=enrollment.email,
        user_id=enrollment.user_id,
        order_id=enrollment.source_order_id,
        channel_slug=enrollment.channel_slug,
        context=enrollment.context,
    )
    return scenario_enroll(target, carried, moved=True)[0]
