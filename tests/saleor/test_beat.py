"""The tick on Saleor's Celery beat, through Saleor's own database scheduler."""

from datetime import timedelta

import django_celery_beat.schedulers
from django_celery_beat.models import IntervalSchedule
from saleor.celeryconf import app
from saleor.schedulers.models import CustomPeriodicTask
from saleor.schedulers.schedulers import DatabaseScheduler

from saleor_stepmail.beat import TICK_ENTRY
from saleor_stepmail.tasks import TICK_TASK


def test_tick_is_on_saleors_beat_schedule_every_30_seconds():
    entry = app.conf.beat_schedule[TICK_ENTRY]

    assert TICK_ENTRY == "saleor_stepmail.tick"
    assert entry["task"] == TICK_TASK == "saleor_stepmail.tick"
    assert entry["schedule"] == timedelta(seconds=30)
    assert TICK_TASK in app.tasks


def test_saleors_database_scheduler_stores_the_tick_as_a_periodic_task(db, monkeypatch):
    # Beat closes stale connections between ticks, which would close the test's transaction.
    monkeypatch.setattr(django_celery_beat.schedulers, "close_old_connections", lambda: None)

    DatabaseScheduler(app=app, lazy=False)

    row = CustomPeriodicTask.objects.get(name=TICK_ENTRY)
    assert row.task == TICK_TASK
    assert row.enabled
    assert (row.interval.every, row.interval.period) == (30, IntervalSchedule.SECONDS)
