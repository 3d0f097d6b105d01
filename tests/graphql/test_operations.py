"""Operator actions: preview and test a step, backfill a scenario, end an enrolment by hand."""

from datetime import timedelta

import pytest

from saleor_stepmail import tasks
from saleor_stepmail.api.backfill import backfill_run
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.models import (
    BackfillJob,
    CallTask,
    Delivery,
    DirectMailRow,
    Enrollment,
    Step,
)
from tests.factories import make_scenario, order_created

from .conftest import gid, no_errors

pytestmark = pytest.mark.django_db

PREVIEW = """
mutation($id: ID!, $orderId: String, $email: String, $variant: ID) {
  stepmailStepPreview(id: $id, orderId: $orderId, email: $email, variant: $variant) {
    preview { subject html text sample }
    errors { field message code }
  }
}
"""
SEND_TEST = """
mutation($id: ID!, $to: String!, $orderId: String, $email: String) {
  stepmailStepSendTest(id: $id, to: $to, orderId: $orderId, email: $email) {
    preview { subject } errors { field message code }
  }
}
"""
BACKFILL = """
mutation($scenario: ID!, $since: DateTime!) {
  stepmailBackfillStart(scenario: $scenario, since: $since) {
    job { id state since total processed enrolled }
    errors { field message code }
  }
}
"""
JOB = "query($id: ID!) { stepmailBackfillJob(id: $id) { state total processed enrolled } }"
EXIT = """
mutation($id: ID!) {
  stepmailEnrollmentExit(id: $id) { enrollment { state exitReason } errors { message code } }
}
"""


def test_preview_without_a_customer_renders_sample_data(api):
    step = make_scenario(delays=(0,)).steps.get()

    result = no_errors(
        api(PREVIEW, {"id": gid("StepmailStep", step.pk)}, token="designer"), "stepmailStepPreview"
    )

    assert result["preview"] == {
        "subject": "Step 0 for Hana",
        "html": "<p>Hello Hana, order 1001.</p>",
        "text": "Hello Hana, order 1001.",
        "sample": True,
    }


def test_preview_for_an_order_uses_its_enrolment(api, clock):
    scenario = make_scenario(delays=(0,), variants=(("B", 1),))
    record_event(order_created(clock.now, order_id="A-77"), now=clock.now)
    step = scenario.steps.get()

    result = no_errors(
        api(
            PREVIEW,
            {
                "id": gid("StepmailStep", step.pk),
                "orderId": "A-77",
                "variant": gid("StepmailVariant", step.variants.get().pk),
            },
            token="operator",
        ),
        "stepmailStepPreview",
    )

    assert result["preview"]["sample"] is False
    assert result["preview"]["subject"] == "[B] Step 0 for Hana"
    assert result["preview"]["text"] == "Hello Hana, order A-77."


CUSTOMER_DATA_DENIED = (
    "rendering a customer's enrolment needs MANAGE_ORDERS; leave out orderId and email to "
    "preview with sample data"
)


@pytest.mark.parametrize(
    ("mutation", "extra"), [(PREVIEW, {}), (SEND_TEST, {"to": "me@shop.test"})]
)
@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "hana@example.com"), ("email", "nobody@example.com"), ("orderId", "A-77")],
)
def test_manage_plugins_alone_previews_and_tests_with_sample_data_only(
    api, clock, outbox, mutation, extra, field, value
):
    """Whether the address is enrolled or not, the answer is the same refusal."""
    scenario = make_scenario(delays=(0,))
    record_event(order_created(clock.now, order_id="A-77"), now=clock.now)
    variables = {"id": gid("StepmailStep", scenario.steps.get().pk), field: value, **extra}

    payload = api(mutation, variables, token="designer")["data"]

    (result,) = payload.values()
    assert result == {
        "preview": None,
        "errors": [{"field": field, "message": CUSTOMER_DATA_DENIED, "code": "PERMISSION_DENIED"}],
    }
    assert outbox == []


def test_a_test_mail_with_a_customers_data_needs_manage_orders_too(api, clock, outbox):
    scenario = make_scenario(delays=(0,))
    record_event(order_created(clock.now, order_id="A-77"), now=clock.now)
    variables = {"id": gid("StepmailStep", scenario.steps.get().pk), "to": "me@shop.test"}

    result = no_errors(
        api(SEND_TEST, {**variables, "orderId": "A-77"}, token="operator"), "stepmailStepSendTest"
    )

    assert result["preview"]["subject"] == "[TEST] Step 0 for Hana"
    assert "order A-77" in outbox[0].body


def test_preview_reports_a_template_that_fails_on_the_data(api):
    scenario = make_scenario(
        delays=(0,), subject="{{ order.number|date:'Y' }}{{ x|add:y|slice:'z' }}"
    )
    step = scenario.steps.get()

    result = api(PREVIEW, {"id": gid("StepmailStep", step.pk)}, token="designer")

    error = result["data"]["stepmailStepPreview"]["errors"][0]
    assert error["code"] == "INVALID_TEMPLATE"
    assert error["message"].startswith("subject template")


def test_a_test_mail_goes_to_the_address_and_is_not_recorded(api, outbox):
    step = make_scenario(delays=(0,)).steps.get()

    result = no_errors(
        api(
            SEND_TEST, {"id": gid("StepmailStep", step.pk), "to": "me@shop.test"}, token="designer"
        ),
        "stepmailStepSendTest",
    )

    assert result["preview"]["subject"] == "[TEST] Step 0 for Hana"
    assert [m.to for m in outbox] == [["me@shop.test"]]
    assert not Delivery.objects.exists() and not Enrollment.objects.exists()


