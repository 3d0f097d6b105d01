"""Retention inside Saleor: Saleor's orders are the order history, so the plugin's applied
order events go after `retention_days`; a registration is read back, so it stays."""

import uuid
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone
from saleor.account.models import User

from saleor_stepmail.engine.erasure import records_expire
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.models import Enrollment, InboundEvent, Scenario, Step


def test_a_registration_recorded_again_after_the_retention_days_enrols_no_second_time(
    stepmail_plugin, channel_USD
):
    welcome = Scenario.objects.create(
        slug="welcome", name="Welcome", trigger="customer_created", status="active"
    )
    Step.objects.create(scenario=welcome, position=0, subject_template="Welcome")
    user = User.objects.create(email="walk.in@example.com", is_confirmed=True)
    now = timezone.now()
    inbound_apply_pending(now=now + timedelta(seconds=1))
    gone = str(uuid.uuid4())  # an order Saleor no longer has
    inbound_record(type="order_created", occurred_at=now, order_id=gone, email=user.email)
    inbound_apply_pending(now=now + timedelta(seconds=2))
    Enrollment.objects.update(state="completed", ended_at=now)  # it may enrol again

    with override_settings(STEPMAIL={"retention_days": 1}):
        deleted = records_expire(now=now + timedelta(days=2))
    # Saleor records the registration again (a confirmation requested once more).
    inbound_record(
        type="customer_created",
        occurred_at=now + timedelta(days=2),
        user_id=str(user.pk),
        email=user.email,
        channel_slug=channel_USD.slug,
    )
    inbound_apply_pending(now=now + timedelta(days=2, seconds=1))

    assert deleted == {"inbound_events": 1}  # the order event: Saleor's order answers
    assert not InboundEvent.objects.filter(type="order_created").exists()
    assert Enrollment.objects.count() == 1
