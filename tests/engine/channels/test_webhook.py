"""Webhook steps against a real HTTP server on 127.0.0.1, started by the test.

The receiver is on the loopback address, which webhooks may reach only when
STEPMAIL["webhook_private_networks"] allows it: the `receiver` fixture does, unless a test
asks for the default with `private_networks_refused`.
"""

import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from saleor_stepmail.engine.channels.webhook import WebhookChannel
from saleor_stepmail.engine.channels.webhook_http import opener
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, DeliveryEvent, LineUser

from ...factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

SECRET = "line-bridge-secret-0123"
LINE_USER = "U" + "0123456789" * 3 + "ab"


class Receiver:
    """Answers each POST with the next (status, body) of `answers`, records what it got."""

    def __init__(self):
        self.answers: list[tuple[int, bytes] | tuple[int, bytes, dict]] = []
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status, answer, *headers = (
                    receiver.answers.pop(0) if receiver.answers else (200, b"ok")
                )
                self.send_response(status)
                for name, value in (headers[0] if headers else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"


@pytest.fixture
def private_networks_allowed(request):
    allowed = "private_networks_refused" not in request.fixturenames
    with override_settings(STEPMAIL={"webhook_private_networks": allowed}):
        yield allowed


@pytest.fixture
def private_networks_refused():
    """Marks a test that runs on the default: webhooks reach public addresses only."""


@pytest.fixture
def receiver(private_networks_allowed):
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def webhook_scenario(url: str):
    scenario = make_scenario(slug="line", delays=(0,))
    scenario.steps.update(channel="webhook", channel_config={"url": url, "secret": SECRET})
    return scenario


def test_webhook_posts_a_signed_payload_and_records_the_answer(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers.append((202, b'{"accepted": true}'))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    headers, body = receiver.received[0]
    signed = headers["X-Stepmail-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Stepmail-Signature"], expected)
    payload = json.loads(body)
    delivery = Delivery.objects.get()
    assert payload["idempotency_key"] == str(delivery.idempotency_key)
    assert payload["customer"] == {"email": "hana@example.com", "first_name": "Hana"}
    assert payload["message"]["text"] == "Hello Hana, order order-1."
    assert (delivery.state, delivery.reason) == ("sent", 'HTTP 202: {"accepted": true}')
    event = DeliveryEvent.objects.get(delivery=delivery)
    assert (event.type, event.metadata) == ("sent", {"response": 'HTTP 202: {"accepted": true}'})


def test_a_webhook_passes_on_the_line_user_linked_to_the_customer(clock, receiver):
    LineUser.objects.create(
        line_user_id=LINE_USER, user_id="7", linked_at=clock.now, followed_at=clock.now
    )
    webhook_scenario(receiver.url)
    record_event(order_created(clock.now, user_id="7"))

    dispatch_due(now=clock.advance(minutes=1))

    _, body = receiver.received[0]
    assert json.loads(body)["customer"]["line_user_id"] == LINE_USER


def test_webhook_server_error_is_retried_with_backoff_then_sent(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers.append((503, b"maintenance"))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == (
        "scheduled",
        "webhook answered HTTP 503: maintenance",
    )
    assert delivery.available_at == clock.now + timedelta(seconds=60)

    dispatch_due(now=clock.advance(minutes=2))
    assert Delivery.objects.get().state == "sent"
    assert len(receiver.received) == 2


def test_webhook_answering_500_then_200_is_one_send_with_one_idempotency_key(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers += [(500, b"internal error"), (200, b"ok")]
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))
    dispatch_due(now=clock.advance(minutes=1))
    dispatch_due(now=clock.advance(minutes=5))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.reason) == ("sent", 2, "HTTP 200: ok")
    assert list(DeliveryEvent.objects.values_list("delivery", "type")) == [(delivery.pk, "sent")]
    assert len(receiver.received) == 2
    keys = {headers["X-Stepmail-Idempotency-Key"] for headers, _ in receiver.received}
    assert keys == {str(delivery.idempotency_key)}
    assert {json.loads(body)["idempotency_key"] for _, body in receiver.received} == keys
    for headers, body in receiver.received:
        signed = headers["X-Stepmail-Timestamp"].encode() + b"." + body
        expected = "sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Stepmail-Signature"], expected)