def test_a_test_mail_to_an_invalid_address_is_refused(api, outbox):
    step = make_scenario(delays=(0,)).steps.get()

    result = api(
        SEND_TEST, {"id": gid("StepmailStep", step.pk), "to": "not-an-address"}, token="designer"
    )

    assert result["data"]["stepmailStepSendTest"]["errors"] == [
        {
            "field": "to",
            "message": "'not-an-address' is not a valid email address",
            "code": "INVALID",
        }
    ]
    assert outbox == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"channel": "call_task"},
            "a call_task step cannot be test-sent: it would put a call task in the staff's list",
        ),
        (
            {"channel": "dm_export"},
            "a dm_export step cannot be test-sent: it would queue an address for the printer",
        ),
        (
            {
                "channel": "webhook",
                "channel_config": {"url": "https://relay.example.com/", "secret": "s" * 16},
            },
            "a webhook step cannot be test-sent: its receiver cannot tell a test from a real",
        ),
        ({"action": "end"}, "END steps send no message, so there is nothing to test"),
    ],
)
def test_a_test_send_of_a_step_that_would_act_for_real_is_refused(api, outbox, change, message):
    step = make_scenario(delays=(0,)).steps.get()
    Step.objects.filter(pk=step.pk).update(**change)

    result = api(
        SEND_TEST, {"id": gid("StepmailStep", step.pk), "to": "me@shop.test"}, token="designer"
    )["data"]["stepmailStepSendTest"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("id", "INVALID")]
    assert result["errors"][0]["message"].startswith(message)
    assert outbox == []
    assert not CallTask.objects.exists() and not DirectMailRow.objects.exists()


@pytest.fixture
def queued(monkeypatch):
    jobs = []
    monkeypatch.setattr(tasks.backfill, "delay", jobs.append)
    return jobs


def test_a_backfill_is_queued_after_commit_and_enrols_past_triggers(
    api, clock, queued, django_capture_on_commit_callbacks
):
    scenario = make_scenario(delays=(0, 3, 7))
    # Two first orders recorded by the hooks five days ago, and one older than `since`.
    for days, order, email in (
        (5, "o-1", "a@example.com"),
        (5, "o-2", "b@example.com"),
        (40, "o-0", "c@example.com"),
    ):
        inbound_record(
            type="order_created",
            occurred_at=clock.now - timedelta(days=days),
            order_id=order,
            email=email,
        )
    since = (clock.now - timedelta(days=30)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        started = no_errors(
            api(
                BACKFILL,
                {"scenario": gid("StepmailScenario", scenario.pk), "since": since},
                token="designer",
            ),
            "stepmailBackfillStart",
        )
    job = BackfillJob.objects.get()
    assert started["job"]["state"] == "QUEUED"
    assert queued == [job.pk]

    backfill_run(job_id=job.pk, now=clock.now)
    polled = api(JOB, {"id": started["job"]["id"]}, token="support")["data"]["stepmailBackfillJob"]

    assert polled == {"state": "DONE", "total": 2, "processed": 2, "enrolled": 2}
    # Day 0 and day 3 were due before the backfill: skipped, not sent in a burst; day 7 waits.
    states = sorted(Delivery.objects.values_list("step__position", "state"))
    assert states == [
        (0, "skipped"),
        (0, "skipped"),
        (1, "skipped"),
        (1, "skipped"),
        (2, "scheduled"),
        (2, "scheduled"),
    ]


@pytest.mark.parametrize(
    ("since_days_ago", "status", "message"),
    [
        (-1, "active", "since must be in the past"),
        (400, "active", "since may be at most 366 days ago"),
        (3, "paused", "activate the scenario before backfilling it"),
    ],
)
def test_a_backfill_with_bad_input_is_refused(api, clock, queued, since_days_ago, status, message):
    scenario = make_scenario(status=status)
    since = (clock.now - timedelta(days=since_days_ago)).isoformat()

    result = api(
        BACKFILL,
        {"scenario": gid("StepmailScenario", scenario.pk), "since": since},
        token="designer",
    )

    assert result["data"]["stepmailBackfillStart"]["errors"][0]["message"] == message
    assert not BackfillJob.objects.exists()


def test_one_backfill_at_a_time_per_scenario(api, clock, queued):
    scenario = make_scenario()
    variables = {
        "scenario": gid("StepmailScenario", scenario.pk),
        "since": (clock.now - timedelta(days=3)).isoformat(),
    }

    api(BACKFILL, variables, token="designer")
    second = api(BACKFILL, variables, token="designer")

    assert second["data"]["stepmailBackfillStart"]["errors"][0]["code"] == "UNIQUE"


def test_an_operator_ends_an_enrolment_by_hand(api, clock):
    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now), now=clock.now)
    enrollment = Enrollment.objects.get()
    enrollment_id = gid("StepmailEnrollment", enrollment.pk)

    ended = api(EXIT, {"id": enrollment_id}, token="support")["data"]["stepmailEnrollmentExit"]
    again = api(EXIT, {"id": enrollment_id}, token="support")["data"]["stepmailEnrollmentExit"]

    assert ended == {"enrollment": {"state": "EXITED", "exitReason": "manual"}, "errors": []}
    assert set(Delivery.objects.values_list("state", flat=True)) == {"cancelled"}
    assert again["errors"] == [
        {"message": "the enrolment has already ended (exited)", "code": "INVALID"}
    ]


def test_designers_without_manage_orders_cannot_end_enrolments(api, clock):
    make_scenario()
    record_event(order_created(clock.now), now=clock.now)

    result = api(
        EXIT, {"id": gid("StepmailEnrollment", Enrollment.objects.get().pk)}, token="designer"
    )

    assert result["data"]["stepmailEnrollmentExit"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Enrollment.objects.get().state == "active"
