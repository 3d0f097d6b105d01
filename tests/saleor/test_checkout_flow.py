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
from saleor.order import OrderChargeStatus
from saleor.order.models import Order

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import Delivery, Enrollment, InboundEvent

from .checkouts import (
    ORDER_MARK_AS_PAID,
    checkout_complete,
    checkout_create,
    checkout_pay,
    graphql,
)


@pytest.fixture
def buy(
    user_api_client,
    product,
    shipping_method,
    channel_USD,
    transaction_item_generator,
):
    """Place an order as the logged-in customer; paid unless `paid=False`."""

    def place(*, paid: bool = True) -> Order:
        checkout, total = checkout_create(
            user_api_client,
            variant=product.variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=user_api_client.user.email,
        )
        if paid:
            checkout_pay(checkout, total, transaction_item_generator)
        placed = checkout_complete(user_api_client, checkout)
        _, pk = graphene.Node.from_global_id(placed["id"])
        return Order.objects.get(pk=pk)

    return place


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
    assert sorted(InboundEvent.objects.values_list("type", flat=True)) == [
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
    outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))
    assert outcomes["sent"] == 2  # the reminder's day-0 mail and the second-purchase thanks
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
    assert not Delivery.objects.filter(enrollment=reminder, state="scheduled").exists()
    dispatch_due(now=timezone.now() + timedelta(days=8))
    states = dict(reminder.deliveries.values_list("step__position", "state"))
    assert states == {0: "sent", 1: "cancelled", 2: "cancelled", 3: "cancelled"}
    assert not [m for m in outbox[sent_before:] if str(order.number) in m.subject]
