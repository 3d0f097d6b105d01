"""The registry of channels: what a chunk loads for a channel, and a kind without a channel."""

import pytest

from saleor_stepmail.engine.channels import CHANNELS
from saleor_stepmail.engine.channels.base import Channel, Outgoing, Receipt
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, LineUser

from ...factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

LINE_USER = "U" + "0123456789" * 3 + "ab"


class Recorded(Channel):
    """Sends nothing: keeps the context each message was built from."""

    kind = "recorded"
    transactional = True

    def __init__(self) -> None:
        self.contexts: list[dict] = []

    def build_payload(self, outgoing: Outgoing) -> dict:
        self.contexts.append(outgoing.context)
        return {}

    def transmit(self, payload: dict) -> dict:
        return payload

    def parse_result(self, payload: dict, result: dict) -> Receipt:
        return Receipt(provider_id="recorded")


@pytest.mark.parametrize("needs_line_recipients", [True, False])
def test_a_chunk_loads_the_customers_line_users_when_its_channel_needs_them(
    clock, monkeypatch, needs_line_recipients
):
    channel = Recorded()
    channel.needs_line_recipients = needs_line_recipients
    monkeypatch.setitem(CHANNELS, channel.kind, channel)
    LineUser.objects.create(
        line_user_id=LINE_USER, user_id="7", email="hana@example.com", linked_at=clock.now
    )
    make_scenario(delays=(0,)).steps.update(channel=channel.kind)
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    assert Delivery.objects.get().state == "sent"
    [context] = channel.contexts
    assert context.get("line_user_id") == (LINE_USER if needs_line_recipients else None)


def test_a_step_whose_channel_is_not_registered_is_skipped_with_the_reason(clock):
    make_scenario(delays=(0,)).steps.update(channel="fax")
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == (
        "skipped",
        "no channel 'fax' is registered (engine/channels); choose another channel",
    )
