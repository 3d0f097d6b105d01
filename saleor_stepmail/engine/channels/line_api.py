"""LINE's HTTP APIs as the plugin uses them: push a message, read a profile, verify an ID token.

Every request goes to STEPMAIL["line_api_url"] (https://api.line.me; tests use a double on
127.0.0.1) and ends within STEPMAIL["line_timeout_seconds"] in all: a watchdog closes the
socket when the time is up, so a server that answers a byte at a time cannot hold a worker.
Answers are read up to MAX_ANSWER_BYTES, and any text of theirs kept in the database or shown
to staff goes through `sanitised` first (no NUL or other control characters, bounded length).
"""

import contextlib
import http.client
import json
import re
import socket
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from ...conf import stepmail_settings
from ..storable import storable_text

MAX_ANSWER_BYTES = 64 * 1024
# A profile is read while a friend's follow is applied, under the inbox's drain lock: a LINE
# that does not answer delays the batch by at most this much per friend (no name, then).
PROFILE_TIMEOUT_SECONDS = 3
REASON_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class LineUnreachable(Exception):
    """No answer within the time: refused connection, time-out, connection closed early."""


@dataclass(frozen=True)
class LineAnswer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def reason(self) -> str:
        """LINE's own explanation of a refusal (`message` and its `details`), sanitised."""
        data = self.json()
        text = data.get("message") or data.get("error_description") or data.get("error")
        if not isinstance(text, str):
            return sanitised(self.body.decode("utf-8", "replace"))
        details = [
            f"{d.get('property', '')}: {d.get('message', '')}".strip(": ")
            for d in data.get("details") or []
            if isinstance(d, dict)
        ]
        return sanitised("; ".join([text, *details]))


def sanitised(text: str, limit: int = REASON_CHARS) -> str:
    """Text from outside fit for a staff page (no control characters, whitespace folded) and
    for a database column (engine/storable.py), at most `limit` characters."""
    return storable_text(" ".join(_CONTROL.sub(" ", text).split()), limit=limit)


def line_request(
    method: str,
    path: str,
    *,
    token: str = "",
    json_body: dict | None = None,
    form: dict | None = None,
    headers: dict[str, str] | None = None,
    api_url: str | None = None,
    timeout: float | None = None,
) -> LineAnswer:
    """One request to LINE, bounded in total time. Raises LineUnreachable without an answer.

    `api_url` and `timeout` default to the settings; a send thread gets them from the payload
    built in the chunk's thread, and reads no settings itself.
    """
    if api_url is None or timeout is None:
        config = stepmail_settings()
        api_url, timeout = config.line_api_url, config.line_timeout_seconds
    base = urlsplit(api_url.rstrip("/"))
    sent_headers = {"User-Agent": "saleor-stepmail", **(headers or {})}
    body = None
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        sent_headers["Content-Type"] = "application/json; charset=utf-8"
    elif form is not None:
        body = urlencode(form).encode()
        sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        sent_headers["Authorization"] = f"Bearer {token}"
    connection_class = (
        http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    )
    total = timeout
    connection = connection_class(base.hostname, base.port, timeout=total)
    cut = threading.Event()
    watchdog = threading.Timer(total, _cut, args=(connection, cut))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, base.path + path, body=body, headers=sent_headers)
        response = connection.getresponse()
        answer = response.read(MAX_ANSWER_BYTES)
        headers = {name.lower(): value for name, value in response.getheaders()}
    except (OSError, http.client.HTTPException) as exc:
        late = " (time is up)" if cut.is_set() else ""
        raise LineUnreachable(f"LINE not reachable{late}: {sanitised(repr(exc))}") from exc
    finally:
        watchdog.cancel()
        connection.close()
    if cut.is_set():
        # The socket was shut mid-answer: what was read (even a status line) is not an answer.
        raise LineUnreachable(f"LINE not reachable (time is up after {total} s)")
    return LineAnswer(status=response.status, body=answer, headers=headers)


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def line_profile(*, token: str, line_user_id: str) -> dict | None:
    """A friend's profile ({displayName, ...}); None when LINE does not give it."""
    if not token:
        return None
    config = stepmail_settings()
    try:
        answer = line_request(
            "GET",
            f"/v2/bot/profile/{line_user_id}",
            token=token,
            api_url=config.line_api_url,
            timeout=min(PROFILE_TIMEOUT_SECONDS, config.line_timeout_seconds),
        )
    except LineUnreachable:
        return None
    return answer.json() if answer.status == 200 else None
