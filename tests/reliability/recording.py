"""A mail backend that logs every accepted message in Redis, so that processes share one log.

The outbox of Django's test backends lives in one process; the reliability tests send from
several processes and threads. Each send is appended to one Redis list, whose order is a
global sequence shared by every writer; a test can append its own marks to the same list to
order a send against another moment, such as a goal event's commit.
"""

import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from time import monotonic

import redis
from anymail.backends.test import EmailBackend
from django.conf import settings

SENDS_KEY_SETTING = "STEPMAIL_TEST_SENDS_KEY"
IDEMPOTENCY_HEADER = "X-Stepmail-Idempotency-Key"
BACKEND_PATH = "tests.reliability.recording.RecordingEmailBackend"


@dataclass(frozen=True)
class RecordedSend:
    delivery_id: int
    idempotency_key: str
    pid: int
    seq: int


# Callables run in the sending thread after each send is logged (in-process tests only).
send_observers: list[Callable[[RecordedSend], None]] = []


@cache
def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


class SendLog:
    """The Redis keys of one test's sends: the log, the sequence and a wake-up list."""

    def __init__(self, key: str, client: redis.Redis) -> None:
        self.key = key
        self.client = client

    @classmethod
    def unique(cls) -> "SendLog":
        return cls(f"stepmail-test:{uuid.uuid4().hex}", redis_client(settings.REDIS_URL))

    @property
    def keys(self) -> tuple[str, str]:
        return f"{self.key}:log", f"{self.key}:signal"

    def _append(self, entry: dict) -> int:
        """Append to the log and wake waiters in one round trip; returns the entry's position."""
        log, signal = self.keys
        length, _ = (
            self.client.pipeline(transaction=True)
            .rpush(log, json.dumps(entry))
            .rpush(signal, 1)
            .execute()
        )
        return length - 1

    def record(self, *, delivery_id: int, idempotency_key: str) -> RecordedSend:
        entry = {"delivery_id": delivery_id, "idempotency_key": idempotency_key, "pid": os.getpid()}
        return RecordedSend(**entry, seq=self._append(entry))

    def mark(self, label: str) -> int:
        """Log a moment other than a send (its position orders it against the sends)."""
        return self._append({"mark": label})

    def entries(self) -> list[dict]:
        return [json.loads(raw) for raw in self.client.lrange(self.keys[0], 0, -1)]

    def sends(self) -> list[RecordedSend]:
        return [
            RecordedSend(**entry, seq=seq)
            for seq, entry in enumerate(self.entries())
            if "mark" not in entry
        ]

    def marks(self) -> dict[str, int]:
        return {e["mark"]: seq for seq, e in enumerate(self.entries()) if "mark" in e}

    def count(self) -> int:
        """How many entries (sends and marks) are logged."""
        return int(self.client.llen(self.keys[0]))

    def wait_for(self, count: int, *, timeout: float) -> int:
        """Block on the wake-up list until `count` entries are logged or `timeout` runs out."""
        deadline = monotonic() + timeout
        while (logged := self.count()) < count:
            remaining = deadline - monotonic()
            if remaining <= 0:
                return logged
            self.client.blpop([self.keys[1]], timeout=max(remaining, 0.01))
        return logged

    def clear(self) -> None:
        self.client.delete(*self.keys)


class RecordingEmailBackend(EmailBackend):
    """anymail's test backend, plus a durable log entry per message it accepts."""

    def get_esp_message_id(self, message) -> str:
        # The base class looks the message up in the outbox, which is slow for long runs.
        return message.extra_headers[IDEMPOTENCY_HEADER]

    def post_to_esp(self, payload, message):
        response = super().post_to_esp(payload, message)
        key = getattr(settings, SENDS_KEY_SETTING, "") or os.environ.get(SENDS_KEY_SETTING, "")
        if not key:
            raise RuntimeError(f"Set {SENDS_KEY_SETTING} (setting or env) to record sends")
        send = SendLog(key, redis_client(settings.REDIS_URL)).record(
            delivery_id=int(message.metadata["stepmail_delivery"]),
            idempotency_key=message.extra_headers[IDEMPOTENCY_HEADER],
        )
        for observer in list(send_observers):
            observer(send)
        return response
