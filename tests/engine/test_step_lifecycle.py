"""What happens to mail already planned when an operator deactivates or deletes a step."""

import pytest

from saleor_stepmail.api.steps import step_delete
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, Enrollment

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def test_deactivated_step_skips_its_planned_mail_and_the_enrolment_goes_on(clock, outbox):
    scenario = make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    scenario.steps.filter(position=0).update(is_active=False)

    dispatch_due(now=clock.advance(minutes=1))
    dispatch_due(now=clock.advance(days=3))

    assert [m.subject for m in outbox] == ["Step 1 for Hana"]
    skipped = Delivery.objects.get(step__position=0)
    assert (skipped.state, skipped.reason) == ("skipped", "step deactivated")
    assert Enrollment.objects.get().state == "completed"


def test_reactivated_step_sends_mail_not_yet_due(clock, outbox):
    scenario = make_scenario(delays=(3,))
    record_event(order_created(clock.now))
    scenario.steps.update(is_active=False)
    dispatch_due(now=clock.advance(days=1))
    scenario.steps.update(is_active=True)

    dispatch_due(now=clock.advance(days=2))

    assert len(outbox) == 1


def test_deleting_the_last_unsent_step_completes_the_running_enrolments(clock, outbox):
    scenario = make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.advance(minutes=1))

    step_delete(step=scenario.steps.get(position=1))

    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("completed", "all steps done")
    # Completed, so the customer may enter again on their next trigger.
    record_event(order_created(clock.advance(days=1), order_id="order-2"))
    assert Enrollment.objects.filter(state="active").count() == 1


def test_deleting_a_step_leaves_enrolments_with_other_planned_mail_running(clock, outbox):
    scenario = make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))

    step_delete(step=scenario.steps.get(position=0))

    assert Enrollment.objects.get().state == "active"
    dispatch_due(now=clock.advance(days=3))
    assert len(outbox) == 1
    assert Enrollment.objects.get().state == "completed"
