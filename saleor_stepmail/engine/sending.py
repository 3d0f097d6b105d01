"""Provider calls of a batch, several at a time, in threads that only talk to the provider.

Every database statement of a chunk (its locks, re-checks, rendering, recording) stays in the
chunk's own thread, inside the chunk's transaction: Django's connections are per thread, so a
pool thread never sees that transaction. The chunk's thread builds each payload (which may
read the database); a pool thread runs one thing, the channel's `deliver` (transmit, read the
answer), with its own backend connection (the channel's session, opened in that thread at its
first send and closed when the pool closes). Under `max_sends_per_second` a pool thread also
waits for its turn of the shared rate (engine/budget.py: one thread of the pool books at a
time), on a connection of the pool's, not the chunk's.

A worker has up to two chunks in flight (engine/dispatch.py), sharing one pool: the calls of
the second queue behind the first's. A chunk waits for its calls with one deadline,
`ceil((calls + calls queued ahead of them) / send_concurrency)` times `send_timeout_seconds`
after its first one was handed over (plus the calls' turns under a rate limit): that, plus the
chunk's own database work, is the longest a goal exit waits for a chunk in flight. A call the
provider has not answered by then counts as a transient failure (retried later with the same
idempotency key and Message-ID); a call not yet handed to the provider is stopped and never
sent, so no call starts after its chunk has committed.
"""

import logging
import math
import queue
import threading
import time
from concurrent.futures import Future
from concurrent.futures import wait as futures_wait
from contextlib import ExitStack
from typing import Any

from django.db import connections

from .budget import SharedRate
from .channels import CHANNELS
from .channels.base import Channel, Receipt, TransientFailure

logger = logging.getLogger(__name__)


class CallTimedOut(TransientFailure):
    """The provider did not answer within the chunk's deadline."""


class CallNotStarted(Exception):
    """The chunk's deadline passed before this call was handed to the provider."""


class Call:
    """One send handed to the pool; it goes to the provider only if the chunk still waits."""

    def __init__(self, channel: str, payload: Any, *, ahead: int) -> None:
        self.channel = channel
        self.payload = payload
        # Calls of the pool not yet answered when this one was handed over: they go first.
        self.ahead = ahead
        self.future: Future = Future()
        self._lock = threading.Lock()
        self._transmitting = False
        self._abandoned = False

    @property
    def abandoned(self) -> bool:
        return self._abandoned

    def transmit_or_stop(self) -> None:
        """Right before the provider call: raises CallNotStarted if the chunk gave up on it."""
        with self._lock:
            if self._abandoned:
                raise CallNotStarted("not sent: the chunk's deadline passed before its turn")
            self._transmitting = True

    def give_up(self, *, timeout: float) -> BaseException:
        """The chunk stops waiting: a call not yet at the provider never will be."""
        with self._lock:
            if self._transmitting:
                return CallTimedOut(f"no answer within {timeout:g}s (send_timeout_seconds)")
            self._abandoned = True
            return CallNotStarted("not sent: the chunk's deadline passed before its turn")


