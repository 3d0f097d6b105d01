"""Sending claimed deliveries: re-check, render, send, record, a chunk of messages at a time.

A chunk is one transaction. It locks the chunk's enrolments (then its deliveries, the order
every exit uses), re-checks each one right before its send, sends, and records every result
at once before it commits. The provider calls of a chunk go out several at a time, from send
threads that do nothing but the call (engine/sending.py); the chunk waits for all of them, with
a deadline, before it records and commits. An exit on goal locks the same enrolment, so it
either commits before the chunk (which then sees the enrolment ended and sends nothing) or
waits until the chunk is recorded: no mail goes out after a goal has committed.

A worker that dies in the middle of a chunk has sent some of its mails without recording them;
they go out again when the lease ends, with the same idempotency key and Message-ID. The
chunk size bounds that; the chunk size, the send concurrency and the call timeout bound how
long an exit may wait for a chunk in flight.
"""

import logging
import time
from collections import Counter
from contextlib import ExitStack
from datetime import datetime, timedelta
from functools import cache
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..channels import CHANNELS, PermanentFailure, Throttled, TransientFailure
from ..channels.base import Channel, Outgoing, Receipt
from ..conf import StepMailSettings, stepmail_settings
from ..models import Delivery, Enrollment
from ..tracking.links import message_tracked, unsubscribe_url
from .attribution import HOLDOUT
from .branching import move_reason, step_end_reason
from .chunk import ChunkResult, ChunkView, chunk_recorded, customers_lock, recent_sends
from .claim import claim_due_deliveries
from .conditions import conditions_failing
from .facts import engine_facts, facts_merged
from .goals import GOAL_END_STATES
from .identity import customer_key
from .integration import Integration, current_integration
from .line import line_facts_added, line_recipients
from .render import TemplateProblem, render_message
from .sending import Call, CallNotStarted, SendPool
from .suppression import suppressed_pairs
from .vocabulary import (
    PENDING_DELIVERY_STATES,
    ChannelKind,
    DeliveryState,
    EnrollmentState,
    StepAction,
)

logger = logging.getLogger(__name__)

LOST_CLAIM = "lost_claim"
ERROR = "error"
# Planned before the operator switched the step off: never sent, and the enrolment goes on.
STEP_DEACTIVATED = "step deactivated"


