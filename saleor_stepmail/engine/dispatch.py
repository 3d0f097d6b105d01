"""Sending claimed deliveries: re-check, render, send, record, a chunk of messages at a time.

A chunk is one transaction. It locks the chunk's enrolments (then its deliveries, the order
every exit uses), re-checks each one right before its send, sends, and records every result
at once before it commits. The provider calls of a chunk go out several at a time, from send
threads that do nothing but the call (engine/sending.py); the chunk waits for all of them, with
a deadline, before it records and commits. An exit on goal locks the same enrolment, so it
either commits before the chunk (which then sees the enrolment ended and sends nothing) or
waits until the chunk is recorded: no mail goes out after a goal has committed.

A worker has two chunks in flight, each in a thread, connection and transaction of its own:
while one waits for its calls, the next is claimed, locked, re-checked and rendered
(_dispatch), so the send threads are not left idle between chunks and batches.

A worker that dies in the middle of its chunks has sent some of their mails without recording
them; they go out again when the lease ends, with the same idempotency key and Message-ID.
Twice the chunk size bounds that; the chunk size, the send concurrency and the call timeout
bound how long an exit may wait for a chunk in flight.
"""

import logging
import threading
import time
import uuid
from collections import Counter, deque
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import batched

from django.conf import settings
from django.db import connections, transaction

from ..conf import StepMailSettings, stepmail_settings
from ..models import Delivery
from ..vocabulary import DeliveryState, EnrollmentState, StepAction
from .attribution import HOLDOUT
from .branching import move_reason, step_end_reason
from .channels import CHANNELS, PermanentFailure, Throttled, TransientFailure
from .channels.base import Outgoing, Receipt
from .chunk import (
    ChunkResult,
    ChunkView,
    chunk_locked,
    chunk_recorded,
    customers_lock,
    recent_sends,
)
from .claim import claim_due_deliveries
from .clock import database_now
from .conditions import conditions_failing
from .context import message_context, message_facts
from .goals import goal_end_state, goals_reached
from .identity import customer_key
from .integration import Integration, current_integration
from .links import message_tracked
from .render import TemplateProblem, render_message
from .sending import Call, CallNotStarted, RehearsalPool, SendPool
from .suppression import suppressed_pairs

logger = logging.getLogger(__name__)

LOST_CLAIM = "lost_claim"
ERROR = "error"
# Planned before the operator switched the step off: never sent, and the enrolment goes on.
STEP_DEACTIVATED = "step deactivated"
# Chunks in flight at once per worker process: one waiting for its provider calls while the
# next is prepared. More would only hold more enrolments' locks for longer.
CHUNKS_IN_FLIGHT = 2