class SendPool:
    """`size` threads sending through the channels; one pool per batch of deliveries.

    With `per_second`, every call takes a turn of the rate all workers share (engine/budget.py)
    right before it goes.
    """

    def __init__(self, *, size: int, timeout: float, per_second: float = 0) -> None:
        self.size = size
        self.timeout = timeout
        self.rate = SharedRate(per_second=per_second) if per_second > 0 else None
        self._queue: queue.SimpleQueue[Call | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._counting = threading.Lock()
        self._unanswered = 0

    def wait_for_turn(self) -> None:
        """Under a rate limit, wait until the shared rate has a turn free (takes none): a chunk
        calls this before it takes its locks, so they are not held through the wait."""
        pause = self.rate.next_turn_in() if self.rate else 0
        if pause > 0:
            time.sleep(pause)

    def deliver_here(self, channel: str, payload: Any) -> Receipt | Exception:
        """Send a transactional channel's payload in the calling (the chunk's) thread: its
        receipt, or the error for the chunk to judge as a pool call's."""
        try:
            return CHANNELS[channel].deliver(payload)
        except Exception as exc:  # noqa: BLE001 - judged by the chunk, as a pool call's is
            return exc

    def submit(self, channel: str, payload: Any) -> Call:
        """Hand one built payload to the pool; its future holds the Receipt or the channel's
        error."""
        with self._counting:  # two chunks may submit at once
            if len(self._threads) < self.size:
                thread = threading.Thread(target=self._work, name="stepmail-send", daemon=True)
                thread.start()
                self._threads.append(thread)
            call = Call(channel, payload, ahead=self._unanswered)
            self._unanswered += 1
        call.future.add_done_callback(self._answered)
        self._queue.put(call)
        return call

    def _answered(self, _future: Future) -> None:
        with self._counting:
            self._unanswered -= 1

    def outcomes(self, calls: list[Call], *, started: float) -> list[Receipt | BaseException]:
        """Each call's receipt or error, waiting for them until the chunk's deadline.

        `started` is when the first call was handed over (time.monotonic()).
        """
        if not calls:
            return []
        queued = calls[0].ahead + len(calls)
        waves = math.ceil(queued / self.size)
        turns = queued * self.rate.interval.total_seconds() if self.rate else 0
        deadline = started + waves * self.timeout + turns
        futures_wait([c.future for c in calls], timeout=max(deadline - time.monotonic(), 0))
        return [
            (c.future.exception() or c.future.result())
            if c.future.done()
            else c.give_up(timeout=self.timeout)
            for c in calls
        ]

    def close(self) -> None:
        """Let the threads finish their calls and close their connections; a thread stuck in a
        call is left to its channel's own timeout (it is a daemon and holds no database lock)."""
        for _ in self._threads:
            self._queue.put(None)
        deadline = time.monotonic() + self.timeout
        for thread in self._threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0))
        if self.rate:
            self.rate.close()

    def _work(self) -> None:
        with ExitStack() as sessions:
            opened: set[str] = set()
            while (call := self._queue.get()) is not None:
                if call.channel not in opened:
                    sessions.enter_context(CHANNELS[call.channel].session())
                    opened.add(call.channel)
                self._run(call, CHANNELS[call.channel])
        # Nothing here should have used the database; if something did, its connection is this
        # thread's own and ends with it.
        connections.close_all()

    def _run(self, call: Call, channel: Channel) -> None:
        try:
            receipt = channel.deliver(call.payload, turn=lambda: self._take_turn(call))
        except BaseException as exc:  # noqa: BLE001 - handed to the chunk's thread, which decides
            call.future.set_exception(exc)
        else:
            call.future.set_result(receipt)

    def _take_turn(self, call: Call) -> None:
        """Wait for a turn of the shared rate, if any, then go unless the chunk gave up."""
        if self.rate:
            self.rate.wait_for_turn(given_up=lambda: call.abandoned)
        call.transmit_or_stop()


# The provider id a rehearsal's sends get: nothing went to a provider.
REHEARSED = "rehearsal"


class RehearsalPool:
    """The pool of a rehearsal (engine/rehearsal.py): each payload has been built by the
    chunk as for a real send, and is answered as accepted without reaching any provider, nor
    taking a turn of the shared rate."""

    def wait_for_turn(self) -> None:
        pass

    def deliver_here(self, channel: str, payload: Any) -> Receipt:
        return Receipt(provider_id=REHEARSED)

    def submit(self, channel: str, payload: Any) -> Call:
        call = Call(channel, payload, ahead=0)
        call.future.set_result(Receipt(provider_id=REHEARSED))
        return call

    def outcomes(self, calls: list[Call], *, started: float) -> list[Receipt]:
        return [call.future.result() for call in calls]

    def close(self) -> None:
        pass
