"""A signed JSON POST to the step's URL: LINE, SMS or a call-centre system on the other end.

The receiver checks `X-Stepmail-Signature: sha256=<hex>`, the HMAC-SHA256 with the step's
`channel_config["secret"]` of `<X-Stepmail-Timestamp>.<raw body>`, and refuses old timestamps
(replays). The idempotency key is in the body and the `X-Stepmail-Idempotency-Key` header, so
a POST repeated after a crash can be dropped. 5xx, time-outs and refused connections are
retried with the dispatcher's backoff, 429 after its Retry-After without spending an attempt;
other 4xx answers, and redirects, skip the delivery. The step's `timeout` bounds the whole
request, not each read: a receiver that drips its answer is cut off when it is up.

Unless STEPMAIL["webhook_private_networks"] allows it, a webhook reaches public addresses only:
every address the host resolves to is checked before connecting, and the connection goes to a
checked address (so a DNS answer cannot change in between); IP literals are read as the socket
reads them (`127.1` is 127.0.0.1); redirects are not followed; `http(s)_proxy` in the
environment is ignored. The answer's excerpt is kept and shown to staff, so a URL on the shop's
own network would otherwise read internal services.
"""

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlparse

from ...conf import stepmail_settings
from .base import (
    Channel,
    Outgoing,
    PermanentFailure,
    Receipt,
    Throttled,
    TransientFailure,
    retry_after,
)

DEFAULT_TIMEOUT_SECONDS = 10
MAX_TIMEOUT_SECONDS = 30
EXCERPT_CHARS = 200
SIGNATURE_HEADER = "X-Stepmail-Signature"
TIMESTAMP_HEADER = "X-Stepmail-Timestamp"
# Channel facts a receiver needs to reach the customer; the rest of the context stays here.
CUSTOMER_FACTS = ("email", "first_name", "last_name", "phone", "line_user_id")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _public(address: str) -> bool:
    """Whether an IP address is on the public internet.

    Not private, loopback, link-local, reserved (IPv4-compatible `::a.b.c.d` and NAT64
    `64:ff9b::/96` included), multicast or site-local (`fec0::/10`); an IPv6 address that
    carries an IPv4 one (`::ffff:a.b.c.d`, 6to4 `2002::/16`) is judged by the IPv4 address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return _public(str(embedded))
        if ip.is_site_local:
            return False
    return ip.is_global and not ip.is_reserved and not ip.is_multicast


def _ip_literal(host: str) -> str | None:
    """The address a host written as an IP literal stands for, read as the socket reads it:
    `127.1`, `2130706433`, `0x7f000001` and `0177.0.0.1` are all 127.0.0.1 (inet_aton)."""
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        pass
    try:
        return str(ipaddress.IPv6Address(host.split("%", 1)[0]))
    except ValueError:
        return None


def _private_literal(host: str) -> bool:
    """A host written as a non-public IP address, or localhost: refused without a DNS lookup."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = _ip_literal(host)
    return address is not None and not _public(address)


