"""A standalone backfill applies the goals the recorded history already met."""

from datetime import timedelta

import pytest

from saleor_stepmail.api.backfill import backfill_run
from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.models import BackfillJob, Delivery, Enrollment

from ..factories import make_scenario

pytestmark = pytest.mark.django_db


def _history(clock, *events):
    for days_ago, kind, order_id, email in events:
        inbound_record(
            type=kind,
            occurred_at=clock.now - timedelta(days=days_ago),
            order_id=order_id,
            email=email,
        )


def _backfill(scenario, clock) -> BackfillJob:
    job = BackfillJob.objects.create(scenario=scenario, since=clock.now - timedelta(days=30))
    return backfill_run(job_id=job.pk, now=clock.now)


def test_backfill_ends_an_unpaid_reminder_whose_order_was_paid_later_in_the_history(clock):
    scenario = make_scenario(trigger="unpaid_order", goals=("paid",), delays=(0, 7))
    _history(
        clock,
        (5, "order_created", "o-1", "a@example.com"),
        (4, "order_fully_paid", "o-1", "a@example.com"),
        (5, "order_created", "o-2", "b@example.com"),
    )

    _backfill(scenario, clock)

    ended = dict(Enrollment.objects.values_list("email", "exit_reason"))
    assert ended == {"a@example.com": "paid", "b@example.com": ""}
    assert Enrollment.objects.get(email="a@example.com").state == "converted"
    assert not Delivery.objects.filter(enrollment__email="a@example.com", state="scheduled")
    assert Delivery.objects.filter(enrollment__email="b@example.com", state="scheduled").exists()


def test_backfill_ends_a_first_order_path_when_the_history_shows_a_second_order(clock):
    scenario = make_scenario(delays=(0, 10))
    _history(
        clock,
        (6, "order_created", "o-1", "a@example.com"),
        (2, "order_created", "o-2", "a@example.com"),
    )

    _backfill(scenario, clock)

    enrollment = Enrollment.objects.get()
    assert (enrollment.source_order_id, enrollment.state) == ("o-1", "converted")
    assert enrollment.exit_reason == "purchased_again"
    assert not Delivery.objects.filter(state="scheduled").exists()
