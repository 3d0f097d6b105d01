"""The goal window of the channels that call out beside mail: a LINE push and a webhook POST.

A payment whose transaction holds the enrolment when the dispatcher starts the step's send must
win: the send waits for it, finds the delivery cancelled, and nothing reaches LINE or the
webhook. The same forced interleaving as test_goal_race.py's for mail.
"""

import threading
from collections import Counter

import pytest
from django.db import connections, transaction
from django.test import override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, Enrollment, LineUser

from ..engine.channels.test_webhook import SECRET, Receiver
from ..factories import make_scenario, order_created, order_event
from .test_goal_race import THREAD_TIMEOUT, wait_for_a_lock_wait

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LINE_USER = "U" + "4af4980629" * 3 + "ab"


@pytest.fixture
def receiver():
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    with override_settings(STEPMAIL={"webhook_private_networks": True}):
        yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def line_step(clock, request) -> list:
    """An unpaid reminder pushed on LINE to a linked customer; what LINE delivered."""
    line_api = request.getfixturevalue("line_api")
    LineUser.objects.create(
        line_user_id=LINE_USER,
        user_id="7",
        email="hana@example.com",
        linked_at=clock.now,
        followed_at=clock.now,
    )
    scenario = make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0,))
    scenario.steps.update(channel="line", text_template="Please pay order {{ order.number }}.")
    return line_api.delivered


def webhook_step(clock, request) -> list:
    """An unpaid reminder POSTed to the shop's webhook; what the webhook received."""
    receiver = request.getfixturevalue("receiver")
    scenario = make_scenario(slug="unpaid", trigger="unpaid_order", goals=("paid",), delays=(0,))
    scenario.steps.update(channel="webhook", channel_config={"url": receiver.url, "secret": SECRET})
    return receiver.received


@pytest.mark.parametrize("step", [line_step, webhook_step], ids=["line", "webhook"])
def test_a_payment_holding_the_enrolment_when_the_send_starts_stops_the_push(clock, request, step):
    reached = step(clock, request)
    record_event(order_created(clock.now, paid=False, user_id="7"), now=clock.now)
    outcomes: list[Counter] = []
    errors: list[BaseException] = []

    def dispatch() -> None:
        try:
            outcomes.append(dispatch_due(now=clock.now, limit=1))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        Enrollment.objects.select_for_update().get()
        dispatcher = threading.Thread(target=dispatch)
        dispatcher.start()
        wait_for_a_lock_wait(timeout=10)
        record_event(order_event("order_fully_paid", clock.now, order_id="order-1"), now=clock.now)
    dispatcher.join(THREAD_TIMEOUT)

    assert not dispatcher.is_alive() and errors == []
    assert set(outcomes[0]) <= {"claimed", "lost_claim", "cancelled"}, outcomes
    assert reached == []
    assert Delivery.objects.get().state == "cancelled"
    assert Enrollment.objects.get().exit_reason == "paid"


@pytest.mark.parametrize("step", [line_step, webhook_step], ids=["line", "webhook"])
def test_a_payment_committed_before_the_claim_sends_nothing(clock, request, step):
    reached = step(clock, request)
    record_event(order_created(clock.now, paid=False, user_id="7"), now=clock.now)
    record_event(order_event("order_fully_paid", clock.now, order_id="order-1"), now=clock.now)

    dispatch_due(now=clock.now)

    assert reached == []
    assert Delivery.objects.get().state == "cancelled"


@pytest.mark.parametrize("step", [line_step, webhook_step], ids=["line", "webhook"])
def test_without_a_payment_the_reminder_reaches_its_channel(clock, request, step):
    """The control: the steps above reach LINE and the webhook when nothing stops them."""
    reached = step(clock, request)
    record_event(order_created(clock.now, paid=False, user_id="7"), now=clock.now)

    dispatch_due(now=clock.now)

    assert len(reached) == 1
    assert Delivery.objects.get().state == "sent"
