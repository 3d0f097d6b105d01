"""Erasing a deleted customer everywhere, and deleting old history (engine/erasure.py)."""

from datetime import timedelta

import pytest
from django.core import serializers
from django.test import override_settings

from saleor_stepmail import models
from saleor_stepmail.api.offline import direct_mail_export
from saleor_stepmail.api.subscriptions import subscription_request
from saleor_stepmail.engine.checkouts import checkout_snapshot_record
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.erasure import records_expire
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.engine.line import line_link
from saleor_stepmail.models import (
    CheckoutSnapshot,
    ConfirmationMail,
    DirectMailRow,
    InboundEvent,
    LineUser,
)
from saleor_stepmail.models import __all__ as model_names

from ..factories import make_scenario
from .channels.test_offline import ADDRESS, offline_order

pytestmark = pytest.mark.django_db

EMAIL = "hana@example.com"


def _everything_stored() -> str:
    """Every row of every plugin table, as text."""
    tables = [getattr(models, name) for name in model_names]
    tables = [table for table in tables if isinstance(table, type)]
    rows = [row for table in tables for row in table.objects.all()]
    return serializers.serialize("json", rows, ensure_ascii=False)


def _order_with_address(clock) -> None:
    """An order with a shipping address (as the shop's facts give it), and its hook's row."""
    record_event(offline_order(clock.now, email=EMAIL, order_id="o-1", user_id="42"))
    inbound_record(type="order_created", occurred_at=clock.now, order_id="o-1", email=EMAIL)


def test_erasing_a_customer_leaves_none_of_their_data_in_any_table(clock):
    make_scenario(slug="call", trigger="order_created", delays=(0,)).steps.update(
        channel="call_task"
    )
    make_scenario(slug="paper", trigger="order_created", delays=(0,)).steps.update(
        channel="dm_export"
    )
    _order_with_address(clock)
    dispatch_due(now=clock.advance(minutes=1))
    inbound_apply_pending(now=clock.now)
    direct_mail_export(now=clock.now)
    subscription_request(email=EMAIL, scenario=None, channel_slug="", now=clock.now)
    checkout_snapshot_record(
        checkout_token="c-1", email=EMAIL, user_id="42", channel_slug="", lines=[], now=clock.now
    )
    stored = _everything_stored()
    assert EMAIL in stored and ADDRESS["phone"] in stored and ADDRESS["city"] in stored

    inbound_record(type="customer_deleted", occurred_at=clock.now, email=EMAIL, user_id="42")
    inbound_apply_pending(now=clock.advance(minutes=1))

    stored = _everything_stored()
    for personal in (EMAIL, ADDRESS["phone"], ADDRESS["city"], ADDRESS["last_name"]):
        assert personal not in stored
    assert not CheckoutSnapshot.objects.exists()
    assert InboundEvent.objects.filter(type="customer_deleted", processed_at__isnull=False).exists()


def test_erasing_a_customer_clears_their_line_friend_enrolments_that_ended_before_they_linked(
    clock, line_api
):
    hana_on_line = "U" + "a" * 32
    line_api.profiles[hana_on_line] = "はなちゃん"
    make_scenario(slug="line-welcome", trigger="line_friend_added", delays=(0,)).steps.update(
        channel="line"
    )
    InboundEvent.objects.create(
        type="line_followed",
        occurred_at=clock.now,
        line_user_id=hana_on_line,
        channel_slug="default-channel",
        external_id="01HF",
    )
    inbound_apply_pending(now=clock.now)
    dispatch_due(now=clock.advance(minutes=1))  # the welcome is sent: the enrolment completes
    line_link(line_user_id=hana_on_line, user_id="42", email=EMAIL, now=clock.advance(days=1))
    stored = _everything_stored()
    assert hana_on_line in stored and "はなちゃん" in stored

    inbound_record(type="customer_deleted", occurred_at=clock.now, email=EMAIL, user_id="42")
    inbound_apply_pending(now=clock.advance(minutes=1))

    friend = LineUser.objects.get()  # LINE's friend, no longer anyone's: no name, no link
    assert (friend.display_name, friend.user_id, friend.email) == ("", "", "")
    friend.delete()
    stored = _everything_stored()
    assert hana_on_line not in stored and "はなちゃん" not in stored


