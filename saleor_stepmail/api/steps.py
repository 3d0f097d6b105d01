"""Step writes: create, update, delete, and reorder a scenario's steps.

Changing a step changes the mail of deliveries not sent yet (they render at send time); its
delay applies to enrolments that start afterwards, whose deliveries are planned then.
`move_to`, `send_at`, `voucher` and `delay_fact` may be sent as None to clear them
(api/step_options.py checks them); the other fields ignore None.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..engine.channels import CHANNELS
from ..engine.enrollment import enrollments_complete_finished
from ..models import MAX_DELAY_DAYS, Enrollment, Scenario, Step
from ..vocabulary import DeliveryState, EnrollmentState, StepAction
from .errors import ErrorCode, InputError, Problem, raise_if
from .step_options import step_options_apply
from .validation import (
    choice_problems,
    conditions_problems,
    model_problems,
    template_problems,
    translation_problems,
)

STEP_FIELDS = (
    "position",
    "name",
    "delay_days",
    "delay_hours",
    "delay_minutes",
    "channel",
    "subject_template",
    "html_template",
    "text_template",
    "conditions",
    "translations",
    "is_active",
    "action",
    "delay_fact_offset_days",
)
DELAY_LIMITS = {"delay_days": MAX_DELAY_DAYS, "delay_hours": 23, "delay_minutes": 59}


def step_create(*, scenario: Scenario, data: dict[str, Any]) -> Step:
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=scenario.pk).get()
        step = Step(scenario=scenario)
        if data.get("position") is None:
            last = scenario.steps.aggregate(last=Max("position"))["last"]
            step.position = 0 if last is None else last + 1
        problems = []
        sends = data.get("action", StepAction.SEND) == StepAction.SEND
        if sends and not data.get("subject_template"):
            problems.append(
                Problem("subject_template", "a subject is required", ErrorCode.REQUIRED)
            )
        if sends and not data.get("html_template") and not data.get("text_template"):
            problems.append(
                Problem("text_template", "an HTML or a text body is required", ErrorCode.REQUIRED)
            )
        return _step_save(step, data, problems)


def step_update(*, step: Step, data: dict[str, Any]) -> Step:
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=step.scenario_id).get()
        return _step_save(step, data, [])


def _step_save(step: Step, data: dict[str, Any], problems: list[Problem]) -> Step:
    problems = problems + _delay_problems(data)
    for field in STEP_FIELDS:
        if data.get(field) is not None:
            setattr(step, field, data[field])
    problems += choice_problems([step.channel], CHANNELS, "channel")
    problems += choice_problems([step.action], StepAction, "action")
    problems += step_options_apply(step, data)
    problems += template_problems(step) + conditions_problems(step.conditions)
    problems += translation_problems(step.translations)
    if step.position is not None and step.position >= 0:
        taken = step.scenario.steps.filter(position=step.position).exclude(pk=step.pk).first()
        if taken:
            problems.append(
                Problem(
                    "position",
                    f"position {step.position} is taken by step {taken.name or taken.pk}; "
                    "reorder the steps to move it",
                    ErrorCode.UNIQUE,
                )
            )
    checked = {p.field for p in problems}
    problems += [
        p
        for p in model_problems(step, exclude=("scenario", "winning_variant"))
        if p.field not in checked
    ]
    raise_if(problems)
    step.save()
    return step


def _delay_problems(data: dict[str, Any]) -> list[Problem]:
    problems = []
    for field, limit in DELAY_LIMITS.items():
        value = data.get(field)
        if value is not None and not 0 <= value <= limit:
            problems.append(Problem(field, f"{field} must be between 0 and {limit}, not {value}"))
    if data.get("position") is not None and data["position"] < 0:
        problems.append(Problem("position", "position must be 0 or more"))
    return problems


def step_delete(*, step: Step, now: datetime | None = None) -> None:
    """Delete a step and its planned deliveries; a step with sent mail keeps its statistics.

    Enrolments whose only planned mail was this step's have nothing left to send: they complete
    here, as the dispatcher completes them after their last send, instead of staying active
    forever (blocking re-entry) with nothing that would ever dispatch them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=step.scenario_id).get()
        # Locked before the deliveries the delete cascades to, as every exit locks them: no
        # chunk is sending to these enrolments while the step goes.
        running = list(
            Enrollment.objects.filter(
                pk__in=step.deliveries.values("enrollment_id"), state=EnrollmentState.ACTIVE
            )
            .order_by("pk")
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        if step.deliveries.filter(state=DeliveryState.SENT).exists():
            raise InputError(
                [
                    Problem(
                        "id",
                        "this step has sent mail; deactivate it (isActive: false) to keep its "
                        "statistics instead of deleting it",
                    )
                ]
            )
        step.delete()
        enrollments_complete_finished(running, now=now)


def steps_reorder(*, scenario: Scenario, step_ids: list[int]) -> list[Step]:
    """Give the scenario's steps the positions 0..n-1 in the order of `step_ids`.

    The position constraint is deferred, so the swaps are checked once, at commit.
    """
    problems = []
    if len(set(step_ids)) != len(step_ids):
        problems.append(Problem("steps", "a step is listed twice", ErrorCode.DUPLICATED_INPUT_ITEM))
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=scenario.pk).get()
        steps = {step.pk: step for step in scenario.steps.all()}
        strangers = [pk for pk in step_ids if pk not in steps]
        if strangers:
            problems.append(
                Problem(
                    "steps",
                    "not steps of this scenario: " + ", ".join(map(str, strangers)),
                    ErrorCode.NOT_FOUND,
                )
            )
        elif set(step_ids) != set(steps):
            problems.append(
                Problem("steps", f"list all {len(steps)} steps of the scenario, each once")
            )
        raise_if(problems)
        ordered = [steps[pk] for pk in step_ids]
        for position, step in enumerate(ordered):
            step.position = position
        Step.objects.bulk_update(ordered, ["position"])
    return ordered
