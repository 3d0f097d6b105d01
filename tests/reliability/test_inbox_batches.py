"""Inbound hook events are applied in batches, each committed on its own: an event waiting for
a chunk in flight holds back its own batch only, not the goal exits of the batches before."""

import threading

import psycopg
import pytest
from django.db import connections, transaction

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.models import Enrollment

from ..factories import make_scenario, order_created
from .processes import current_database_url
from .test_goal_race import wait_for_a_lock_wait

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def enrollment_state_outside(order_id: str) -> str:
    """The state as another session sees it: only what is committed."""
    with psycopg.connect(current_database_url(), autocommit=True) as outside:
        return outside.execute(
            "SELECT state FROM saleor_stepmail_enrollment WHERE source_order_id = %s", [order_id]
        ).fetchone()[0]


def test_payments_before_one_waiting_on_a_chunks_lock_are_committed_meanwhile(clock, settings):
    settings.STEPMAIL = {"inbound_batch_size": 2}
    make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0, 1))
    orders = [f"order-{n}" for n in range(5)]
    for n, order_id in enumerate(orders):
        record_event(
            order_created(clock.now, email=f"c{n}@example.com", order_id=order_id, paid=False),
            now=clock.now,
        )
    for order_id in orders:
        inbound_record(
            type="order_fully_paid", occurred_at=clock.advance(seconds=1), order_id=order_id
        )
    drained: list[int] = []

    def drain() -> None:
        try:
            drained.append(inbound_apply_pending(now=clock.now))
        finally:
            connections.close_all()

    with transaction.atomic():
        # A chunk in flight holds the last customer's enrolment (the fifth event, third batch).
        Enrollment.objects.select_for_update().get(source_order_id="order-4")
        drainer = threading.Thread(target=drain)
        drainer.start()
        wait_for_a_lock_wait(timeout=30)
        seen_while_waiting = [enrollment_state_outside(o) for o in orders]
    drainer.join(30)

    assert seen_while_waiting == ["converted"] * 4 + ["active"]
    assert drained == [5]
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"converted"}
