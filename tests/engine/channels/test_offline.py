"""Call-task and direct-mail steps: a row for staff instead of a provider call."""

import pytest

from saleor_stepmail.api.offline import direct_mail_export
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.stats import step_stats
from saleor_stepmail.models import CallTask, Delivery, DeliveryEvent, DirectMailRow

from ...factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "花子",
    "last_name": "山田",
    "postal_code": "600-8001",
    "country": "JP",
    "country_area": "京都府",
    "city": "京都市下京区",
    "street_address_1": "四条通 1-2-3",
    "phone": "+81751234567",
}


def offline_order(at, **kwargs):
    event = order_created(at, **kwargs)
    event.context["order"]["shipping_address"] = ADDRESS
    return event


def test_call_task_step_creates_a_task_with_the_phone_and_counts_as_sent(clock):
    scenario = make_scenario(slug="thanks-call", delays=(0,))
    scenario.steps.update(channel="call_task")
    record_event(offline_order(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    task = CallTask.objects.get()
    assert (delivery.state, delivery.provider_message_id) == ("sent", f"call-task-{task.pk}")
    assert (task.phone, task.state, task.delivery_id) == ("+81751234567", "open", delivery.pk)
    assert "Hello Hana, order order-1." in task.note
    assert DeliveryEvent.objects.get(delivery=delivery).type == "sent"
    [row] = step_stats(
        scenario=scenario, start=clock.now.replace(year=2020), end=clock.now.replace(year=2030)
    )
    assert row.figures.sent == 1


def test_call_task_without_a_phone_is_skipped_with_the_reason(clock):
    make_scenario(slug="thanks-call", delays=(0,)).steps.update(channel="call_task")
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert delivery.reason == "no phone number in the customer's or the order's facts"
    assert not CallTask.objects.exists()


def test_dm_step_queues_the_address_and_the_export_marks_one_batch(clock):
    make_scenario(slug="catalogue", delays=(0,)).steps.update(channel="dm_export")
    record_event(offline_order(clock.now, email="a@example.com", order_id="o-1"))
    record_event(offline_order(clock.now, email="b@example.com", order_id="o-2"))
    dispatch_due(now=clock.advance(minutes=1))

    export = direct_mail_export(now=clock.advance(hours=1))

    assert export.count == 2
    assert export.csv.startswith("\ufeffid,email,scenario,step,order,first_name,last_name")
    assert "花子,山田,,600-8001,JP,京都府,京都市下京区,,四条通 1-2-3" in export.csv
    assert set(DirectMailRow.objects.values_list("batch", "exported_at")) == {
        (export.batch, clock.now)
    }
    assert Delivery.objects.filter(state="sent").count() == 2
    again = direct_mail_export(now=clock.advance(hours=1))
    assert (again.batch, again.count) == ("", 0)
    assert direct_mail_export(now=clock.now, batch=export.batch).csv == export.csv
