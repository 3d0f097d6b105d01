"""A payment racing the dispatcher: once the goal commits, not one more mail of that enrolment.

Two threads, each on its own database connection: one dispatches, the other records
`order_fully_paid` events. Hypothesis picks the backlog, the batch size, which orders get paid
and after how many sends the payments start, so the payment lands before the claim, between
claim and send, during a send (waiting on the send's row lock) or after everything.
"""

import threading
import time
from collections import Counter
from datetime import timedelta

import psycopg
import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, Enrollment, Scenario

from ..factories import make_scenario, order_created, order_event
from . import recording
from .processes import current_database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THREAD_TIMEOUT = 30


class Race:
    """The two threads and what they saw; errors are kept to fail the test in its own thread."""

    def __init__(self, *, now, batch: int, paid_orders: list[str], pay_after: int) -> None:
        self.now = now
        self.batch = batch
        self.paid_orders = paid_orders
        self.pay_after = pay_after
        self.sends_seen = 0
        self.pay_gate = threading.Event()
        self.errors: list[BaseException] = []
        # Each send looks, from outside its transaction, at whether its enrolment has ended.
        self.ended_before_send: list[tuple[int, str]] = []
        self.outside = psycopg.connect(current_database_url(), autocommit=True)

    def observe_send(self, send: recording.RecordedSend) -> None:
        row = self.outside.execute(
            "SELECT e.state FROM saleor_stepmail_delivery d"
            " JOIN saleor_stepmail_enrollment e ON e.id = d.enrollment_id WHERE d.id = %s",
            [send.delivery_id],
        ).fetchone()
        if row[0] != "active":
            self.ended_before_send.append((send.delivery_id, row[0]))
        self.sends_seen += 1
        if self.sends_seen >= self.pay_after:
            self.pay_gate.set()

    def dispatch(self) -> None:
        try:
            while dispatch_due(now=self.now, limit=self.batch)["claimed"]:
                pass
        finally:
            self.pay_gate.set()  # paying after the last send is one of the interleavings

    def pay(self, send_log: recording.SendLog) -> None:
        if not self.pay_gate.wait(THREAD_TIMEOUT):
            raise AssertionError("the dispatcher never let the payment start")
        for order_id in self.paid_orders:
            record_event(order_event("order_fully_paid", self.now, order_id=order_id), now=self.now)
            # record_event has returned: the goal is committed. Sends logged after this mark
            # went out after the commit.
            send_log.mark(f"paid:{order_id}")

    def run(self, target, *args) -> threading.Thread:
        def body() -> None:
            try:
                target(*args)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
                self.errors.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=body)
        thread.start()
        return thread


def wait_for_a_lock_wait(*, timeout: float) -> None:
    """Poll (bounded) until some session of the test database waits for a row lock."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(current_database_url(), autocommit=True) as outside:
        while not lock_waiters(outside):
            assert time.monotonic() < deadline, "nobody waited for a lock"
            time.sleep(0.01)


def lock_waiters(outside: psycopg.Connection) -> int:
    """How many sessions of the test database wait for a lock, seen from `outside`."""
    return outside.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
        [connection.settings_dict["NAME"]],
    ).fetchone()[0]


@pytest.fixture
def observers():
    yield recording.send_observers
    recording.send_observers.clear()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    orders=st.integers(min_value=1, max_value=4),
    steps=st.integers(min_value=1, max_value=3),
    batch=st.integers(min_value=1, max_value=6),
    paid=st.lists(st.booleans(), min_size=4, max_size=4),
    pay_after=st.integers(min_value=0, max_value=12),
)
def test_no_mail_leaves_after_the_payment_that_ends_its_enrolment_commits(
    clock, send_log, observers, orders, steps, batch, paid, pay_after
):
    Scenario.objects.all().delete()
    send_log.clear()
    make_scenario(
        slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=tuple(range(steps))
    )
    order_ids = [f"order-{n}" for n in range(orders)]
    for n, order_id in enumerate(order_ids):
        record_event(
            order_created(clock.now, email=f"c{n}@example.com", order_id=order_id, paid=False),
            now=clock.now,
        )
    paid_orders = [o for o, is_paid in zip(order_ids, paid, strict=False) if is_paid]
    race = Race(
        now=clock.now + timedelta(days=steps),
        batch=batch,
        paid_orders=paid_orders,
        pay_after=pay_after,
    )
    observers[:] = [race.observe_send]
    try:
        threads = [race.run(race.dispatch), race.run(race.pay, send_log)]
        for thread in threads:
            thread.join(THREAD_TIMEOUT)
        assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    finally:
        observers.clear()
        race.outside.close()
    if race.errors:
        raise race.errors[0]

    sends = send_log.sends()
    goal_marks = send_log.marks()
    by_order = dict(Enrollment.objects.values_list("source_order_id", "pk"))
    deliveries = {d.pk: d for d in Delivery.objects.all()}
    assert race.ended_before_send == []
    for order_id in paid_orders:
        late = [
            s.delivery_id
            for s in sends
            if deliveries[s.delivery_id].enrollment_id == by_order[order_id]
            and s.seq > goal_marks[f"paid:{order_id}"]
        ]
        assert late == [], f"sent after {order_id} was paid"
    per_delivery = Counter(s.delivery_id for s in sends)
    assert [d for d, n in per_delivery.items() if n > 1] == []
    sent = {pk for pk, d in deliveries.items() if d.state == "sent"}
    assert set(per_delivery) == sent
    assert {d.state for d in deliveries.values()} <= {"sent", "cancelled"}
    unpaid = {by_order[o] for o in order_ids if o not in paid_orders}
    assert all(d.state == "sent" for d in deliveries.values() if d.enrollment_id in unpaid)
    assert len(deliveries) == orders * steps


def test_payment_holding_the_enrolment_while_a_send_starts_ends_it_without_a_deadlock(
    clock, send_log
):
    """The interleaving the property test finds now and then, forced.

    The payment's transaction has locked the enrolment (the first statement of
    enrollments_end_on_goal) when the dispatcher starts the send. The send must wait for the
    payment and then find the delivery cancelled; neither side may be killed as a deadlock.
    """
    make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0,))
    record_event(order_created(clock.now, paid=False), now=clock.now)
    race = Race(now=clock.now, batch=1, paid_orders=[], pay_after=0)
    race.outside.close()
    outcomes: list[Counter] = []

    with transaction.atomic():
        Enrollment.objects.select_for_update().get()
        dispatcher = race.run(lambda: outcomes.append(dispatch_due(now=clock.now, limit=1)))
        wait_for_a_lock_wait(timeout=10)
        record_event(order_event("order_fully_paid", clock.now, order_id="order-1"), now=clock.now)
    dispatcher.join(THREAD_TIMEOUT)

    assert not dispatcher.is_alive()
    assert race.errors == []
    assert outcomes[0]["claimed"] == 1
    assert set(outcomes[0]) <= {"claimed", "lost_claim", "cancelled"}, outcomes  # no "error"
    assert send_log.sends() == []
    assert Delivery.objects.get().state == "cancelled"
    assert Enrollment.objects.get().state == "converted"
