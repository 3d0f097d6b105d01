"""LINE steps against the LINE Messaging API double on 127.0.0.1 (tests/line_double.py)."""

import socket
import threading
import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from saleor_stepmail.engine.channels.base import Outgoing
from saleor_stepmail.engine.channels.line import LineChannel, retry_key
from saleor_stepmail.engine.channels.line_api import LineUnreachable, line_request
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.render import RenderedMessage
from saleor_stepmail.engine.tokens import click_token_read
from saleor_stepmail.models import Delivery, DeliveryEvent, LineUser

from ...factories import make_scenario, order_created
from ...line_double import LINE_TOKEN as TOKEN

pytestmark = pytest.mark.django_db

LINE_USER = "U" + "4af4980629" * 3 + "ab"
PUBLIC_URL = "https://api.shop.example/plugins/stepmail"
TEXT = "{{ customer.first_name }}さん、ご注文 {{ order.number }} ありがとうございます。"


@pytest.fixture
def linked(clock):
    return LineUser.objects.create(
        line_user_id=LINE_USER,
        user_id="7",
        email="hana@example.com",
        linked_at=clock.now,
        followed_at=clock.now,
    )


def line_scenario(**channel_config):
    scenario = make_scenario(slug="line-thanks", delays=(0,), subject="Thank you")
    scenario.steps.update(channel="line", text_template=TEXT, channel_config=channel_config)
    return scenario


def test_line_step_pushes_the_text_with_a_retry_key_from_the_idempotency_key(
    clock, line_api, linked
):
    line_scenario()
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    push = line_api.delivered[0]
    delivery = Delivery.objects.get()
    assert push.body == {
        "to": LINE_USER,
        "messages": [{"type": "text", "text": "Hanaさん、ご注文 order-1 ありがとうございます。"}],
    }
    assert push.headers["Authorization"] == f"Bearer {TOKEN}"
    key = push.headers["X-Line-Retry-Key"]
    assert key == retry_key(delivery) == str(uuid.UUID(key))
    assert key != str(delivery.idempotency_key)
    assert (delivery.state, delivery.provider_message_id, delivery.reason) == (
        "sent",
        "4601",
        "HTTP 200",
    )
    assert DeliveryEvent.objects.get(delivery=delivery).type == "sent"


def test_too_many_requests_then_ok_is_retried_with_backoff_and_delivered_once(
    clock, line_api, linked
):
    line_scenario()
    line_api.answers.append((429, {"message": "You have reached your monthly limit."}))
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == (
        "scheduled",
        "LINE answered HTTP 429: You have reached your monthly limit.",
    )
    assert delivery.available_at == clock.now + timedelta(seconds=60)

    dispatch_due(now=clock.advance(minutes=2))

    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert len(line_api.pushes) == 2 and len(line_api.delivered) == 1
    assert {p.headers["X-Line-Retry-Key"] for p in line_api.pushes} == {retry_key(delivery)}


def test_server_error_is_retried_like_a_rate_limit(clock, line_api, linked):
    line_scenario()
    line_api.answers.append((500, {"message": "Internal error"}))
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    assert Delivery.objects.get().state == "scheduled"


def test_a_push_repeated_after_a_crash_is_answered_409_and_counted_as_sent_once(
    clock, line_api, linked
):
    line_scenario()
    record_event(order_created(clock.now, user_id="7"))
    delivery = Delivery.objects.select_related("enrollment", "step").get()
    # A worker pushed it and died before recording the send.
    LineChannel().send(
        Outgoing(
            delivery=delivery,
            message=RenderedMessage(subject="Thank you", html="", text="Hello"),
            sender="",
            context={"line": {"user_id": LINE_USER, "blocked": False}},
        )
    )

    dispatch_due(now=clock.advance(minutes=1))

    delivery.refresh_from_db()
    assert (delivery.state, delivery.reason) == ("sent", "LINE had already accepted it (409)")
    assert len(line_api.pushes) == 2 and len(line_api.delivered) == 1


def test_line_refusing_the_user_skips_the_step_with_lines_reason_sanitised(clock, line_api, linked):
    line_scenario()
    line_api.answers.append(
        (400, {"message": "Failed to send\x00 messages", "details": [{"message": "blocked"}]})
    )
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == (
        "skipped",
        "LINE refused the message (HTTP 400): Failed to send messages; blocked",
    )


def test_a_customer_who_blocked_the_account_is_skipped_without_a_push(clock, line_api, linked):
    line_scenario()
    LineUser.objects.filter(pk=linked.pk).update(blocked_at=clock.now)
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == (
        "skipped",
        "the customer blocked the shop's LINE account",
    )
    assert line_api.pushes == []


