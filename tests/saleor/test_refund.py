"""A full refund in Saleor takes the order's conversion out of the mail's figures."""

from decimal import Decimal

from django.utils import timezone
from saleor.order.actions import order_refunded
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, InboundEvent
from saleor_stepmail.presets import scenario_create_from_preset


def _conversion_of(order) -> DeliveryEvent:
    """A sent mail of another order credited with `order`, paid, as attribution leaves it."""
    scenario = scenario_create_from_preset(preset="second-purchase", language="en")
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        scenario=scenario, email=order.user_email, triggered_at=now, source_order_id="earlier"
    )
    delivery = Delivery.objects.create(
        enrollment=enrollment,
        step=scenario.steps.first(),
        due_at=now,
        available_at=now,
        state="sent",
        sent_at=now,
    )
    return DeliveryEvent.objects.create(
        delivery=delivery,
        type="converted",
        occurred_at=now,
        order_id=str(order.pk),
        revenue=order.total.gross.amount,
        currency=order.currency,
        paid_at=now,
    )


def test_full_refund_records_the_hook_and_reverses_the_conversion(
    stepmail_plugin,
    order_with_lines,
    transaction_item_generator,
    django_capture_on_commit_callbacks,
):
    conversion = _conversion_of(order_with_lines)
    total = order_with_lines.total.gross.amount
    transaction_item_generator(
        order_id=order_with_lines.pk, charged_value=Decimal(0), refunded_value=total
    )

    with django_capture_on_commit_callbacks(execute=True):  # Saleor calls hooks on commit
        order_refunded(
            order_with_lines,
            user=None,
            app=None,
            amount=total,
            payment=None,
            manager=get_plugins_manager(allow_replica=False),
        )
    inbound_apply_pending(now=timezone.now())

    assert InboundEvent.objects.filter(
        type="order_fully_refunded", order_id=str(order_with_lines.pk)
    ).exists()
    conversion.refresh_from_db()
    assert conversion.reversed_at is not None


def test_partial_refund_leaves_the_conversion_counted(
    stepmail_plugin,
    order_with_lines,
    transaction_item_generator,
    django_capture_on_commit_callbacks,
):
    conversion = _conversion_of(order_with_lines)
    part = order_with_lines.total.gross.amount / 2
    transaction_item_generator(order_id=order_with_lines.pk, refunded_value=part)

    with django_capture_on_commit_callbacks(execute=True):
        order_refunded(
            order_with_lines,
            user=None,
            app=None,
            amount=part,
            payment=None,
            manager=get_plugins_manager(allow_replica=False),
        )
    inbound_apply_pending(now=timezone.now())

    assert not InboundEvent.objects.filter(type="order_fully_refunded").exists()
    conversion.refresh_from_db()
    assert conversion.reversed_at is None
