"""The reorder reminder preset: due when what was bought runs out."""

from datetime import timedelta

import pytest

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.render import render_message
from saleor_stepmail.models import Delivery
from saleor_stepmail.presets import scenario_create_from_preset
from tests.factories import order_event

pytestmark = pytest.mark.django_db


def paid(at, lines=None, reorder_in_days=None):
    event = order_event("order_fully_paid", at, email="hana@example.com")
    order = {"number": "1001", "lines": lines or []}
    if reorder_in_days is not None:
        order["reorder_in_days"] = reorder_in_days
    event.context.update({"customer": {"first_name": "花子"}, "order": order})
    return event


def due_days(clock):
    return [(d.due_at - clock.now).days for d in Delivery.objects.order_by("step__position")]


def test_reminders_are_due_five_days_before_the_shortest_supply_runs_out(clock):
    scenario_create_from_preset(preset="reorder-reminder", activate=True)
    lines = [
        {"product_name": "緑茶", "quantity": 2, "consumption_days": 30},
        {"product_name": "ほうじ茶", "quantity": 1, "consumption_days": 45},
    ]

    record_event(paid(clock.now, lines=lines))

    assert due_days(clock) == [40, 48]


def test_the_integrations_reorder_days_win_over_the_lines(clock):
    scenario_create_from_preset(preset="reorder-reminder", activate=True)

    record_event(paid(clock.now, lines=[{"consumption_days": 30}], reorder_in_days=20))

    assert due_days(clock) == [15, 23]


def test_an_order_without_consumption_facts_falls_back_to_a_months_supply(clock):
    scenario_create_from_preset(preset="reorder-reminder", activate=True)

    record_event(paid(clock.now, lines=[{"product_name": "急須", "quantity": 1}]))

    assert due_days(clock) == [25, 33]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_reorder_mails_render_the_lines_in_both_languages(clock, language):
    scenario_create_from_preset(preset="reorder-reminder", language=language, activate=True)
    record_event(paid(clock.now, lines=[{"product_name": "緑茶", "quantity": 2}]))

    for delivery in Delivery.objects.all():
        message = render_message(delivery, {**delivery.enrollment.context, "language": language})
        assert "緑茶" in message.text
        assert message.subject
    assert timedelta(0) < Delivery.objects.first().due_at - clock.now