def test_old_history_is_deleted_in_bounded_batches_and_recent_history_stays(clock):
    old, recent = clock.now - timedelta(days=401), clock.now - timedelta(days=399)
    for index, at in enumerate([old, old, old, recent]):
        InboundEvent.objects.create(type="subscribed", occurred_at=at, processed_at=at)
        CheckoutSnapshot.objects.create(checkout_token=f"c-{index}", changed_at=at)
    waiting = InboundEvent.objects.create(type="subscribed", occurred_at=old)
    ConfirmationMail.objects.create(mailbox_hash="a", sent_at=clock.now - timedelta(days=8))
    ConfirmationMail.objects.create(mailbox_hash="b", sent_at=clock.now - timedelta(days=6))

    first = records_expire(now=clock.now, batch=2)
    second = records_expire(now=clock.now, batch=2)

    assert first == {"inbound_events": 2, "checkout_snapshots": 2, "confirmation_mails": 1}
    assert second == {"inbound_events": 1, "checkout_snapshots": 1}
    assert set(InboundEvent.objects.values_list("occurred_at", flat=True)) == {recent, old}
    assert InboundEvent.objects.filter(pk=waiting.pk).exists()  # not applied yet: kept
    assert list(ConfirmationMail.objects.values_list("mailbox_hash", flat=True)) == ["b"]


def test_exported_direct_mail_rows_are_deleted_after_the_retention_days(clock):
    make_scenario(slug="paper", delays=(0,)).steps.update(channel="dm_export")
    _order_with_address(clock)
    dispatch_due(now=clock.advance(minutes=1))
    direct_mail_export(now=clock.now)

    with override_settings(STEPMAIL={"retention_days": 30}):
        kept = records_expire(now=clock.now + timedelta(days=29))
        deleted = records_expire(now=clock.now + timedelta(days=31))

    assert "direct_mail_rows" not in kept
    assert deleted["direct_mail_rows"] == 1
    assert not DirectMailRow.objects.exists()


def test_a_repeat_buyer_condition_still_counts_orders_applied_before_the_retention_days(
    clock, outbox
):
    """Standalone, the applied order events are the customer's order history."""
    scenario = make_scenario(slug="thanks-again", trigger="order_created", delays=(3,))
    scenario.steps.update(conditions=[{"fact": "customer.orders_count", "op": "gte", "value": 2}])
    for order_id in ("o-1", "o-2"):
        inbound_record(type="order_created", occurred_at=clock.now, order_id=order_id, email=EMAIL)
        inbound_apply_pending(now=clock.advance(hours=1))

    with override_settings(STEPMAIL={"retention_days": 1}):
        records_expire(now=clock.advance(days=2))
    dispatch_due(now=clock.advance(days=2))

    assert [m.to for m in outbox] == [[EMAIL]]  # due after the second order: two orders
    assert InboundEvent.objects.filter(type="order_created").count() == 2


def test_an_order_after_the_retention_days_is_not_taken_for_the_customers_first(clock):
    make_scenario(slug="welcome-buyer", trigger="first_order", delays=(0,))
    inbound_record(type="order_created", occurred_at=clock.now, order_id="o-1", email=EMAIL)
    inbound_apply_pending(now=clock.advance(minutes=1))
    inbound_record(type="subscribed", occurred_at=clock.now, email=EMAIL)
    inbound_apply_pending(now=clock.advance(minutes=1))

    with override_settings(STEPMAIL={"retention_days": 1}):
        deleted = records_expire(now=clock.advance(days=2))
    inbound_record(type="order_created", occurred_at=clock.now, order_id="o-2", email=EMAIL)
    inbound_apply_pending(now=clock.advance(minutes=1))

    assert deleted == {"inbound_events": 1}  # the subscription: nothing reads it back
    assert list(models.Enrollment.objects.values_list("source_order_id", flat=True)) == ["o-1"]


def test_retention_days_zero_keeps_history(clock):
    at = clock.now - timedelta(days=4000)
    InboundEvent.objects.create(type="order_created", occurred_at=at, processed_at=at)

    with override_settings(STEPMAIL={"retention_days": 0}):
        assert records_expire(now=clock.now) == {}

    assert InboundEvent.objects.exists()
