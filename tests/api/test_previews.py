"""The preview of an enrolment is the message dispatch sends for it, preset by preset."""

import re

import pytest
from django.test import override_settings

from saleor_stepmail.api.previews import step_preview
from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import scenario_enroll
from saleor_stepmail.engine.events import Event
from saleor_stepmail.models import CallTask, Delivery, LineUser
from saleor_stepmail.presets import PRESETS, scenario_create_from_preset

from ..conftest import PUBLIC_URL
from ..line_double import LINE_SECRET, LINE_TOKEN, start_line_double
from ..test_presets import COMPLETE_CONTEXT

pytestmark = pytest.mark.django_db

LINE_USER = "U" + "0123456789" * 3 + "ab"
# What the engine adds to a message's context itself; the rest is what the trigger recorded.
ENGINE_ADDS = ("scenario", "step", "channel", "unsubscribe_url", "voucher")
TOKEN = re.compile(r"/u/[^/\s\"'<>]+/")


@pytest.fixture
def shop(clock):
    """Links in mail (unsubscribe) without click tracking, so HTML compares as rendered, and
    the LINE double for LINE steps."""
    double, server = start_line_double()
    stepmail = {
        "public_url": PUBLIC_URL,
        "integration": "tests.factories.NoTracking",
        "line_api_url": double.url,
        "line_channel_access_token": LINE_TOKEN,
        "line_channel_secret": LINE_SECRET,
    }
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL=stepmail):
        yield double
    integration_module.current_integration.cache_clear()
    server.shutdown()
    server.server_close()


def _tokens_aside(text: str) -> str:
    """The unsubscribe link's signed token differs between a preview and a send."""
    return TOKEN.sub("/u/TOKEN/", text)


def _sent(delivery: Delivery, outbox, line) -> tuple[str, str, str]:
    """(subject, text, html) of what went out for `delivery`: a mail, or a LINE push's text."""
    if delivery.step.channel == "line":
        (push,) = line.delivered[-1:]
        return "", push.body["messages"][0]["text"], ""
    mail = outbox[-1]
    html = dict((kind, body) for body, kind in mail.alternatives).get("text/html", "")
    return mail.subject, mail.body, html


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_preview_of_an_enrolment_is_the_message_dispatch_sends(
    preset, language, clock, outbox, shop
):
    scenario = scenario_create_from_preset(preset=preset, language=language, activate=True)
    LineUser.objects.create(line_user_id=LINE_USER, email="hana@example.com", followed_at=clock.now)
    context = {k: v for k, v in COMPLETE_CONTEXT.items() if k not in ENGINE_ADDS}
    enrollment, _ = scenario_enroll(
        scenario,
        Event(
            type="order_created",
            occurred_at=clock.now,
            email="hana@example.com",
            line_user_id=LINE_USER,
            order_id="order-1",
            channel_slug="default-channel",
            context=context,
        ),
    )

    deliveries = enrollment.deliveries.select_related("step").order_by("step__position")
    assert deliveries
    for delivery in deliveries:
        preview = step_preview(step=delivery.step, email="hana@example.com").message
        assert dispatch_due(now=delivery.due_at)["sent"] == 1, delivery.step.name

        if delivery.step.channel == "call_task":
            # The call list's note for staff: the subject, then the text.
            note = CallTask.objects.get(delivery=delivery).note
            assert _tokens_aside(note) == _tokens_aside(f"{preview.subject}\n\n{preview.text}")
            continue
        subject, text, html = _sent(delivery, outbox, shop)
        if delivery.step.channel == "line":
            assert text == preview.text.strip()
            continue
        assert subject == preview.subject
        assert _tokens_aside(text) == _tokens_aside(preview.text)
        assert _tokens_aside(html) == _tokens_aside(preview.html)