def dispatch_due(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """Claim one batch of due deliveries and send it. Returns how many ended in each outcome."""
    now = now or timezone.now()
    config = stepmail_settings()
    token, deliveries = claim_due_deliveries(now=now, limit=limit or config.batch_size)
    outcomes: Counter = Counter(claimed=len(deliveries))
    if not deliveries:
        return outcomes
    integration = current_integration()
    pool = SendPool(
        size=config.send_concurrency,
        timeout=config.send_timeout_seconds,
        per_second=config.max_sends_per_second,
    )
    try:
        with ExitStack() as sessions:
            # The send threads open their own sessions; these are for the channels that send
            # in the chunk's thread.
            for channel in {d.step.channel for d in deliveries}:
                if CHANNELS[channel].transactional:
                    sessions.enter_context(CHANNELS[channel].session())
            outcomes.update(
                _send_chunks(
                    deliveries, config, token=token, now=now, integration=integration, pool=pool
                )
            )
    finally:
        pool.close()
    enrollments_complete_finished({d.enrollment_id for d in deliveries}, now=now)
    return outcomes


def _send_chunks(
    deliveries: list[Delivery],
    config: StepMailSettings,
    *,
    token,
    now: datetime,
    integration: Integration,
    pool: SendPool,
) -> Counter:
    outcomes: Counter = Counter()
    suppressed = suppressed_pairs(
        (d.enrollment.email, d.enrollment.scenario_id) for d in deliveries
    )
    for chunk in batched(deliveries, config.send_chunk_size):
        try:
            outcomes.update(
                send_chunk(
                    chunk,
                    token=token,
                    now=now,
                    suppressed=suppressed,
                    integration=integration,
                    pool=pool,
                )
            )
        except Exception:
            # A bug or a database failure, not the provider: the chunk rolled back, the mails
            # it sent are recorded on their own (chunk_recorded), its other rows stay claimed
            # and the lease hands them back later. The next chunk goes on.
            logger.exception(
                "stepmail: chunk of deliveries %s failed", ", ".join(str(d.pk) for d in chunk)
            )
            outcomes[ERROR] += len(chunk)
    return outcomes


def send_chunk(
    chunk: tuple[Delivery, ...],
    *,
    token,
    now: datetime,
    suppressed: set[tuple[str, int]],
    integration: Integration,
    pool: SendPool,
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
        states = dict(
            Enrollment.objects.filter(pk__in={d.enrollment_id for d in chunk})
            .order_by("pk")
            .select_for_update()
            .values_list("pk", "state")
        )
        still_ours = set(
            Delivery.objects.filter(
                pk__in=[d.pk for d in chunk], state=DeliveryState.CLAIMED, claim_token=token
            )
            .order_by("pk")
            .select_for_update()
            .values_list("pk", flat=True)
        )
        sendable = {
            d.enrollment_id: d.enrollment
            for d in chunk
            if d.pk in still_ours and states.get(d.enrollment_id) == EnrollmentState.ACTIVE
        }
        view = ChunkView(
            states=states,
            suppressed=suppressed,
            recent_sends=recent_sends(chunk, now=now) if capped else {},
            facts=engine_facts(chunk, integration.customer_facts(list(sendable.values()))),
            goals=integration.goals_reached(list(sendable.values())) if sendable else {},
            line=line_recipients(sendable.values()) if _asks_line(chunk) else {},
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
                        _record_answer(config, delivery, result, _deliver_here(channel, payload))
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


def _deliver_here(channel: Channel, payload) -> Receipt | Exception:
    try:
        return channel.deliver(payload)
    except Exception as exc:  # noqa: BLE001 - judged by _record_answer, as a pool call's is
        return exc


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
        ending[enrollment.pk] = (GOAL_END_STATES.get(goal, EnrollmentState.EXITED), goal)
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
    context = facts_merged(message_context(delivery, integration), view.facts.get(delivery.pk, {}))
    line_facts_added(context, view.line.get(enrollment.pk))
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


def _asks_line(chunk: tuple[Delivery, ...]) -> bool:
    """Whether the chunk needs its customers' LINE users: a LINE step, a LINE enrolment, or a
    condition on a LINE fact (line_user_id). Mail-only chunks skip the query."""
    return any(
        d.step.channel == ChannelKind.LINE
        or d.enrollment.line_user_id
        or "line" in str(d.step.conditions)
        for d in chunk
    )


def message_context(delivery: Delivery, integration: Integration) -> dict:
    enrollment = delivery.enrollment
    context = {**enrollment.context, **integration.template_context(enrollment)}
    context["customer"] = {"email": enrollment.email, **context.get("customer", {})}
    context["scenario"] = {"slug": enrollment.scenario.slug, "name": enrollment.scenario.name}
    context["language"] = enrollment.scenario.language
    context["step"] = {"position": delivery.step.position, "name": delivery.step.name}
    context["unsubscribe_url"] = unsubscribe_url(delivery)
    # Issued when a template first shows it (Django calls callables), so a step skipped by
    # its conditions, or a mail that does not show a code, spends none.
    context["voucher"] = cache(lambda: integration.voucher_for(delivery) or {})
    return context


def enrollments_complete_finished(ids: set[int], *, now: datetime) -> int:
    """Mark enrolments completed once none of their deliveries is pending any more."""
    with transaction.atomic():
        # Locked in pk order, as every exit locks them: two workers never deadlock here.
        finished = list(
            Enrollment.objects.filter(pk__in=ids, state=EnrollmentState.ACTIVE)
            .exclude(deliveries__state__in=PENDING_DELIVERY_STATES)
            .order_by("pk")
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        return Enrollment.objects.filter(pk__in=finished, state=EnrollmentState.ACTIVE).update(
            state=EnrollmentState.COMPLETED, exit_reason="all steps done", ended_at=now
        )