def config_problems(config: dict) -> list[str]:
    """What a webhook step's channel_config lacks; empty when it can be sent."""
    problems = []
    url = config.get("url")
    parts = urlparse(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        problems.append("channel_config.url must be an http(s) URL")
    elif _private_literal(parts.hostname) and not stepmail_settings().webhook_private_networks:
        problems.append(
            "channel_config.url points at a private or local address; set "
            "STEPMAIL webhook_private_networks to allow it"
        )
    if not isinstance(config.get("secret"), str) or len(config.get("secret", "")) < 16:
        problems.append("channel_config.secret must be a string of at least 16 characters")
    timeout = config.get("timeout", DEFAULT_TIMEOUT_SECONDS)
    if not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_SECONDS:
        problems.append(f"channel_config.timeout must be 1 to {MAX_TIMEOUT_SECONDS} seconds")
    return problems


class PrivateAddress(OSError):
    """The webhook's host resolved to a private, loopback, link-local or reserved address."""


def _public_connection(address, *args, **kwargs) -> socket.socket:
    """Connect to a public address of the host only.

    Every address the name resolves to is checked before any connection is tried, and the
    connection goes to a checked address: a DNS answer cannot change in between, and the
    refusal is the same whether a port is open or closed (no port scanning through it).
    """
    host, port = address
    resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not all(_public(sockaddr[0]) for *_, sockaddr in resolved):
        raise PrivateAddress(f"{host} resolves to a private or local address")
    last_error: OSError = OSError(f"{host} resolves to no address")
    for *_, sockaddr in resolved:
        try:
            return socket.create_connection(sockaddr[:2], *args, **kwargs)
        except OSError as exc:
            last_error = exc
    raise last_error


# The sockets of the webhook request this thread is making, which its watchdog shuts when the
# request's time is up (see _total_deadline).
_request = threading.local()


class _Watched:
    """An http.client connection whose socket the request's watchdog can shut."""

    connect_to = staticmethod(socket.create_connection)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # http.client opens its socket through this attribute.
        self._create_connection = self._watched_connect

    def _watched_connect(self, *args, **kwargs) -> socket.socket:
        sock = self.connect_to(*args, **kwargs)
        sockets = getattr(_request, "sockets", None)
        if sockets is not None:
            sockets.append(sock)
        return sock


class _PublicOnly(_Watched):
    # Checks where it connects (see _public_connection).
    connect_to = staticmethod(_public_connection)


class _HTTPConnection(_Watched, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_Watched, http.client.HTTPSConnection):
    pass


class _PublicHTTPConnection(_PublicOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connection_class) -> None:
        super().__init__()
        self.connection_class = connection_class

    def http_open(self, req):
        return self.do_open(self.connection_class, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connection_class) -> None:
        super().__init__()
        self.connection_class = connection_class

    def https_open(self, req):
        return self.do_open(self.connection_class, req, context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx reaches transmit as an HTTPError


@cache
def _opener(private_networks: bool) -> urllib.request.OpenerDirector:
    # Proxies from the environment (http_proxy, https_proxy) are ignored: through a proxy the
    # checked address would be the proxy's, and the proxy would reach any address for us.
    handlers = [urllib.request.ProxyHandler({}), _NoRedirect()]
    if private_networks:
        handlers += [_HTTPHandler(_HTTPConnection), _HTTPSHandler(_HTTPSConnection)]
    else:
        handlers += [_HTTPHandler(_PublicHTTPConnection), _HTTPSHandler(_PublicHTTPSConnection)]
    return urllib.request.build_opener(*handlers)


class _Deadline:
    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False

    def expire(self) -> None:
        self.expired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def _total_deadline(seconds: float) -> Iterator[_Deadline]:
    """The whole request (connect, send, every byte of the answer) within `seconds`: a socket
    timeout is per read, and a receiver sending a byte every few seconds would never reach it.
    When the time is up, a watchdog shuts the request's sockets and marks it expired: what was
    read by then is not an answer."""
    deadline = _Deadline()
    _request.sockets = deadline.sockets
    watchdog = threading.Timer(seconds, deadline.expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield deadline
    finally:
        watchdog.cancel()
        _request.sockets = None


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: dict[str, str]
    timeout: float


def _excerpt(status: int, body: bytes) -> str:
    return f"HTTP {status}: {body[:EXCERPT_CHARS].decode('utf-8', 'replace')}".strip()


def _unreachable(exc: Exception, *, started: float, timeout: float) -> TransientFailure:
    if time.monotonic() - started >= timeout:
        return TransientFailure(f"webhook did not answer within {timeout:g}s (its timeout)")
    return TransientFailure(f"webhook not reachable: {exc}")


class WebhookChannel(Channel):
    def build_payload(self, outgoing: Outgoing) -> WebhookRequest:
        delivery = outgoing.delivery
        config = delivery.step.channel_config or {}
        problems = config_problems(config)
        if problems:
            raise PermanentFailure("; ".join(problems))
        customer = outgoing.context.get("customer") or {}
        enrollment = delivery.enrollment
        body = json.dumps(
            {
                "idempotency_key": str(delivery.idempotency_key),
                "delivery": delivery.pk,
                "scenario": enrollment.scenario.slug,
                "step": {"position": delivery.step.position, "name": delivery.step.name},
                "channel": enrollment.channel_slug,
                "customer": {k: customer[k] for k in CUSTOMER_FACTS if customer.get(k)},
                "order": {"id": enrollment.source_order_id},
                "message": {
                    "subject": outgoing.message.subject,
                    "text": outgoing.message.text,
                    "html": outgoing.message.html,
                },
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        timestamp = str(int(time.time()))
        return WebhookRequest(
            url=config["url"],
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "saleor-stepmail",
                TIMESTAMP_HEADER: timestamp,
                SIGNATURE_HEADER: signature(config["secret"], timestamp, body),
                "X-Stepmail-Idempotency-Key": str(delivery.idempotency_key),
            },
            timeout=config.get("timeout", DEFAULT_TIMEOUT_SECONDS),
        )

    def transmit(self, payload: WebhookRequest) -> tuple[int, bytes]:
        request = urllib.request.Request(
            payload.url, data=payload.body, headers=payload.headers, method="POST"
        )
        opener = _opener(stepmail_settings().webhook_private_networks)
        started = time.monotonic()
        try:
            with (
                _total_deadline(payload.timeout) as deadline,
                opener.open(request, timeout=payload.timeout) as response,
            ):
                answer = response.status, response.read(EXCERPT_CHARS * 4)
            if deadline.expired:
                raise TimeoutError("the answer was cut off")
            return answer
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                where = exc.headers.get("Location", "?")
                raise PermanentFailure(
                    f"webhook redirected (HTTP {exc.code}) to {where[:EXCERPT_CHARS]}; "
                    "set the step's URL to where it points"
                ) from exc
            detail = _excerpt(exc.code, exc.read(EXCERPT_CHARS * 4))
            if exc.code == 429:
                wait = retry_after(exc.headers.get("Retry-After"))
                raise Throttled(f"webhook answered {detail}", retry_after=wait) from exc
            if exc.code >= 500 or exc.code == 408:
                raise TransientFailure(f"webhook answered {detail}") from exc
            raise PermanentFailure(f"webhook refused the message: {detail}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, PrivateAddress):
                raise PermanentFailure(
                    f"webhook not sent: {exc.reason}; set STEPMAIL webhook_private_networks "
                    "to allow it"
                ) from exc
            raise _unreachable(exc, started=started, timeout=payload.timeout) from exc
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise _unreachable(exc, started=started, timeout=payload.timeout) from exc

    def parse_result(self, payload: WebhookRequest, result: tuple[int, bytes]) -> Receipt:
        status, body = result
        return Receipt(
            provider_id=payload.headers["X-Stepmail-Idempotency-Key"],
            detail=_excerpt(status, body),
        )
