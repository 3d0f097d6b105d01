"""Operator actions on one customer's enrolment."""

from datetime import datetime

from django.db import transaction

from ..engine.enrollment import enrollments_end
from ..models import Enrollment
from ..vocabulary import EnrollmentState
from .errors import InputError, Problem

MANUAL_EXIT_REASON = "manual"


def enrollment_exit(*, enrollment: Enrollment, now: datetime) -> Enrollment:
    """End an active enrolment by hand; its pending deliveries are cancelled."""
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if locked.state != EnrollmentState.ACTIVE:
            raise InputError([Problem("id", f"the enrolment has already ended ({locked.state})")])
        enrollments_end(
            [locked.pk], state=EnrollmentState.EXITED, reason=MANUAL_EXIT_REASON, now=now
        )
        locked.refresh_from_db()
    return locked
