from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from anymail.exceptions import AnymailAPIError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.goals import ShopSign
from saleor_stepmail.engine.suppression import suppression_add
from saleor_stepmail.models import Delivery, Enrollment, Step

from ..factories import make_scenario, order_created, order_event

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """An email backend whose provider is down."""

    def send_messages(self, messages):
        raise AnymailAPIError("503 Service Unavailable")


@pytest.fixture
def shop_integration():
    """Swap the host integration for one whose answers a test sets."""

    class ShopIntegration(integration_module.Integration):
        sign = None  # what the shop's data shows of every enrolment (engine/goals.py ShopSign)
        vouchers_issued = 0

        def voucher_for(self, delivery):
            self.vouchers_issued += 1
            return {"code": f"THANKS-{delivery.pk}"}

        def goal_signs(self, enrollments, *, wanted):
            return {e.pk: {self.sign} for e in enrollments} if self.sign else {}

        def template_context(self, enrollment):
            return {"customer": {"first_name": "花子"}, "shop": {"name": "茶舗"}}

    shop = ShopIntegration()
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"integration": "tests.engine.test_dispatch.INSTANCE"}):
        globals()["INSTANCE"] = lambda: shop
        yield shop
    integration_module.current_integration.cache_clear()


def test_only_due_mails_go_out_and_each_exactly_once(clock, outbox):
    make_scenario(delays=(0, 3, 7))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))
    dispatch_due(now=clock.now)
    assert len(outbox) == 1

    dispatch_due(now=clock.advance(days=3))
    assert len(outbox) == 2
    assert Delivery.objects.filter(state="sent").count() == 2


def test_finished_scenario_marks_the_enrolment_completed(clock, outbox):
    make_scenario(delays=(0, 1))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(days=2))

    assert Enrollment.objects.get().state == "completed"


def test_mail_carries_idempotency_key_message_id_and_delivery_metadata(clock, outbox):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    delivery = Delivery.objects.get()
    message = outbox[0]
    assert message.extra_headers["X-Stepmail-Idempotency-Key"] == str(delivery.idempotency_key)
    assert str(delivery.idempotency_key) in message.extra_headers["Message-ID"]
    assert message.metadata["stepmail_delivery"] == str(delivery.pk)
    assert delivery.provider_message_id
    assert delivery.events.get().type == "sent"


def test_mail_is_dated_by_the_dispatchers_clock(clock, outbox):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=5))

    assert parsedate_to_datetime(outbox[0].message()["Date"]) == clock.now


def test_japanese_text_renders_in_subject_html_and_text(clock, outbox, shop_integration):
    make_scenario(delays=(0,), subject="{{ customer.first_name }}様、{{ shop.name }}です")
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    message = outbox[0]
    assert message.subject == "花子様、茶舗です"
    assert "Hello 花子" in message.body
    assert "Hello 花子" in message.alternatives[0][0]
    assert "花子".encode() in message.message().as_bytes() or "=?utf-8?" in str(message.message())


def test_goal_reached_in_shop_data_cancels_the_send_even_without_an_event(
    clock, outbox, shop_integration
):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order", delays=(0, 3))
    record_event(order_created(clock.now, paid=False))
    shop_integration.sign = ShopSign.SOURCE_ORDER_PAID

    dispatch_due(now=clock.now)

    assert outbox == []
    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "paid")
    assert set(Delivery.objects.values_list("state", flat=True)) == {"cancelled"}


def test_payment_recorded_before_the_send_stops_it(clock, outbox):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order", delays=(0, 3, 5, 7))
    record_event(order_created(clock.now, paid=False))
    dispatch_due(now=clock.now)

    record_event(order_event("order_fully_paid", clock.advance(days=4)))
    dispatch_due(now=clock.advance(days=10))

    assert len(outbox) == 1


def test_suppressed_address_gets_nothing_and_leaves_as_unsubscribed(clock, outbox):
    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    suppression_add(email="hana@example.com", reason="unsubscribed")

    dispatch_due(now=clock.now)

    assert outbox == []
    assert Enrollment.objects.get().state == "unsubscribed"


def test_failed_condition_skips_the_step_with_the_reason(clock, outbox):
    scenario = make_scenario(delays=(0, 1))
    Step.objects.filter(scenario=scenario, position=0).update(
        conditions=[{"fact": "order.total.amount", "op": "gte", "value": 5000}]
    )
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(days=1))

    skipped = Delivery.objects.get(step__position=0)
    assert skipped.state == "skipped"
    assert "order.total.amount gte 5000" in skipped.reason
    assert len(outbox) == 1


