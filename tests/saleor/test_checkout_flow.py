"""End to end through Saleor's GraphQL API: checkouts, orders and payments drive the programs.

Saleor calls the order hooks on commit. Saleor's test client runs each request's on-commit
callbacks (TestCase.captureOnCommitCallbacks(execute=True) in ApiClient.post_graphql), so the
hooks run, and then the plugin's own on-commit task, which Saleor's test settings run eagerly.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import graphene
import pytest
from django.utils import timezone
from saleor.order import OrderChargeStatus, OrderStatus
from saleor.order.models import Order
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Delivery, Enrollment, InboundEvent

from .checkouts import (
    ORDER_MARK_AS_PAID,
    graphql,
)


@pytest.fixture
def unpaid_orders_allowed(channel_USD):
    channel_USD.allow_unpaid_orders = True
    channel_USD.save(update_fields=["allow_unpaid_orders"])
    return channel_USD


def test_paid_checkout_enrols_the_first_time_customer_in_the_second_purchase_program(
    stepmail_plugin, programs, buy, customer_user
):
    order = buy()

    assert order.charge_status == OrderChargeStatus.FULL
    # order_created, then order_paid and order_fully_paid (both recorded as fully paid).
    assert sorted(
        InboundEvent.objects.filter(order_id=order.pk).values_list("type", flat=True)
    ) == [
        "order_created",
        "order_fully_paid",
        "order_fully_paid",
    ]
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()
    enrollment = Enrollment.objects.get()
    assert enrollment.scenario == programs["second-purchase"]
    assert (enrollment.email, enrollment.user_id, enrollment.source_order_id) == (
        customer_user.email,
        str(customer_user.pk),
        str(order.pk),
    )
    assert enrollment.state == "active"
    assert enrollment.context["customer"]["first_name"] == customer_user.first_name
    assert enrollment.deliveries.filter(state="scheduled").count() == 6


def test_second_order_of_the_customer_converts_the_second_purchase_enrolment(
    stepmail_plugin, programs, buy
):
    first = buy()
    second = buy()

    enrollment = Enrollment.objects.get(source_order_id=str(first.pk))
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "purchased_again")
    assert not enrollment.deliveries.filter(state__in=["scheduled", "claimed"]).exists()
    assert not Enrollment.objects.filter(source_order_id=str(second.pk)).exists()


def test_unpaid_order_schedules_payment_reminders(
    stepmail_plugin, programs, buy, unpaid_orders_allowed, outbox
):
    order = buy(paid=False)

    assert order.charge_status == OrderChargeStatus.NONE
    reminder = Enrollment.objects.get(scenario=programs["unpaid-reminder"])
    assert reminder.source_order_id == str(order.pk)
    assert list(
        reminder.deliveries.values_list("step__delay_days", flat=True).order_by("due_at")
    ) == [
        0,
        3,
        5,
        7,
    ]
    # The second-purchase program waits for the payment.
    assert not Enrollment.objects.filter(scenario=programs["second-purchase"]).exists()
    outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))
    assert outcomes["sent"] == 1  # the reminder's day-0 mail
    (reminder_mail,) = [m for m in outbox if f"order {order.number}" in m.subject]
    # How to pay and by when, from the channel's configuration (order date + 7 days).
    due = (reminder.triggered_at + timedelta(days=7)).astimezone(ZoneInfo("Asia/Tokyo")).date()
    assert "Pay to: Midori Bank, Uji branch, account 1234567" in reminder_mail.body
    assert f"Please pay by {due.isoformat()}." in reminder_mail.body


def test_staff_marking_the_order_paid_cancels_reminders_before_the_next_send(
    stepmail_plugin,
    programs,
    buy,
    unpaid_orders_allowed,
    staff_api_client,
    permission_group_manage_orders,
    outbox,
):
    order = buy(paid=False)
    dispatch_due(now=timezone.now() + timedelta(minutes=1))
    sent_before = len(outbox)
    permission_group_manage_orders.user_set.add(staff_api_client.user)

    graphql(
        staff_api_client, ORDER_MARK_AS_PAID, {"id": graphene.Node.to_global_id("Order", order.pk)}
    )

    reminder = Enrollment.objects.get(scenario=programs["unpaid-reminder"])
    assert (reminder.state, reminder.exit_reason) == ("converted", "paid")
    # Paid: now the first order starts the second-purchase program, timed from the payment.
    program = Enrollment.objects.get(scenario=programs["second-purchase"])
    assert program.source_order_id == str(order.pk)
    assert program.triggered_at > reminder.triggered_at
    assert not Delivery.objects.filter(enrollment=reminder, state="scheduled").exists()
    dispatch_due(now=timezone.now() + timedelta(days=8))
    states = dict(reminder.deliveries.values_list("step__position", "state"))
    assert states == {0: "sent", 1: "cancelled", 2: "cancelled", 3: "cancelled"}
    assert not [m for m in outbox[sent_before:] if str(order.number) in m.subject]


def test_a_card_authorised_but_not_captured_is_not_an_unpaid_order(
    stepmail_plugin, programs, buy, unpaid_orders_allowed
):
    order = buy(authorise_only=True)

    assert (order.charge_status, order.authorize_status) == (OrderChargeStatus.NONE, "full")
    assert not Enrollment.objects.filter(scenario=programs["unpaid-reminder"]).exists()


def test_the_last_reminder_goes_before_the_order_expires_and_later_ones_are_skipped(
    stepmail_plugin,
    programs,
    buy,
    unpaid_orders_allowed,
    outbox,
    django_capture_on_commit_callbacks,
):
    unpaid_orders_allowed.expire_orders_after = 3 * 24 * 60  # minutes: three days
    unpaid_orders_allowed.save(update_fields=["expire_orders_after"])
    order = buy(paid=False)

    reminder = Enrollment.objects.get(scenario=programs["unpaid-reminder"])
    expires = order.created_at + timedelta(days=3)
    planned = {d.step.name: d for d in reminder.deliveries.select_related("step")}
    assert planned["last reminder"].due_at == order.created_at + timedelta(days=2)
    assert planned["last reminder"].state == "scheduled"
    for name in ("first reminder", "second reminder"):  # day 3 and day 5
        assert planned[name].state == "skipped"
        assert "planned after the unpaid order expires" in planned[name].reason
    dispatch_due(now=timezone.now() + timedelta(minutes=1))
    (mail,) = [m for m in outbox if str(order.number) in m.subject]
    due = expires.astimezone(ZoneInfo("Asia/Tokyo")).date().isoformat()
    assert f"Please pay by {due}." in mail.body

    # Saleor expires the order (its expire_orders_task sets the status and calls the hook).
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.EXPIRED)
    get_plugins_manager(allow_replica=False).order_expired(order)
    inbound_apply_pending(now=timezone.now())
    assert Order.objects.get(pk=order.pk).status == OrderStatus.EXPIRED
    reminder.refresh_from_db()
    assert (reminder.state, reminder.exit_reason) == ("exited", "order_cancelled")
    assert reminder.deliveries.get(step__name="last reminder").state == "cancelled"