def test_webhook_refusal_skips_the_delivery_with_the_answer(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers.append((400, b"unknown LINE user"))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert delivery.reason == "webhook refused the message: HTTP 400: unknown LINE user"


def test_unreachable_webhook_is_retried(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.server.shutdown()
    receiver.server.server_close()
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "scheduled"
    assert delivery.reason.startswith("webhook not reachable")


@pytest.fixture
def receiver_name(monkeypatch):
    """`receiver.test`, a name that resolves to 127.0.0.1 (as a shop's DNS could answer)."""
    resolve = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        return resolve("127.0.0.1" if host == "receiver.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "receiver.test"


def test_a_webhook_reaching_a_private_address_is_not_sent(
    clock, private_networks_refused, receiver, receiver_name
):
    webhook_scenario(f"http://{receiver_name}:{receiver.server.server_port}/hook")
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert "receiver.test resolves to a private or local address" in delivery.reason
    assert "webhook_private_networks" in delivery.reason
    assert receiver.received == []


def test_a_private_address_is_refused_alike_whether_its_port_is_open_or_closed(
    clock, private_networks_refused, receiver, receiver_name
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
    urls = [
        f"http://{receiver_name}:{port}/" for port in (receiver.server.server_port, closed_port)
    ]
    for slug, url in zip(("open", "closed"), urls, strict=True):
        scenario = make_scenario(slug=slug, delays=(0,))
        scenario.steps.update(channel="webhook", channel_config={"url": url, "secret": SECRET})
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    reasons = {d.enrollment.scenario.slug: (d.state, d.reason) for d in Delivery.objects.all()}
    assert reasons["open"] == reasons["closed"]
    assert reasons["open"][0] == "skipped"
    assert receiver.received == []


@pytest.mark.parametrize(
    "host",
    [
        "127.1",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "10.1",
        "[::7f00:1]",
        "[64:ff9b::7f00:1]",
        "[fec0::1]",
        "[2002:7f00:1::]",
        "[::ffff:169.254.169.254]",
    ],
)
def test_a_webhook_url_at_a_private_address_in_any_notation_is_refused_when_saved(host):
    problems = WebhookChannel().config_problems({"url": f"http://{host}/hook", "secret": SECRET})

    assert problems == [
        "channel_config.url points at a private or local address; set STEPMAIL "
        "webhook_private_networks to allow it"
    ]


@pytest.mark.parametrize("host", ["203.0.113.7.example", "8.8.8.8", "[2001:4860:4860::8888]"])
def test_a_webhook_url_at_a_public_address_or_a_name_is_accepted_when_saved(host):
    assert WebhookChannel().config_problems({"url": f"http://{host}/hook", "secret": SECRET}) == []


def test_a_proxy_in_the_environment_is_not_used(clock, receiver, monkeypatch):
    # A proxy would see (and could reach) any address in place of the checked one.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    opener.cache_clear()  # as in a worker started with the proxy set
    webhook_scenario(receiver.url)
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    assert Delivery.objects.get().state == "sent"
    assert len(receiver.received) == 1


def test_a_webhook_redirect_is_not_followed(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers.append((302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"}))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert delivery.reason.startswith(
        "webhook redirected (HTTP 302) to http://169.254.169.254/latest/meta-data/"
    )
    assert len(receiver.received) == 1


def test_webhook_step_without_a_secret_is_skipped_with_what_to_fix(clock):
    scenario = make_scenario(slug="line", delays=(0,))
    scenario.steps.update(channel="webhook", channel_config={"url": "http://127.0.0.1:9/"})
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert delivery.state == "skipped"
    assert "channel_config.secret must be a string" in delivery.reason


def test_webhook_answer_with_a_nul_byte_leaves_the_chunks_emails_sent_once(clock, receiver, outbox):
    # The webhook's answer is kept as its delivery's reason; Postgres text refuses NUL.
    make_scenario(slug="mail", delays=(0,))
    webhook_scenario(receiver.url)
    receiver.answers += [(200, b"accepted\x00")] * 3
    for n in range(3):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o-{n}"))

    for _ in range(6):  # past every lease expiry
        dispatch_due(now=clock.advance(minutes=10))

    assert sorted(m.to[0] for m in outbox) == [f"c{n}@example.com" for n in range(3)]
    assert len(receiver.received) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    for hook in Delivery.objects.filter(step__channel="webhook"):
        assert hook.reason == "HTTP 200: accepted"
        assert hook.events.get().metadata == {"response": "HTTP 200: accepted"}


@pytest.fixture
def dripping_receiver(private_networks_allowed):
    """Answers a status line, then one byte of its headers every 0.2 s, for a minute."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(300):
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(b"X")
                except OSError:
                    return

    threading.Thread(target=drip, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    stop.set()
    server.close()


def test_a_webhook_dripping_its_answer_is_cut_off_at_its_timeout_and_retried(
    clock, dripping_receiver
):
    scenario = webhook_scenario(dripping_receiver)
    scenario.steps.update(channel_config={"url": dripping_receiver, "secret": SECRET, "timeout": 1})
    record_event(order_created(clock.now))

    started = time.monotonic()
    dispatch_due(now=clock.advance(minutes=1))
    took = time.monotonic() - started

    assert took < 5  # one second in all, not one per byte
    delivery = Delivery.objects.get()
    assert delivery.state == "scheduled"
    assert delivery.reason == "webhook did not answer within 1s (its timeout)"


def test_a_webhook_answering_429_waits_its_retry_after_without_spending_an_attempt(clock, receiver):
    webhook_scenario(receiver.url)
    receiver.answers.append((429, b"slow down", {"Retry-After": "90"}))
    record_event(order_created(clock.now))

    dispatch_due(now=clock.advance(minutes=1))

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("scheduled", 0)
    assert delivery.available_at == clock.now + timedelta(seconds=90)
    assert dispatch_due(now=clock.now + timedelta(seconds=90))["sent"] == 1
