"""A worker's two chunks in flight inside Saleor: the second, in a thread and on a database
connection of its own, re-checks Saleor's orders and renders their mails as the first does.

Transactional, as a Celery worker runs: inside a test's transaction there is one lane only.
"""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.order import OrderChargeStatus
from saleor.order.models import Order
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail import tasks
from saleor_stepmail.engine import dispatch
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .catalog import order_make

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_chunks_in_flight_send_each_unpaid_order_its_reminder_once_and_none_once_paid(
    stepmail_plugin, product, order_generator, order_lines_generator, outbox, settings, monkeypatch
):
    settings.STEPMAIL = {"send_chunk_size": 1, "send_concurrency": 2}
    scenario_create_from_preset(preset="unpaid-reminder", language="en", activate=True)
    orders = [
        order_make(
            order_generator,
            order_lines_generator,
            [product],
            email=f"buyer{n}@example.com",
        )
        for n in range(4)
    ]
    manager = get_plugins_manager(allow_replica=False)
    for order in orders:
        manager.order_created(order)
    inbound_apply_pending(now=timezone.now())
    # Paid by bank transfer, written without a hook: only the re-check before the send sees it.
    Order.objects.filter(pk=orders[1].pk).update(charge_status=OrderChargeStatus.FULL)
    lanes: set[str] = set()
    send_chunk = dispatch.send_chunk

    def send_chunk_noting_its_thread(chunk, **kwargs):
        lanes.add(threading.current_thread().name)
        return send_chunk(chunk, **kwargs)

    monkeypatch.setattr(dispatch, "send_chunk", send_chunk_noting_its_thread)

    outcomes = tasks.dispatch(now=(timezone.now() + timedelta(minutes=1)).isoformat())

    assert lanes == {threading.main_thread().name, "stepmail-chunk"}
    assert (outcomes["claimed"], outcomes["sent"]) == (4, 3)
    sent = {message.to[0]: message for message in outbox}
    assert sorted(sent) == ["buyer0@example.com", "buyer2@example.com", "buyer3@example.com"]
    for n in (0, 2, 3):
        assert str(orders[n].number) in sent[f"buyer{n}@example.com"].subject
    paid = Enrollment.objects.get(source_order_id=str(orders[1].pk))
    assert (paid.state, paid.exit_reason) == ("converted", "paid")
