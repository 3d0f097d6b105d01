"""The standalone Celery app plus one beat entry: the tick every second, on the test's queue."""

import os

from standalone.celery import app

from .processes import QUEUE_ENV

# saleor_stepmail.tasks.TICK_TASK; importing it here would load the models before Django is set up.
TICK_TASK = "saleor_stepmail.tick"

app.conf.beat_schedule = {
    "stepmail-tick": {
        "task": TICK_TASK,
        "schedule": 1.0,
        "options": {"queue": os.environ[QUEUE_ENV]},
    }
}
