"""A sale's hook events applied by several worker processes at once: each customer's events in
the order they happened, every event once, and the drainers side by side, not in turn."""

import random
import threading
from datetime import timedelta

import pytest
from django.db import connections, transaction

from saleor_stepmail.engine.clock import database_now
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.models import Enrollment, InboundEvent

from ..factories import make_scenario, order_created
from .test_goal_race import wait_for_a_lock_wait

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CUSTOMERS = 60


def record_sale(start) -> tuple[dict[str, int], int]:
    """Orders of CUSTOMERS customers, one to three each, interleaved five seconds apart; a card
    order is paid with its creation, a bank transfer two seconds later. How many orders each
    customer placed, and how many were bank transfers."""
    rng = random.Random(7)
    orders = [(f"c{c}@example.com", n) for c in range(CUSTOMERS) for n in range(1 + c % 3)]
    rng.shuffle(orders)
    placed: dict[str, int] = {}
    transfers = 0
    with transaction.atomic():
        for second, (email, _) in enumerate(orders):
            at = start + timedelta(seconds=5 * second)
            order_id = f"{email}#{placed.get(email, 0)}"
            placed[email] = placed.get(email, 0) + 1
            # Addresses as a shop spells them: the inbox reads them without case.
            refs = {"order_id": order_id, "email": email.upper() if second % 5 == 0 else email}
            inbound_record(type="order_created", occurred_at=at, **refs)
            transfer = second % 2 == 0
            transfers += transfer
            paid_at = at + timedelta(seconds=2) if transfer else at
            inbound_record(type="order_fully_paid", occurred_at=paid_at, **refs)
    return placed, transfers


def test_two_drainers_apply_a_sale_side_by_side_each_customers_events_in_order(spawn):
    make_scenario(slug="program", trigger="first_paid_order", goals=("purchased_again",))
    make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0, 3))
    now = database_now()
    placed, transfers = record_sale(now - timedelta(hours=1))
    drainers = [spawn("tests.reliability.dispatcher", "drain", now.isoformat()) for _ in range(2)]
    for drainer in drainers:
        drainer.expect("ready", timeout=60)
    for drainer in drainers:
        drainer.send_line("go")
    applied = [int(drainer.expect("done ", timeout=240)) for drainer in drainers]

    assert sum(applied) == InboundEvent.objects.count()
    assert all(applied), f"one drainer waited for the other the whole time: {applied}"
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()
    assert not InboundEvent.objects.exclude(error="").exists()
    # A customer's second order is applied after the first: it ends the program the first
    # started, and starts none (it is not a first order). Out of order, the first order's
    # enrolment would start after the second and stay active.
    program = {e.email: e.state for e in Enrollment.objects.filter(scenario__slug="program")}
    assert program == {
        email: "converted" if count > 1 else "active" for email, count in placed.items()
    }
    # A bank transfer's payment is applied after its order: every unpaid reminder ended paid.
    unpaid = Enrollment.objects.filter(scenario__slug="unpaid")
    assert unpaid.count() == transfers
    assert set(unpaid.values_list("exit_reason", flat=True)) == {"paid"}


def test_a_drainer_stuck_on_one_customer_holds_back_only_its_own_partitions(spawn):
    make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0, 3))
    now = database_now()
    stuck = order_created(now - timedelta(hours=2), email="stuck@example.com", paid=False)
    record_event(stuck, now=stuck.occurred_at)
    with transaction.atomic():
        # The stuck customer's payment first, then 30 other customers' orders.
        inbound_record(
            type="order_fully_paid",
            occurred_at=now - timedelta(hours=1),
            order_id=stuck.order_id,
            email=stuck.email,
        )
        for n in range(30):
            inbound_record(
                type="order_created",
                occurred_at=now - timedelta(minutes=50 - n),
                order_id=f"order-{n}",
                email=f"c{n}@example.com",
            )
    others: list[int] = []

    def drain_beside() -> None:
        try:
            others.append(inbound_apply_pending(now=now))
        finally:
            connections.close_all()

    with transaction.atomic():
        # A chunk in flight holds the stuck customer's enrolment: the first drainer's batch
        # waits on it, holding its partitions.
        Enrollment.objects.select_for_update().get(email="stuck@example.com")
        first = spawn("tests.reliability.dispatcher", "drain", now.isoformat())
        first.expect("ready", timeout=60)
        first.send_line("go")
        wait_for_a_lock_wait(timeout=30)
        beside = threading.Thread(target=drain_beside)
        beside.start()
        beside.join(60)
        held_back = InboundEvent.objects.filter(processed_at__isnull=True).count()
    first.expect("done", timeout=60)

    # Only the first drainer's batch (its few partitions) waited; the other drainer applied
    # the rest meanwhile. With one drainer at a time, it would have applied nothing.
    assert others[0] >= 20
    assert held_back == 31 - others[0]
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()
    assert Enrollment.objects.get(email="stuck@example.com").exit_reason == "paid"