def test_broken_template_skips_that_mail_and_the_batch_goes_on(clock, outbox):
    scenario = make_scenario(slug="broken", delays=(0,))
    Step.objects.filter(scenario=scenario).update(html_template="<p>{% if %}</p>")
    make_scenario(slug="fine", delays=(0,))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.now)

    broken = Delivery.objects.get(enrollment__scenario__slug="broken")
    assert broken.state == "skipped"
    assert broken.reason.startswith("html template (line 1)")
    assert len(outbox) == 1


def test_invalid_address_is_skipped_with_a_clear_reason(clock, outbox):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now, email="not an address@@"))

    dispatch_due(now=clock.now)

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert delivery.reason == "invalid email address 'not an address@@'"


@override_settings(
    EMAIL_BACKEND="tests.engine.test_dispatch.FailingBackend",
    STEPMAIL={"max_attempts": 3, "retry_base_seconds": 60},
)
def test_provider_outage_retries_with_exponential_backoff_then_fails(clock):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now))
    delivery = Delivery.objects.get()

    waits = []
    for _ in range(3):
        dispatch_due(now=clock.now)
        delivery.refresh_from_db()
        if delivery.state != "scheduled":
            break
        waits.append(delivery.available_at - clock.now)
        clock.now = delivery.available_at

    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]
    assert delivery.state == "failed"
    assert "503 Service Unavailable" in delivery.reason
    assert "gave up after 3 attempts" in delivery.reason


def test_claimed_delivery_is_not_taken_again_before_its_lease_ends(clock, outbox):
    from saleor_stepmail.engine.claim import claim_due_deliveries

    make_scenario(delays=(0,))
    record_event(order_created(clock.now))
    _, first = claim_due_deliveries(now=clock.now, limit=10)

    assert claim_due_deliveries(now=clock.advance(seconds=299), limit=10)[1] == []
    _, again = claim_due_deliveries(now=clock.advance(seconds=2), limit=10)
    assert [d.pk for d in again] == [d.pk for d in first]


def test_a_worker_whose_lease_ran_out_sends_nothing_another_worker_has_claimed_since(clock, outbox):
    from saleor_stepmail.engine.claim import claim_due_deliveries
    from saleor_stepmail.engine.dispatch import send_chunk
    from saleor_stepmail.engine.integration import current_integration
    from saleor_stepmail.engine.sending import SendPool

    make_scenario(delays=(0,))
    record_event(order_created(clock.now))
    stale_token, stale = claim_due_deliveries(now=clock.now, limit=10)
    new_token, _ = claim_due_deliveries(now=clock.advance(seconds=301), limit=10)

    pool = SendPool(size=2, timeout=5)
    try:
        outcomes = send_chunk(
            tuple(stale),
            token=stale_token,
            now=clock.now,
            suppressed=set(),
            integration=current_integration(),
            pool=pool,
        )
    finally:
        pool.close()

    assert outbox == []
    assert outcomes == {"lost_claim": 1}
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.claim_token) == ("claimed", new_token)


def test_a_voucher_is_issued_once_and_only_for_a_mail_that_shows_it(
    clock, outbox, shop_integration
):
    scenario = make_scenario(delays=(0, 1, 2))
    steps = Step.objects.filter(scenario=scenario)
    steps.filter(position=0).update(
        text_template="{% if voucher.code %}{{ voucher.code }}{% endif %}"
    )
    steps.filter(position=1).update(
        text_template="{{ voucher.code }}",
        conditions=[{"fact": "order.total.amount", "op": "gte", "value": 5000}],
    )
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(days=2))

    first = Delivery.objects.get(step__position=0)
    assert f"THANKS-{first.pk}" in outbox[0].body
    assert shop_integration.vouchers_issued == 1  # not for the skipped step nor the plain one


def test_a_step_deleted_between_claim_and_loading_it_leaves_the_rest_of_the_batch_going(
    clock, outbox
):
    from django.db import connection

    make_scenario(slug="deleted", delays=(0,))
    make_scenario(slug="kept", delays=(0,))
    record_event(order_created(clock.now))
    doomed = Step.objects.get(scenario__slug="deleted")
    deleted = []

    def delete_before_steps_load(execute, sql, params, many, context):
        # The operator's delete lands right after the claim committed, before its steps load.
        if not deleted and 'FROM "saleor_stepmail_step"' in sql:
            deleted.append(doomed.pk)
            Step.objects.filter(pk=doomed.pk).delete()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(delete_before_steps_load):
        outcomes = dispatch_due(now=clock.now)

    assert deleted
    assert [m.subject for m in outbox] == ["Step 0 for Hana"]
    assert outcomes["sent"] == 1
    assert list(Delivery.objects.values_list("step__scenario__slug", "state")) == [("kept", "sent")]
