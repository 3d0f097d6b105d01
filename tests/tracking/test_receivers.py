import base64
import json
from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.test import RequestFactory, override_settings

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Suppression

pytestmark = pytest.mark.django_db


def _send(**fields) -> None:
    tracking.send(sender=object, event=AnymailTrackingEvent(**fields), esp_name="SendGrid")


def test_event_is_linked_to_our_delivery_by_its_metadata(sent_delivery, clock):
    _send(
        event_type="opened",
        timestamp=clock.now,
        event_id="ev-1",
        metadata={"stepmail_delivery": str(sent_delivery.pk)},
    )

    opened = DeliveryEvent.objects.get(type="opened")
    assert (opened.delivery_id, opened.occurred_at) == (sent_delivery.pk, clock.now)
    assert opened.provider_event_id == "SendGrid:ev-1"


def test_event_without_metadata_is_linked_by_the_provider_message_id(sent_delivery, clock):
    Delivery.objects.filter(pk=sent_delivery.pk).update(provider_message_id="sg-123")

    _send(event_type="clicked", message_id="sg-123", click_url="https://shop.example/")

    click = DeliveryEvent.objects.get(type="clicked")
    assert (
        click.delivery_id == sent_delivery.pk and click.metadata["url"] == "https://shop.example/"
    )


def test_a_webhook_delivered_twice_is_recorded_once(sent_delivery, clock):
    for _ in range(2):
        _send(event_type="delivered", event_id="ev-9", message_id=sent_delivery.provider_message_id)
        _send(
            event_type="opened", timestamp=clock.now, message_id=sent_delivery.provider_message_id
        )

    assert DeliveryEvent.objects.filter(type="delivered").count() == 1
    assert DeliveryEvent.objects.filter(type="opened").count() == 1


def test_events_we_do_not_track_and_mail_not_ours_are_ignored(sent_delivery):
    _send(event_type="queued", metadata={"stepmail_delivery": str(sent_delivery.pk)})
    _send(event_type="opened", message_id="someone-elses-mail")

    assert not DeliveryEvent.objects.exclude(type="sent").exists()


@pytest.mark.parametrize("event_type", ["bounced", "complained"])
def test_hard_bounce_and_complaint_stop_all_step_mail_to_the_address(
    event_type, sent_delivery, clock, outbox
):
    _send(
        event_type=event_type,
        mta_response="550 5.1.1 user unknown",
        metadata={"stepmail_delivery": str(sent_delivery.pk)},
    )

    assert Suppression.objects.get().reason == event_type
    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("unsubscribed", event_type)
    outbox.clear()
    dispatch_due(now=clock.advance(days=10))
    assert outbox == []


def test_temporary_bounce_suppresses_nothing(sent_delivery):
    _send(
        event_type="bounced",
        mta_response="421 4.7.0 try again later",
        metadata={"stepmail_delivery": str(sent_delivery.pk)},
    )

    assert DeliveryEvent.objects.filter(type="bounced").exists()
    assert not Suppression.objects.exists()
    assert Enrollment.objects.get().state == "active"


def test_postmark_bounce_webhook_reaches_us_through_anymail(sent_delivery, clock):
    Delivery.objects.filter(pk=sent_delivery.pk).update(provider_message_id="pm-uuid-1")
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "ID": 4242,
        "MessageID": "pm-uuid-1",
        "Email": "hana@example.com",
        "BouncedAt": (clock.now + timedelta(minutes=5)).isoformat(),
        "Details": "550 5.1.1 The email account does not exist",
        "Metadata": {},
    }
    auth = base64.b64encode(b"anymail:secret").decode()
    request = RequestFactory().post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )

    with override_settings(ANYMAIL={"WEBHOOK_SECRET": "anymail:secret"}):
        for _ in range(2):  # Postmark retries: recorded once
            assert PostmarkTrackingWebhookView.as_view()(request).status_code == 200

    bounce = DeliveryEvent.objects.get(type="bounced")
    assert bounce.provider_event_id == "Postmark:4242"
    assert Suppression.objects.get().reason == "bounced"
    assert Enrollment.objects.get().state == "unsubscribed"


def test_provider_event_text_with_nul_bytes_is_recorded_without_them(sent_delivery, clock):
    Delivery.objects.filter(pk=sent_delivery.pk).update(provider_message_id="sg-7")

    _send(
        event_type="bounced",
        timestamp=clock.now,
        event_id="ev\x00-3",
        message_id="sg-7\x00",
        click_url="https://shop.example/\x00",
        description="550 mailbox\x00 unavailable \udc80",
    )

    bounce = DeliveryEvent.objects.get(type="bounced")
    assert bounce.delivery_id == sent_delivery.pk
    assert bounce.provider_event_id == "SendGrid:ev-3"
    assert bounce.metadata == {
        "esp": "SendGrid",
        "url": "https://shop.example/",
        "description": "550 mailbox unavailable \ufffd",
    }
