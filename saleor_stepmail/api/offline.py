"""Staff work that leaves the inbox: call tasks to make, direct mail rows for the printer."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from ..engine.catalogue import ADDRESS_FIELDS
from ..models import CallTask, DirectMailRow, Scenario
from ..vocabulary import CallTaskState
from .csv_export import csv_text
from .errors import ErrorCode, InputError, Problem

CALL_TASK_COLUMNS = ("id", "state", "phone", "email", "scenario", "step", "order", "created_at")
DIRECT_MAIL_COLUMNS = ("id", "email", "scenario", "step", "order", *ADDRESS_FIELDS)


def call_tasks_filter(
    *,
    state: str | None = None,
    scenario: Scenario | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> QuerySet[CallTask]:
    """Call tasks, newest first, with their delivery's customer and step for listing."""
    tasks = CallTask.objects.select_related(
        "delivery__enrollment__scenario", "delivery__step"
    ).order_by("-created_at", "-pk")
    if state:
        tasks = tasks.filter(state=state)
    if scenario is not None:
        tasks = tasks.filter(delivery__enrollment__scenario=scenario)
    if created_after is not None:
        tasks = tasks.filter(created_at__gte=created_after)
    if created_before is not None:
        tasks = tasks.filter(created_at__lt=created_before)
    return tasks


def call_tasks_csv(*, tasks: QuerySet[CallTask]) -> str:
    return csv_text(
        CALL_TASK_COLUMNS,
        (
            (
                task.pk,
                task.state,
                task.phone,
                task.delivery.enrollment.email,
                task.delivery.enrollment.scenario.slug,
                task.delivery.step.name or task.delivery.step.position,
                task.delivery.enrollment.source_order_id,
                task.created_at.isoformat(),
            )
            for task in tasks.iterator(chunk_size=500)
        ),
    )


def call_task_complete(*, task: CallTask, done_by: str, note: str, now: datetime) -> CallTask:
    """Mark a call made; the note (what the customer said) is added to the task's script."""
    with transaction.atomic():
        locked = CallTask.objects.select_for_update().get(pk=task.pk)
        if locked.state == CallTaskState.DONE:
            raise InputError(
                [Problem("id", f"the call task was already done by {locked.done_by or 'staff'}")]
            )
        locked.state = CallTaskState.DONE
        locked.done_by = done_by
        locked.done_at = now
        if note.strip():
            locked.note = f"{locked.note}\n\n{note.strip()}".strip()
        locked.save(update_fields=["state", "done_by", "done_at", "note"])
    return locked


@dataclass(frozen=True)
class DirectMailExport:
    batch: str
    count: int
    csv: str


def _direct_mail_rows(rows: Iterable[DirectMailRow]):
    for row in rows:
        enrollment = row.delivery.enrollment
        yield (
            row.pk,
            enrollment.email,
            enrollment.scenario.slug,
            row.delivery.step.name or row.delivery.step.position,
            enrollment.source_order_id,
            *(row.address.get(key, "") for key in ADDRESS_FIELDS),
        )


def direct_mail_export(*, now: datetime, batch: str = "") -> DirectMailExport:
    """The printer's CSV: every row not exported yet, marked exported under one new batch id.

    With `batch`, the CSV of that earlier batch again (a download lost on the way), unchanged.
    Rows another export is taking at the same moment are skipped, not printed twice.
    """
    rows = DirectMailRow.objects.select_related("delivery__enrollment__scenario", "delivery__step")
    if batch:
        taken = list(rows.filter(batch=batch).order_by("pk"))
        if not taken:
            raise InputError([Problem("batch", f"no export batch {batch!r}", ErrorCode.NOT_FOUND)])
        return DirectMailExport(
            batch, len(taken), csv_text(DIRECT_MAIL_COLUMNS, _direct_mail_rows(taken))
        )
    with transaction.atomic():
        taken = list(
            rows.filter(exported_at__isnull=True)
            .order_by("pk")
            .select_for_update(of=("self",), skip_locked=True)
        )
        if not taken:
            return DirectMailExport("", 0, csv_text(DIRECT_MAIL_COLUMNS, []))
        batch = f"dm-{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
        DirectMailRow.objects.filter(pk__in=[row.pk for row in taken]).update(
            batch=batch, exported_at=now
        )
    return DirectMailExport(
        batch, len(taken), csv_text(DIRECT_MAIL_COLUMNS, _direct_mail_rows(taken))
    )
