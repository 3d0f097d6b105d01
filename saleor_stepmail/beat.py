"""Putting the tick on the host's Celery beat schedule, without editing the host's settings.

Saleor runs beat with its database scheduler (saleor.schedulers), which at every start copies
the app's `beat_schedule` into its CustomPeriodicTask table and then reads that table; Celery's
default scheduler reads `beat_schedule` directly. So the app adds its entry to the Celery app's
`beat_schedule` when Django starts (AppConfig.ready), which both schedulers pick up.
"""

from datetime import timedelta

from celery import Celery

from .conf import stepmail_settings
from .tasks import TICK_TASK

TICK_ENTRY = "saleor_stepmail.tick"


def beat_schedule() -> dict:
    return {
        TICK_ENTRY: {
            "task": TICK_TASK,
            "schedule": timedelta(seconds=stepmail_settings().tick_seconds),
        }
    }


def register_tick(app: Celery) -> None:
    """Add the tick to `app`'s schedule unless the host configured an entry of that name."""
    for name, entry in beat_schedule().items():
        app.conf.beat_schedule.setdefault(name, entry)
