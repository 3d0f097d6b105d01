"""One send rate for all workers on all machines: `max_sends_per_second`, kept in Postgres.

Postgres, not Redis: every deployment of the app has it (Redis is only one of Celery's
brokers), and its clock is the one clock all machines share. One row holds when the next send
may go. Each provider call takes its turn right before it goes, in one autocommit statement
(the row's time, never before the database's now, moved on by `1 / rate`), then waits for it:
a call that was slow to start takes a later turn instead of catching up in a burst. Turns are
taken on a connection of the send pool's own, never the chunk's, whose transaction would hold
the row until the chunk commits.
"""

import threading
import time
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import SendBudget

BUDGET = "send"


class SharedRate:
    """Turns of the shared send rate for one pool's threads, on one connection of its own."""

    def __init__(self, *, per_second: float) -> None:
        self.interval = timedelta(seconds=1 / per_second)
        # How late a call may still use its turn (engine/sending.py takes another one after).
        self.slack = min(0.5 / per_second, 0.05)
        self._lock = threading.Lock()
        self._connection = None

    def next_turn_in(self) -> float:
        """Seconds until the next send may go (0 if now), without taking the turn."""
        row = self._execute(
            f"SELECT EXTRACT(EPOCH FROM next_at - clock_timestamp()) "
            f"FROM {SendBudget._meta.db_table} WHERE name = %s",
            [BUDGET],
        )
        return max(float(row[0]), 0.0) if row else 0.0

    def take(self) -> float:
        """Take the next turn; returns the time.monotonic() at which the call may go."""
        (wait,) = self._execute(
            f"""
            INSERT INTO {SendBudget._meta.db_table} AS b (name, next_at)
            VALUES (%(name)s, clock_timestamp() + %(interval)s)
            ON CONFLICT (name) DO UPDATE
                SET next_at = GREATEST(b.next_at, clock_timestamp()) + %(interval)s
            RETURNING EXTRACT(EPOCH FROM b.next_at - %(interval)s - clock_timestamp())
            """,
            {"name": BUDGET, "interval": self.interval},
        )
        return time.monotonic() + max(float(wait), 0.0)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection.dec_thread_sharing()
                self._connection = None

    def _execute(self, sql: str, params) -> tuple | None:
        with self._lock:
            if self._connection is None:
                # Not the thread's connection (a chunk's transaction may be open on it): an
                # autocommit one of the pool's, shared by its threads under the lock.
                self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
                self._connection.inc_thread_sharing()
            with self._connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()
