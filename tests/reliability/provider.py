"""A Postmark-compatible email API on 127.0.0.1 that answers after a fixed latency.

anymail's real Postmark backend talks to it when ANYMAIL["POSTMARK_API_URL"] points at `url`.
It counts the calls in flight (and the most seen at once), keeps every accepted message's
idempotency key, Message-ID and stepmail delivery id with the moment it arrived, and can be
told to answer 429 with a Retry-After, or to hold every call (or the calls of some deliveries)
until released (a provider that a killed worker was waiting on). Used by the reliability tests
and bench/provider_latency.py, which runs it in a process of its own:

    python -m tests.reliability.provider [--latency-ms 50]

prints `listening <url>` and serves until its stdin closes; `GET /stats` answers what it saw
(`POST /reset` forgets it).
"""

import argparse
import json
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDEMPOTENCY_HEADER = "X-Stepmail-Idempotency-Key"


@dataclass(frozen=True)
class Accepted:
    idempotency_key: str
    message_id: str
    delivery_id: int | None
    arrived: float  # time.monotonic() when the request came in


class LoopbackProvider:
    def __init__(self, *, latency: float = 0.05) -> None:
        self.latency = latency
        self.accepted: list[Accepted] = []
        self.in_flight = 0
        self.max_in_flight = 0
        # Calls answered 429 (with `retry_after` seconds) while `throttling` is set.
        self.throttling = False
        self.retry_after = 30
        self.throttled = 0
        # Cleared: every call waits (after arriving) until it is set again; with `held` set,
        # only the calls of those delivery ids wait.
        self.open = threading.Event()
        self.open.set()
        self.held: set[int] | None = None
        self.arrived = threading.Condition()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self) -> "LoopbackProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.open.set()
        self._server.shutdown()
        self._server.server_close()

    def anymail_settings(self) -> dict:
        return {"POSTMARK_SERVER_TOKEN": "loopback", "POSTMARK_API_URL": self.url}

    def duplicates(self) -> dict[str, int]:
        """Idempotency keys the provider accepted more than once, and how many times."""
        seen = Counter(a.idempotency_key for a in self.accepted if a.idempotency_key)
        return {key: n for key, n in seen.items() if n > 1}

    def stats(self) -> dict:
        return {
            "accepted": len(self.accepted),
            "max_in_flight": self.max_in_flight,
            "duplicates": sum(n - 1 for n in self.duplicates().values()),
        }

    def reset(self) -> None:
        with self._lock:
            self.accepted = []
            self.max_in_flight = self.in_flight

    def wait_for_in_flight(self, count: int, *, timeout: float) -> int:
        """Block until `count` calls are in flight (or `timeout`); returns how many are."""
        with self.arrived:
            self.arrived.wait_for(lambda: self.in_flight >= count, timeout=timeout)
            return self.in_flight

    def wait_idle(self, *, timeout: float) -> bool:
        """Block until no call is in flight (or `timeout`)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: self.in_flight == 0, timeout=timeout)

    def answer(self, message: dict) -> tuple[int, dict, dict]:
        """One call: its status, headers and JSON body, after the latency."""
        arrived = time.monotonic()
        with self.arrived:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.arrived.notify_all()
        delivery = (message.get("Metadata") or {}).get("stepmail_delivery")
        delivery_id = int(delivery) if delivery else None
        try:
            time.sleep(self.latency)
            if self.held is None or delivery_id in self.held:
                self.open.wait()
            if self.throttling:
                with self._lock:
                    self.throttled += 1
                headers = {"Retry-After": str(self.retry_after)}
                return 429, headers, {"ErrorCode": 429, "Message": "Rate limit exceeded"}
            headers_in = {h["Name"]: h["Value"] for h in message.get("Headers", [])}
            accepted = Accepted(
                idempotency_key=headers_in.get(IDEMPOTENCY_HEADER, ""),
                message_id=headers_in.get("Message-ID", ""),
                delivery_id=delivery_id,
                arrived=arrived,
            )
            with self._lock:
                self.accepted.append(accepted)
            body = {
                "To": message.get("To", ""),
                "SubmittedAt": "2026-11-02T09:00:00Z",
                "MessageID": str(uuid.uuid4()),
                "ErrorCode": 0,
                "Message": "OK",
            }
            return 200, {}, body
        finally:
            with self.arrived:
                self.in_flight -= 1
                self.arrived.notify_all()


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # every send thread of several workers connects at once

    def handle_error(self, request, client_address) -> None:
        pass  # a client killed mid-call (a test's doing) leaves a broken pipe, nothing more


def _handler(provider: LoopbackProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Postmark's API
        # The body goes out right after the headers, as from a real API's server: with Nagle on,
        # it waited for the client's delayed ACK, and every call took about 40 ms more than
        # `latency`.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._reply(200, {}, provider.stats())

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            message = json.loads(self.rfile.read(length) or b"{}")
            if self.path == "/reset":
                provider.reset()
                self._reply(200, {}, {})
            else:
                self._reply(*provider.answer(message))

        def _reply(self, status: int, headers: dict, body: dict) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format, *args) -> None:
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="A Postmark-compatible API on 127.0.0.1")
    parser.add_argument("--latency-ms", type=float, default=50)
    args = parser.parse_args()
    with LoopbackProvider(latency=args.latency_ms / 1000) as provider:
        print("listening", provider.url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
