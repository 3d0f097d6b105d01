"""Work handed to background workers after a commit, without the engine knowing Celery.

The layer above (tasks.py) registers how each kind of work is queued; the engine and the API ask
for it by name. Arrows point down only: tasks.py imports the engine, never the reverse. Work
with no queue registered is logged and left to the next tick.
"""

import logging
from collections.abc import Callable
from enum import StrEnum

from django.db import transaction

logger = logging.getLogger(__name__)


class Work(StrEnum):
    APPLY_INBOUND_EVENTS = "apply_inbound_events"
    BACKFILL = "backfill"


_queues: dict[Work, Callable[..., object]] = {}


def work_register(work: Work, queue: Callable[..., object]) -> None:
    """Say how `work` reaches a worker (tasks.py: a Celery task's `delay`)."""
    _queues[work] = queue


def work_queue_on_commit(work: Work, *args: object, robust: bool = False) -> None:
    """Queue `work` once the current transaction commits; `robust`: a failing queue (broker
    down) is logged instead of raised, for callers inside the shop's request."""
    queue = _queues.get(work)
    if queue is None:
        logger.warning("stepmail: no queue registered for %s; the tick will catch up", work)
        return
    transaction.on_commit(lambda: queue(*args), robust=robust)