def dispatch_due(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """Claim one batch of due deliveries and send it. Returns how many ended in each outcome."""
    config = stepmail_settings()
    batches = _Batches(now=now, size=limit or config.batch_size, config=config, deadline=None)
    return _dispatch(batches, config)


def dispatch_rehearsed(*, now: datetime, integration: Integration) -> Counter:
    """One batch of what is due at `now`, decided and recorded as dispatch_due does, with no
    message leaving (sending.RehearsalPool): for a rehearsal (engine/rehearsal.py), inside
    its transaction."""
    config = stepmail_settings()
    batches = _Batches(now=now, size=config.batch_size, config=config, deadline=None)
    return _dispatch(batches, config, integration=integration, pool=RehearsalPool())


def dispatch_until(*, deadline: float, now: datetime | None = None) -> tuple[Counter, bool]:
    """Claim and send batch after batch until one comes back short or `deadline` (a
    time.monotonic()) has passed: how many ended in each outcome, and whether nothing more is
    due (a short batch). Each batch after the first is claimed while the last chunks of the one
    before are in flight, so the send threads do not wait for the claim."""
    config = stepmail_settings()
    batches = _Batches(now=now, size=config.batch_size, config=config, deadline=deadline)
    outcomes = _dispatch(batches, config)
    return outcomes, batches.exhausted


@dataclass(frozen=True)
class _Chunk:
    deliveries: tuple[Delivery, ...]
    token: uuid.UUID
    now: datetime
    # (address, scenario id) pairs not to mail, read once for the chunk's batch.
    suppressed: set[tuple[str, int]]


class _Batches:
    """Claimed batches, handed out a chunk at a time to the lanes of _dispatch.

    A lane that finds every chunk handed out claims the next batch (unless this is one batch
    only, a claim came back short, or the deadline has passed) while the other lane's chunk is
    still in flight.
    """

    def __init__(
        self, *, now: datetime | None, size: int, config: StepMailSettings, deadline: float | None
    ) -> None:
        self.now = now  # None: the database's clock, read at each claim
        self.size = size
        self.chunk_size = config.send_chunk_size
        self.deadline = deadline
        self.outcomes: Counter = Counter(claimed=0)
        self.exhausted = False  # a claim came back short: nothing more is due
        self._claims = 0
        self._chunks: deque[_Chunk] = deque()
        self._lock = threading.Lock()

    def next_chunk(self) -> _Chunk | None:
        with self._lock:
            if not self._chunks and self._may_claim():
                self._claim()
            return self._chunks.popleft() if self._chunks else None

    def more(self) -> bool:
        """Whether another chunk may come: one is left, or another batch may be claimed."""
        with self._lock:
            return bool(self._chunks) or self._may_claim()

    def count(self, outcomes: Counter) -> None:
        with self._lock:
            self.outcomes.update(outcomes)

    def _may_claim(self) -> bool:
        """The first claim always; another only before the deadline, and while the last one
        came back full (no deadline: one batch only)."""
        if not self._claims:
            return True
        return not self.exhausted and self.deadline is not None and time.monotonic() < self.deadline

    def _claim(self) -> None:
        now = self.now or database_now()
        token, deliveries = claim_due_deliveries(now=now, limit=self.size)
        self._claims += 1
        self.exhausted = len(deliveries) < self.size
        self.outcomes["claimed"] += len(deliveries)
        suppressed = suppressed_pairs(
            (d.enrollment.email, d.enrollment.scenario_id) for d in deliveries
        )
        self._chunks.extend(
            _Chunk(deliveries=chunk, token=token, now=now, suppressed=suppressed)
            for chunk in batched(deliveries, self.chunk_size)
        )


def _dispatch(
    batches: _Batches,
    config: StepMailSettings,
    *,
    integration: Integration | None = None,
    pool: SendPool | RehearsalPool | None = None,
) -> Counter:
    """Send what `batches` claims, CHUNKS_IN_FLIGHT chunks at a time, each in a thread and
    transaction of its own (this thread is the first): while one chunk waits for its provider
    calls, the next is claimed, locked, re-checked and rendered, so the send threads do not sit
    idle between chunks.

    Inside a caller's transaction there is one lane, this thread: another connection would not
    see what the caller has not committed, and no chunk could commit before the caller does.
    """
    first = batches.next_chunk()
    if first is None:
        return batches.outcomes
    integration = integration or current_integration()
    pool = pool or SendPool(
        size=config.send_concurrency,
        timeout=config.send_timeout_seconds,
        per_second=config.max_sends_per_second,
    )

    def lane(chunk: _Chunk | None) -> None:
        with ExitStack() as sessions:
            opened: set[str] = set()
            while chunk is not None:
                # The send threads open their own sessions; these are for the channels that
                # send in the chunk's thread.
                for name in {d.step.channel for d in chunk.deliveries} - opened:
                    if CHANNELS[name].transactional:
                        sessions.enter_context(CHANNELS[name].session())
                    opened.add(name)
                batches.count(
                    _send_chunk_or_log(
                        chunk.deliveries,
                        token=chunk.token,
                        now=chunk.now,
                        suppressed=chunk.suppressed,
                        integration=integration,
                        pool=pool,
                    )
                )
                chunk = batches.next_chunk()

    def lane_on_own_connection() -> None:
        try:
            # Hosts that route task queries to a replica open the writer per connection.
            with integration.writer():
                lane(batches.next_chunk())
        except Exception:
            # A claim that failed (each chunk's own failures are caught in the lane): what it
            # did not claim stays due, and the calling thread's lane goes on.
            logger.exception("stepmail: a dispatch lane stopped")
        finally:
            connections.close_all()

    # A second lane only when it could see what was claimed (no caller's transaction) and may
    # have a chunk to take (a batch of one chunk needs none).
    in_transaction = transaction.get_connection().in_atomic_block
    lanes = CHUNKS_IN_FLIGHT if batches.more() and not in_transaction else 1
    helpers = [
        threading.Thread(target=lane_on_own_connection, name="stepmail-chunk")
        for _ in range(lanes - 1)
    ]
    try:
        for helper in helpers:
            helper.start()
        lane(first)
    finally:
        for helper in helpers:
            helper.join()
        pool.close()
    return batches.outcomes


def _send_chunk_or_log(chunk: tuple[Delivery, ...], **kwargs) -> Counter:
    try:
        return send_chunk(chunk, **kwargs)
    except Exception:
        # A bug or a database failure, not the provider: the chunk rolled back, the mails
        # it sent are recorded on their own (chunk_recorded), its other rows stay claimed
        # and the lease hands them back later. The next chunk goes on.
        logger.exception(
            "stepmail: chunk of deliveries %s failed", ", ".join(str(d.pk) for d in chunk)
        )
        return Counter({ERROR: len(chunk)})


def send_chunk(
    chunk: tuple[Delivery, ...],
    *,
    token,
    now: datetime,
    suppressed: set[tuple[str, int]],
    integration: Integration,
    pool: SendPool | RehearsalPool,
) -> Counter:
    """Lock, re-check and send one chunk; its provider calls go out through `pool` at once.

    Every decision and every database statement is made here, in the chunk's thread and
    transaction; the pool's threads only make the calls. The chunk waits for all of them
    (bounded by the pool's deadline) before it records them and commits, so its locks are
    held until every result is recorded.
    """
    result = ChunkResult(now=now, token=token)
    config = stepmail_settings()
    capped = bool(integration.frequency_cap())
    pool.wait_for_turn()
    with chunk_recorded(result):
        if capped:  # first, before the enrolment locks (see customers_lock)
            customers_lock({customer_key(d.enrollment) for d in chunk})
        states, still_ours = chunk_locked(chunk, token=token)
        sendable = {
            d.enrollment_id: d.enrollment
            for d in chunk
            if d.pk in still_ours and states.get(d.enrollment_id) == EnrollmentState.ACTIVE
        }
        view = ChunkView(
            states=states,
            suppressed=suppressed,
            recent_sends=recent_sends(chunk, now=now) if capped else {},
            facts=message_facts(
                [d for d in chunk if d.enrollment_id in sendable], integration=integration
            ),
            goals=goals_reached(integration, list(sendable.values())),
        )
        calls: list[tuple[Delivery, Call]] = []
        started = time.monotonic()
        try:
            for delivery in chunk:
                if delivery.pk not in still_ours:
                    # Cancelled by an exit, or re-claimed after our lease ran out.
                    result.outcomes[LOST_CLAIM] += 1
                    continue
                try:
                    payload = _recheck_and_build(config, delivery, view, result, integration)
                    if payload is _DECIDED:
                        continue
                    channel = CHANNELS[delivery.step.channel]
                    if channel.transactional:
                        answer = pool.deliver_here(delivery.step.channel, payload)
                        _record_answer(config, delivery, result, answer)
                    else:
                        if not calls:
                            started = time.monotonic()
                        calls.append((delivery, pool.submit(delivery.step.channel, payload)))
                    # Counted when it leaves: a later message of this chunk to the same
                    # customer sees it under the frequency cap.
                    view.recent_sends.setdefault(customer_key(delivery.enrollment), []).append(now)
                except Exception:
                    _log_unexpected(delivery)
                    result.outcomes[ERROR] += 1
        finally:
            # Even if this thread failed: the locks are not released with calls in flight.
            answers = pool.outcomes([call for _, call in calls], started=started)
        for (delivery, _), answer in zip(calls, answers, strict=True):
            try:
                _record_answer(config, delivery, result, answer)
            except Exception:
                _log_unexpected(delivery, answer)
                result.outcomes[ERROR] += 1
    return result.outcomes


# What _recheck_and_build returns when the re-checks decided the delivery (recorded in result).
_DECIDED = object()


def _log_unexpected(delivery: Delivery, error: BaseException | None = None) -> None:
    logger.error(
        "stepmail: delivery %s (enrollment %s) failed unexpectedly",
        delivery.pk,
        delivery.enrollment_id,
        exc_info=error or True,
    )


def _recheck_and_build(
    config: StepMailSettings,
    delivery: Delivery,
    view: ChunkView,
    result: ChunkResult,
    integration: Integration,
):
    """The channel's payload to send now, or _DECIDED when the re-checks decided otherwise
    (or the message cannot be built): then the decision is in `result`."""
    enrollment = delivery.enrollment
    state = view.states.get(enrollment.pk)
    if state != EnrollmentState.ACTIVE:
        result.finish(delivery, DeliveryState.CANCELLED, reason=f"enrollment {state}")
        return _DECIDED
    ending = view.ending
    if enrollment.pk in ending:
        result.end_enrollment(delivery, *ending[enrollment.pk])
        return _DECIDED
    goal = view.goals.get(enrollment.pk)
    if goal:
        ending[enrollment.pk] = (goal_end_state(goal), goal)
    elif (enrollment.email, enrollment.scenario_id) in view.suppressed:
        ending[enrollment.pk] = (EnrollmentState.UNSUBSCRIBED, "suppressed")
    if enrollment.pk in ending:
        result.end_enrollment(delivery, *ending[enrollment.pk])
        return _DECIDED
    if not delivery.step.is_active:
        result.finish(delivery, DeliveryState.SKIPPED, reason=STEP_DEACTIVATED)
        return _DECIDED
    if enrollment.holdout:
        # Kept as a skipped row at its due time: the holdout's conversions are credited to it.
        result.finish(delivery, DeliveryState.SKIPPED, reason=HOLDOUT)
        return _DECIDED
    window = integration.send_window(enrollment)
    if window and not window.contains(result.now):
        until = window.next_opening(result.now)
        result.defer(delivery, until=until, reason=f"waits for the send window {window}")
        return _DECIDED
    cap = integration.frequency_cap()
    customer = customer_key(enrollment)
    until = cap.next_allowed(view.recent_sends[customer], result.now) if cap else None
    if until:
        result.defer(delivery, until=until, reason=f"frequency cap {cap}")
        return _DECIDED
    if delivery.attempts > config.max_attempts:
        reason = f"gave up after {delivery.attempts - 1} attempts"
        result.finish(delivery, DeliveryState.FAILED, reason=reason)
        return _DECIDED
    context = message_context(delivery, view.facts, integration=integration)
    step = delivery.step
    failing = conditions_failing(step.conditions, context)
    if failing:
        result.finish(delivery, DeliveryState.SKIPPED, reason=failing)
        return _DECIDED
    if step.action != StepAction.SEND:
        reason = step_end_reason(step) if step.action == StepAction.END else ""
        if step.action == StepAction.MOVE:
            reason = move_reason(step.move_to)
            result.moves.append((enrollment, step.move_to))
        ending[enrollment.pk] = (EnrollmentState.COMPLETED, reason)
        result.end_enrollment(delivery, *ending[enrollment.pk])
        return _DECIDED
    try:
        message = render_message(delivery, context)
        if integration.tracking_enabled(enrollment):
            message = message_tracked(message, delivery=delivery)
        sender = integration.sender(enrollment) or config.from_email or settings.DEFAULT_FROM_EMAIL
        return CHANNELS[step.channel].build_payload(
            Outgoing(
                delivery=delivery,
                message=message,
                sender=sender,
                context=context,
                sent_at=result.now,
            )
        )
    except (TemplateProblem, PermanentFailure) as exc:
        result.finish(delivery, DeliveryState.SKIPPED, reason=str(exc))
        return _DECIDED


def _record_answer(
    config: StepMailSettings,
    delivery: Delivery,
    result: ChunkResult,
    answer: Receipt | BaseException,
) -> None:
    """What the channel answered, as the delivery's next state; an unexpected error is raised."""
    if isinstance(answer, Receipt):
        result.finish(
            delivery, DeliveryState.SENT, provider_id=answer.provider_id, reason=answer.detail
        )
    elif isinstance(answer, PermanentFailure):
        result.finish(delivery, DeliveryState.SKIPPED, reason=str(answer))
    elif isinstance(answer, CallNotStarted):
        result.defer(delivery, until=result.now, reason=str(answer))
    elif isinstance(answer, Throttled):
        wait = answer.retry_after or timedelta(seconds=config.retry_base_seconds)
        result.defer(delivery, until=result.now + wait, reason=str(answer))
    elif isinstance(answer, TransientFailure):
        if delivery.attempts >= config.max_attempts:
            reason = f"{answer} (gave up after {delivery.attempts} attempts)"
            result.finish(delivery, DeliveryState.FAILED, reason=reason)
        else:
            backoff = timedelta(seconds=config.retry_base_seconds * 2 ** (delivery.attempts - 1))
            result.retry(delivery, reason=str(answer), after=backoff)
    else:
        raise answer