def test_a_customer_without_a_linked_line_user_is_skipped_with_that_reason(clock, line_api):
    line_scenario()
    record_event(order_created(clock.now, user_id="8"))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == ("skipped", "no LINE user linked to this customer")
    assert line_api.pushes == []


def test_image_and_buttons_follow_lines_message_objects_with_tracked_links(clock, line_api, linked):
    line_scenario(
        image_url="https://cdn.shop.example/sencha.jpg",
        buttons=[
            {"label": "ご注文を見る", "url": "https://shop.example/orders"},
            {"label": "Sencha", "url": "https://shop.example/p/sencha?ref=line"},
        ],
    )
    record_event(order_created(clock.now, user_id="7"))

    with override_settings(
        STEPMAIL={
            "line_api_url": line_api.url,
            "line_channel_access_token": TOKEN,
            "public_url": PUBLIC_URL,
        }
    ):
        dispatch_due(now=clock.advance(minutes=1))

    text, image, buttons = line_api.delivered[0].body["messages"]
    assert text["type"] == "text"
    assert image == {
        "type": "image",
        "originalContentUrl": "https://cdn.shop.example/sencha.jpg",
        "previewImageUrl": "https://cdn.shop.example/sencha.jpg",
    }
    assert buttons["type"] == "template" and buttons["altText"] == "Thank you"
    template = buttons["template"]
    assert (template["type"], template["text"]) == ("buttons", "Thank you")
    assert [(a["type"], a["label"]) for a in template["actions"]] == [
        ("uri", "ご注文を見る"),
        ("uri", "Sencha"),
    ]
    delivery = Delivery.objects.get()
    uri = template["actions"][1]["uri"]
    assert uri.startswith(PUBLIC_URL + "/t/c/")
    delivery_id, target = click_token_read(uri.rsplit("/", 2)[-2])
    query = parse_qs(urlsplit(target).query)
    assert delivery_id == delivery.pk
    assert query["ref"] == ["line"] and query["utm_medium"] == ["line"]
    assert query["utm_campaign"] == ["line-thanks"]


def test_line_steps_wait_for_the_send_window_as_mail_does(clock, line_api, linked):
    line_scenario()
    record_event(order_created(clock.now.replace(hour=23), user_id="7"))

    settings = {
        "line_api_url": line_api.url,
        "line_channel_access_token": TOKEN,
        "send_window": "09:00-21:00",
    }
    with override_settings(STEPMAIL=settings):
        dispatch_due(now=clock.now.replace(hour=23, minute=5))

    delivery = Delivery.objects.get()
    assert delivery.state == "scheduled" and delivery.reason.startswith("waits for the send")
    assert line_api.pushes == []


def test_a_channel_without_an_access_token_skips_with_what_to_set(clock, line_api, linked):
    line_scenario()
    record_event(order_created(clock.now, user_id="7"))

    with override_settings(STEPMAIL={"line_api_url": line_api.url}):
        dispatch_due(now=clock.advance(minutes=1))

    assert Delivery.objects.get().reason == (
        "LINE is not set up for channel 'default-channel': set its channel access token in the "
        "plugin configuration"
    )


def test_the_daily_cap_counts_per_line_user_for_friends_without_an_address(clock, line_api):
    scenario = make_scenario(
        slug="line-welcome", trigger="line_friend_added", goals=(), delays=(0, 0)
    )
    scenario.steps.update(channel="line", text_template="Welcome!")
    friends = ["U" + "1" * 32, "U" + "2" * 32]
    for friend in friends:
        record_event(
            Event(type="line_followed", occurred_at=clock.now, line_user_id=friend),
            now=clock.now,
        )
    settings = {
        "line_api_url": line_api.url,
        "line_channel_access_token": TOKEN,
        "max_mails_per_day": 1,
    }

    with override_settings(STEPMAIL=settings):
        dispatch_due(now=clock.advance(minutes=1))

    assert sorted(p.body["to"] for p in line_api.delivered) == friends
    assert sorted(Delivery.objects.values_list("state", flat=True)) == [
        "scheduled",
        "scheduled",
        "sent",
        "sent",
    ]


def test_a_line_api_that_answers_a_byte_at_a_time_is_cut_at_the_total_time():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def drip():
        connection, _ = listener.accept()
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stop.wait(0.2):  # a header line every 0.2 s, never the end of the headers
            connection.sendall(b"X-Drip: 1\r\n")
        connection.close()

    threading.Thread(target=drip, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(LineUnreachable, match="time is up"):
            line_request(
                "GET",
                "/v2/bot/profile/U1",
                api_url=f"http://127.0.0.1:{listener.getsockname()[1]}",
                timeout=1,
            )
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 3
