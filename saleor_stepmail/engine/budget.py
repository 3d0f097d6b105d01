"""One send rate for all workers on all machines: `max_sends_per_second`, kept in Postgres.

Postgres, not Redis: every deployment of the app has it (Redis is only one of Celery's
brokers), and its clock is the one clock all machines share. One row holds when the next send
may go, and the interval it was booked at. Each provider call takes its turn right before it
goes, in one autocommit statement (the row's time, never before the database's now, moved on
by `1 / rate`), then waits for it: a call that was slow to start takes a later turn instead of
catching up in a burst. Turns are taken on a connection of the send pool's own, never the
chunk's, whose transaction would hold the row until the chunk commits.

A booked turn cannot be handed back, so few are booked: one send thread of a pool at a time
takes a turn and holds it until it goes, and a worker that dies leaves at most that one
turn unused. Turns booked at another rate are not waited for beyond one turn of the rate
given: a corrected rate applies at once.
"""

import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import SendBudget

BUDGET = "send"

# When the next turn at %(interval)s starts: the row's time (never before now), or, when the
# row was booked at another rate, no later than one turn from now.
_NEXT_TURN = """
    CASE WHEN b.turn_interval = %(interval)s THEN GREATEST(b.next_at, clock_timestamp())
    ELSE LEAST(GREATEST(b.next_at, clock_timestamp()), clock_timestamp() + %(interval)s) END
"""


class SharedRate:
    """Turns of the shared send rate for one pool's threads, on one connection of its own."""

    def __init__(self, *, per_second: float) -> None:
        self.interval = timedelta(seconds=1 / per_second)
        # How late a call may still use its turn (a later one is taken after).
        self.slack = min(0.5 / per_second, 0.05)
        self._lock = threading.Lock()
        self._booking = threading.Lock()
        self._connection = None

    def next_turn_in(self) -> float:
        """Seconds until the next send may go (0 if now), without taking the turn."""
        row = self._execute(
            f"SELECT EXTRACT(EPOCH FROM {_NEXT_TURN} - clock_timestamp()) "
            f"FROM {SendBudget._meta.db_table} AS b WHERE name = %(name)s",
            {"name": BUDGET, "interval": self.interval},
        )
        return max(float(row[0]), 0.0) if row else 0.0

    def wait_for_turn(self, *, given_up: Callable[[], bool]) -> None:
        """Take a turn and wait until it comes, one thread of the pool at a time; a thread
        that woke too late for its turn (its process stalled) takes another one, so late calls
        do not reach the provider together. Returns at once once `given_up()`."""
        with self._booking:
            while not given_up():
                turn = self._take()
                pause = turn - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                if time.monotonic() - turn <= self.slack:
                    return

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection.dec_thread_sharing()
                self._connection = None

    def _take(self) -> float:
        """Book the next turn; returns the time.monotonic() at which the call may go."""
        (wait,) = self._execute(
            f"""
            INSERT INTO {SendBudget._meta.db_table} AS b (name, next_at, turn_interval)
            VALUES (%(name)s, clock_timestamp() + %(interval)s, %(interval)s)
            ON CONFLICT (name) DO UPDATE
                SET next_at = {_NEXT_TURN} + %(interval)s, turn_interval = %(interval)s
            RETURNING EXTRACT(EPOCH FROM b.next_at - %(interval)s - clock_timestamp())
            """,
            {"name": BUDGET, "interval": self.interval},
        )
        return time.monotonic() + max(float(wait), 0.0)

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
