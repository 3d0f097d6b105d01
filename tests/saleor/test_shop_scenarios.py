"""Scenario power inside Saleor: a condition on the shop's facts with a MOVE step, and the
call task and direct mail steps finding the customer's phone and address."""

from datetime import timedelta

from django.utils import timezone

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import CallTask, DirectMailRow, Enrollment, Scenario, Step

from .checkouts import ADDRESS


def _scenario(slug: str, trigger: str, reentry: str = "per_order") -> Scenario:
    return Scenario.objects.create(
        slug=slug, name=slug, status="active", trigger=trigger, reentry=reentry
    )


def test_a_third_order_moves_the_customer_to_the_vip_scenario(stepmail_plugin, buy, outbox):
    vip = _scenario("vip", "subscribed", reentry="after_exit")
    Step.objects.create(scenario=vip, position=0, delay_days=1, subject_template="VIP")
    every_order = _scenario("every-order", "order_created")
    Step.objects.create(
        scenario=every_order,
        position=0,
        action="move",
        move_to=vip,
        conditions=[{"fact": "customer.orders_count", "op": "gte", "value": 3}],
    )

    for _ in range(3):
        buy()
        dispatch_due(now=timezone.now() + timedelta(minutes=1))

    outcomes = list(
        Enrollment.objects.filter(scenario=every_order)
        .order_by("pk")
        .values_list("state", "exit_reason")
    )
    assert outcomes == [
        ("completed", "all steps done"),
        ("completed", "all steps done"),
        ("completed", "moved to vip"),
    ]
    assert Enrollment.objects.filter(scenario=vip, state="active").count() == 1


def test_call_task_and_direct_mail_steps_get_the_customers_phone_and_address(
    stepmail_plugin, buy, outbox
):
    scenario = _scenario("thank-you-call", "order_created")
    for position, channel in enumerate(("call_task", "dm_export")):
        Step.objects.create(
            scenario=scenario,
            position=position,
            channel=channel,
            subject_template="Thank {{ customer.first_name }} for order {{ order.number }}",
            text_template="{{ customer.first_name }} {{ customer.last_name }}",
        )

    order = buy()
    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    task = CallTask.objects.get()
    assert task.phone == "+48713988102"  # the customer's default billing address
    assert f"order {order.number}" in task.note
    address = DirectMailRow.objects.get().address
    assert (address["first_name"], address["street_address_1"], address["country"]) == (
        ADDRESS["firstName"],
        ADDRESS["streetAddress1"],
        ADDRESS["country"],
    )
    assert address["postal_code"] == ADDRESS["postalCode"]
