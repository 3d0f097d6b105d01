import logging

import pytest

from saleor_stepmail.engine import handoff
from saleor_stepmail.engine.handoff import Work, work_queue_on_commit, work_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def queues(monkeypatch):
    monkeypatch.setattr(handoff, "_queues", {})
    return handoff._queues


def test_work_reaches_the_registered_queue_only_after_the_commit(
    queues, django_capture_on_commit_callbacks
):
    calls = []
    work_register(Work.BACKFILL, calls.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        work_queue_on_commit(Work.BACKFILL, 7)
        assert calls == []
    assert (len(callbacks), calls) == (1, [7])


def test_work_nobody_registered_is_logged_and_left_to_the_tick(
    queues, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks() as callbacks:
        work_queue_on_commit(Work.APPLY_INBOUND_EVENTS, robust=True)
    assert callbacks == []
    assert "no queue registered for apply_inbound_events" in caplog.text


def test_the_celery_tasks_register_the_engines_work():
    from saleor_stepmail import tasks  # noqa: F401  (registers on import, as AppConfig.ready does)

    assert set(handoff._queues) == set(Work)
