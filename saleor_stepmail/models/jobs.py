"""Background work an operator starts and watches: backfills."""

from datetime import timedelta

from django.db import models

from ..vocabulary import JobState
from .base import choices_check
from .scenario import Scenario


class BackfillJob(models.Model):
    """Enrol the customers whose trigger happened since `since`, in a worker, with progress."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="backfills")
    since = models.DateTimeField()
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [choices_check("state", JobState)]

    def __str__(self) -> str:
        return f"backfill {self.pk} of {self.scenario_id} ({self.state})"


class SendBudget(models.Model):
    """The send rate all workers share: when the next provider call may go (engine/budget.py),
    and the time between two calls at the rate those turns were booked at."""

    name = models.CharField(max_length=32, primary_key=True)
    next_at = models.DateTimeField()
    turn_interval = models.DurationField(default=timedelta(0))

    def __str__(self) -> str:
        return f"send budget {self.name}: next at {self.next_at}"
