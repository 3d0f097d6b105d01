"""Backfill: enrol the customers whose trigger happened since a date, in a worker, with progress.

The events come from the integration (`past_events`): Saleor's orders inside Saleor, the
engine's own hook history elsewhere. A customer enters where they would be now: steps whose
due time has passed are skipped, not sent in a burst, and an event whose every step is past
enrols nobody. A goal the customer already met after the trigger (a later payment, a second
order) ends the enrolment at once (Integration.past_goals_reached): no mail after the goal.
"""

import logging
from datetime import datetime, timedelta
from itertools import batched

from django.db import transaction

from ..engine.dormancy import scenario_past_events
from ..engine.enrollment import enrollments_end, scenario_enroll
from ..engine.events import Event
from ..engine.goals import goal_end_state
from ..engine.handoff import Work, work_queue_on_commit
from ..engine.integration import Integration, current_integration
from ..engine.schedule import step_delay
from ..engine.suppression import suppressed_pairs
from ..models import BackfillJob, Delivery, Scenario
from ..vocabulary import DeliveryState, JobState, ScenarioStatus
from .errors import ErrorCode, InputError, Problem, raise_if

MAX_BACKFILL_DAYS = 366
PROGRESS_EVERY = 100
PAST_DUE_REASON = "backfill: due before the customer was enrolled"

logger = logging.getLogger(__name__)


def backfill_start(*, scenario: Scenario, since: datetime, now: datetime) -> BackfillJob:
    """Queue a backfill of `scenario` from `since`; the worker starts after the commit."""
    problems = []
    if since.utcoffset() is None:
        problems.append(
            Problem("since", "give since with its time zone, e.g. 2026-01-01T00:00:00+09:00")
        )
    elif since >= now:
        problems.append(Problem("since", "since must be in the past"))
    elif now - since > timedelta(days=MAX_BACKFILL_DAYS):
        problems.append(Problem("since", f"since may be at most {MAX_BACKFILL_DAYS} days ago"))
    if scenario.status != ScenarioStatus.ACTIVE:
        problems.append(Problem("scenario", "activate the scenario before backfilling it"))
    raise_if(problems)
    with transaction.atomic():
        Scenario.objects.select_for_update().filter(pk=scenario.pk).get()
        if scenario.backfills.filter(state__in=[JobState.QUEUED, JobState.RUNNING]).exists():
            raise InputError(
                [Problem("scenario", "a backfill of this scenario is running", ErrorCode.UNIQUE)]
            )
        job = BackfillJob.objects.create(scenario=scenario, since=since)
        work_queue_on_commit(Work.BACKFILL, job.pk)
    return job


def backfill_run(*, job_id: int, now: datetime) -> BackfillJob:
    with transaction.atomic():
        job = BackfillJob.objects.select_for_update().select_related("scenario").get(pk=job_id)
        if job.state != JobState.QUEUED:
            return job
        job.state = JobState.RUNNING
        job.save(update_fields=["state"])
    integration = current_integration()
    try:
        events = scenario_past_events(integration, job.scenario, job.since, now)
        BackfillJob.objects.filter(pk=job.pk).update(total=len(events))
        for chunk in batched(events, PROGRESS_EVERY):
            with transaction.atomic():
                enrolled = _enroll_chunk(job.scenario, chunk, integration=integration, now=now)
                job.processed += len(chunk)
                job.enrolled += enrolled
                job.save(update_fields=["processed", "enrolled"])
    except Exception as exc:
        logger.exception("stepmail: backfill %s of scenario %s failed", job.pk, job.scenario_id)
        job.state, job.error = JobState.FAILED, repr(exc)[:500]
    else:
        job.state = JobState.DONE
    job.finished_at = now
    job.save(update_fields=["state", "error", "finished_at"])
    return job


def _enroll_chunk(
    scenario: Scenario, events: tuple[Event, ...], *, integration: Integration, now: datetime
) -> int:
    steps = list(scenario.steps.filter(is_active=True).prefetch_related("variants"))
    if not steps:
        return 0
    last_due = max(step_delay(step) for step in steps)
    suppressed = suppressed_pairs((e.email, scenario.pk) for e in events)
    enrolled = []
    for event in events:
        # A backfill reaches addresses only, and skips triggers whose every step is past.
        if not event.email or event.occurred_at + last_due < now:
            continue
        enrollment, _ = scenario_enroll(scenario, event, suppressed=suppressed, steps=steps)
        if enrollment is None:
            continue
        enrolled.append(enrollment)
        Delivery.objects.filter(
            enrollment=enrollment, state=DeliveryState.SCHEDULED, due_at__lt=now
        ).update(state=DeliveryState.SKIPPED, reason=PAST_DUE_REASON, updated_at=now)
    for enrollment_id, goal in integration.past_goals_reached(enrolled, until=now).items():
        state = goal_end_state(goal)
        enrollments_end([enrollment_id], state=state, reason=goal, now=now)
    return len(enrolled)
