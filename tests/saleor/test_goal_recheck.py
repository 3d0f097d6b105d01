"""Goals re-checked on Saleor's own data right before each send, with no hook involved."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from saleor.order import OrderChargeStatus, OrderOrigin, OrderStatus
from saleor.order.models import Order
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .catalog import order_make


def _enrol(order, *, paid: bool = False) -> Enrollment:
    """The order's enrolment after its creation or, `paid`, its payment (Saleor's hooks)."""
    manager = get_plugins_manager(allow_replica=False)
    if paid:
        manager.order_fully_paid(order)
    else:
        manager.order_created(order)
    inbound_apply_pending(now=timezone.now())
    return Enrollment.objects.get(source_order_id=str(order.pk))


def test_payment_written_without_a_hook_stops_the_reminder_before_it_is_sent(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="unpaid-reminder", language="en", activate=True)
    assert order_with_lines.charge_status == OrderChargeStatus.NONE
    reminder = _enrol(order_with_lines)
    Order.objects.filter(pk=order_with_lines.pk).update(charge_status=OrderChargeStatus.FULL)

    outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outcomes["claimed"] == 1
    assert outcomes["sent"] == 0
    assert outbox == []
    reminder.refresh_from_db()
    assert (reminder.state, reminder.exit_reason) == ("converted", "paid")
    assert not reminder.deliveries.filter(state__in=["scheduled", "claimed", "sent"]).exists()


def test_order_cancelled_without_a_hook_ends_the_reminder(
    stepmail_plugin, order_with_lines, outbox
):
    scenario_create_from_preset(preset="unpaid-reminder", language="en", activate=True)
    reminder = _enrol(order_with_lines)
    Order.objects.filter(pk=order_with_lines.pk).update(status=OrderStatus.CANCELED)

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outbox == []
    reminder.refresh_from_db()
    assert (reminder.state, reminder.exit_reason) == ("exited", "order_cancelled")


def test_later_order_written_without_a_hook_ends_the_second_purchase_program(
    stepmail_plugin, order_with_lines, customer_user, channel_USD, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    order_with_lines.charge_status = OrderChargeStatus.FULL
    order_with_lines.save(update_fields=["charge_status"])
    enrollment = _enrol(order_with_lines)
    assert enrollment.user_id == str(customer_user.pk)
    Order.objects.create(
        user=customer_user,
        user_email=customer_user.email,
        channel=channel_USD,
        billing_address=customer_user.default_billing_address.get_copy(),
        origin=OrderOrigin.CHECKOUT,
        status=OrderStatus.UNFULFILLED,
        lines_count=0,
    )

    outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outcomes["sent"] == 0
    assert outbox == []
    enrollment.refresh_from_db()
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "purchased_again")


def test_later_draft_order_does_not_end_the_second_purchase_program(
    stepmail_plugin, order_with_lines, customer_user, channel_USD, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    enrollment = _enrol(order_with_lines, paid=True)
    Order.objects.create(
        user=customer_user,
        user_email=customer_user.email,
        channel=channel_USD,
        origin=OrderOrigin.DRAFT,
        status=OrderStatus.DRAFT,
        lines_count=0,
    )

    outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outcomes["sent"] == 1
    enrollment.refresh_from_db()
    assert enrollment.state == "active"


def test_a_chunk_re_checks_every_customer_in_one_query_and_ends_only_those_who_bought(
    stepmail_plugin, product, order_generator, order_lines_generator, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    make = {"order_generator": order_generator, "order_lines_generator": order_lines_generator}
    emails = [f"c{n}@example.com" for n in range(6)]
    for email in emails:
        _enrol(order_make(products=[product], email=email, days_ago=1, **make), paid=True)
    # Two of them order again, under their address in another case, with no hook.
    for email in ("C1@Example.com", "c4@EXAMPLE.com"):
        order_make(products=[product], email=email, **make)

    with CaptureQueriesContext(connection) as queries:
        outcomes = dispatch_due(now=timezone.now() + timedelta(minutes=1))

    assert outcomes["sent"] == 4
    assert sorted(m.to[0] for m in outbox) == [
        "c0@example.com",
        "c2@example.com",
        "c3@example.com",
        "c5@example.com",
    ]
    ended = dict(Enrollment.objects.exclude(state="active").values_list("email", "exit_reason"))
    assert ended == {"c1@example.com": "purchased_again", "c4@example.com": "purchased_again"}
    # One query for the later orders (the customer facts group theirs with COUNT, apart).
    later_orders = [
        q
        for q in queries
        if 'LOWER("order_order"."user_email")' in q["sql"] and "COUNT(" not in q["sql"]
    ]
    assert len(later_orders) == 1
