"""How a webhook's request travels: to public addresses only, within one deadline.

Unless STEPMAIL["webhook_private_networks"] allows it, a webhook reaches public addresses only:
every address the host resolves to is checked before connecting, and the connection goes to a
checked address (so a DNS answer cannot change in between); IP literals are read as the socket
reads them (`127.1` is 127.0.0.1); redirects are not followed; `http(s)_proxy` in the
environment is ignored. The answer's excerpt is kept and shown to staff, so a URL on the shop's
own network would otherwise read internal services.
"""

import contextlib
import http.client
import ipaddress
import socket
import threading
import urllib.request
from collections.abc import Iterator
from functools import cache


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


def private_literal(host: str) -> bool:
    """A host written as a non-public IP address, or localhost: refused without a DNS lookup."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = _ip_literal(host)
    return address is not None and not _public(address)


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
# request's time is up (see total_deadline).
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
def opener(private_networks: bool) -> urllib.request.OpenerDirector:
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
def total_deadline(seconds: float) -> Iterator[_Deadline]:
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
