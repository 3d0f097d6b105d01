"""A chunk of deliveries sent in one transaction: what it knows about its customers, read
once under its locks, and what it decided, written in a few statements before it commits.

Once a provider has accepted a message, nothing else may undo its record (chunk_recorded):
a row the database refuses is recorded alone, and if the chunk's transaction fails anyway,
its accepted sends are recorded on their own after the rollback.
"""

import hashlib
import logging
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from ..models import Delivery, DeliveryEvent, Enrollment, Scenario
from ..vocabulary import (
    DeliveryEventType,
    DeliveryState,
    EnrollmentState,
)
from .branching import enrollment_move
from .channels import CHANNELS
from .context import MessageFacts
from .enrollment import enrollments_complete_finished, enrollments_end
from .events import normalize_email
from .storable import ID_CHARS, REASON_CHARS, storable_text

logger = logging.getLogger(__name__)

RETRIED = "retried"
DEFERRED = "deferred"


@dataclass
class ChunkView:
    """What the chunk knows about its customers, read once under its locks."""

    states: dict[int, str]
    # (address, scenario id) pairs not to mail (engine.suppression.suppressed_pairs).
    suppressed: set[tuple[str, int]]
    # Per email, when step mail was sent to it lately (for the frequency cap).
    recent_sends: dict[str, list[datetime]]
    # The facts its messages read that take queries (engine/context.py message_facts).
    facts: MessageFacts = field(default_factory=MessageFacts)
    # Per enrolment, the goal the shop's own data shows met (Integration.goals_reached).
    goals: dict[int, str] = field(default_factory=dict)
    ending: dict[int, tuple[EnrollmentState, str]] = field(default_factory=dict)


def customers_lock(keys: Iterable[str]) -> None:
    """Lock each customer (identity.customer_key: the address, or the LINE user) for the
    frequency cap until the chunk's transaction ends.

    A worker reads a customer's recent sends, then sends: two workers messaging one customer
    at once (two scenarios) would each count before the other's send commits, and both pass
    the cap. With this lock taken before counting, the second waits until the first has
    recorded its sends. Taken first in every chunk (before the enrolment locks) and in one
    order, so two chunks never wait on each other in a circle.
    """
    locks = sorted({_lock_key(key) for key in keys})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [locks])


def chunk_locked(
    chunk: tuple[Delivery, ...], *, token: uuid.UUID
) -> tuple[dict[int, str], set[int]]:
    """Lock the chunk's enrolments, then those of its deliveries this claim still holds, in
    id order (the order every exit takes them): each enrolment's state, and the deliveries
    that are still ours (not cancelled by an exit, nor re-claimed after the lease ran out).

    In SQL of its own: the ORM spent more CPU building these two statements than a chunk
    spends on them in the database.
    """
    enrollments, deliveries = Enrollment._meta.db_table, Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, state FROM {enrollments} WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            [sorted({d.enrollment_id for d in chunk})],
        )
        states = dict(cursor.fetchall())
        cursor.execute(
            f"""SELECT id FROM {deliveries}
            WHERE id = ANY(%s) AND state = %s AND claim_token = %s ORDER BY id FOR UPDATE""",
            [sorted(d.pk for d in chunk), DeliveryState.CLAIMED, token],
        )
        return states, {pk for (pk,) in cursor.fetchall()}


def _lock_key(customer: str) -> int:
    digest = hashlib.sha256(b"stepmail-customer:" + normalize_email(customer).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def recent_sends(chunk: tuple[Delivery, ...], *, now: datetime) -> dict[str, list[datetime]]:
    """Per customer (engine/identity.py customer_key: the address, or the LINE user of an
    enrolment without one), when step messages were sent to them lately."""
    sends = defaultdict(list)
    emails = {d.enrollment.email for d in chunk if d.enrollment.email}
    line_users = {d.enrollment.line_user_id for d in chunk if not d.enrollment.email}
    customers = Q(enrollment__email__in=emails)
    if line_users:
        customers |= Q(enrollment__email="", enrollment__line_user_id__in=line_users)
    rows = Delivery.objects.filter(
        customers, state=DeliveryState.SENT, sent_at__gt=now - timedelta(days=7)
    ).values_list("enrollment__email", "enrollment__line_user_id", "sent_at")
    for email, line_user_id, sent_at in rows:
        sends[email or f"line:{line_user_id}"].append(sent_at)
    return sends


@dataclass
class ChunkResult:
    """What a chunk decided, written in a few statements before it commits."""

    now: datetime
    token: uuid.UUID
    outcomes: Counter = field(default_factory=Counter)
    finished: list[Delivery] = field(default_factory=list)
    retried: list[Delivery] = field(default_factory=list)
    enrollments_to_end: dict[tuple[EnrollmentState, str], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Enrolments a "move" step ended, and the scenario each continues in.
    moves: list[tuple[Enrollment, Scenario]] = field(default_factory=list)
    # Deliveries whose row the database refused, even alone (see record).
    unrecorded: list[Delivery] = field(default_factory=list)

    def finish(self, delivery: Delivery, state: DeliveryState, *, reason: str = "", provider_id=""):
        delivery.state = state
        delivery.reason = storable_text(reason, limit=REASON_CHARS)
        delivery.claim_token = None
        delivery.provider_message_id = storable_text(provider_id, limit=ID_CHARS)
        delivery.sent_at = self.now if state == DeliveryState.SENT else None
        self.finished.append(delivery)
        self.outcomes[state] += 1
        if state in (DeliveryState.SKIPPED, DeliveryState.FAILED):
            logger.warning(
                "stepmail: delivery %s (enrollment %s) %s: %s",
                delivery.pk,
                delivery.enrollment_id,
                state,
                reason,
            )

    def end_enrollment(self, delivery: Delivery, state: EnrollmentState, reason: str) -> None:
        # Its pending deliveries, this one included, are cancelled by enrollments_end.
        self.enrollments_to_end[state, reason].append(delivery.enrollment_id)
        self.outcomes[DeliveryState.CANCELLED] += 1

    def defer(self, delivery: Delivery, *, until: datetime, reason: str) -> None:
        """Not now, and not a failure: back to the schedule without spending an attempt."""
        delivery.state = DeliveryState.SCHEDULED
        delivery.claim_token = None
        delivery.available_at = until
        delivery.reason = storable_text(reason, limit=REASON_CHARS)
        delivery.attempts -= 1
        self.retried.append(delivery)
        self.outcomes[DEFERRED] += 1

    def retry(self, delivery: Delivery, *, reason: str, after: timedelta) -> None:
        delivery.state = DeliveryState.SCHEDULED
        delivery.claim_token = None
        delivery.available_at = self.now + after
        delivery.reason = storable_text(reason, limit=REASON_CHARS)
        self.retried.append(delivery)
        self.outcomes[RETRIED] += 1

    def record(self) -> None:
        """Write what the chunk decided, in its transaction.

        The deliveries go in one statement; if the database refuses it, each delivery is
        written alone, so that one refused row leaves the others recorded. A row refused even
        alone is logged and kept in `unrecorded`: it stays claimed and the lease hands it back,
        unless it was sent (chunk_recorded then records the send on its own). Last, the
        enrolments left with nothing pending complete, in the same commit as their last mail:
        not after the batch, which the worker might not live to finish.
        """
        for (state, reason), ids in self.enrollments_to_end.items():
            enrollments_end(ids, state=state, reason=reason, now=self.now)
        for enrollment, target in self.moves:
            enrollment_move(enrollment=enrollment, target=target, now=self.now)
        deliveries = self.finished + self.retried
        try:
            with transaction.atomic():
                _record_deliveries(deliveries, token=self.token, now=self.now)
        except DatabaseError:
            logger.exception(
                "stepmail: recording deliveries %s at once failed; recording each alone",
                ", ".join(str(d.pk) for d in deliveries),
            )
            self.unrecorded += [
                d for d in deliveries if not _record_alone(d, token=self.token, now=self.now)
            ]
        enrollments_complete_finished([d.enrollment_id for d in self.finished], now=self.now)

    def accepted_sends(self) -> list[Delivery]:
        """The deliveries a provider accepted: a rollback of the chunk cannot take them back.

        A channel that writes its message in the chunk's transaction (a call task) is not
        among them: its message rolls back with the chunk, and is written again later.
        """
        return [
            d
            for d in self.finished
            if d.state == DeliveryState.SENT and not CHANNELS[d.step.channel].transactional
        ]


@contextmanager
def chunk_recorded(result: ChunkResult) -> Iterator[None]:
    """The chunk's transaction, which records `result` before it commits.

    Whatever fails in it (a bug, a row the database refuses, a failed commit), the mails that
    providers accepted are recorded `sent` right after, in a transaction of their own; the
    chunk's other deliveries stay claimed and go back to the schedule when the lease ends.
    """
    try:
        with transaction.atomic():
            yield
            result.record()
    except Exception:
        result.unrecorded = result.accepted_sends()
        raise
    finally:
        sends = [d for d in result.unrecorded if d.state == DeliveryState.SENT]
        if sends:
            sends_record_alone(sends, token=result.token, now=result.now)


def sends_record_alone(deliveries: list[Delivery], *, token: uuid.UUID, now: datetime) -> None:
    """Record accepted sends one by one, each in a transaction of its own that locks it as a
    chunk does (its enrolment, then it) and completes the enrolment if that was its last
    pending mail; a send whose answer the database still refuses is recorded without it."""
    for delivery in deliveries:
        try:
            with transaction.atomic():
                chunk_locked((delivery,), token=token)
                if not _record_alone(delivery, token=token, now=now):
                    delivery.reason = delivery.provider_message_id = ""
                    _record_alone(delivery, token=token, now=now)
                enrollments_complete_finished([delivery.enrollment_id], now=now)
        except DatabaseError:
            # The database is down: the delivery stays claimed, and goes out again when the
            # lease ends (docs/architecture.md, "Exactly once: remaining windows").
            logger.exception(
                "stepmail: sent delivery %s (enrollment %s) could not be recorded",
                delivery.pk,
                delivery.enrollment_id,
            )


def _record_alone(delivery: Delivery, *, token: uuid.UUID, now: datetime) -> bool:
    """Record one delivery in a transaction (a savepoint inside the chunk's); False if the
    database refused it (logged: the row stays claimed until the lease ends)."""
    try:
        with transaction.atomic():
            _record_deliveries([delivery], token=token, now=now)
    except DatabaseError:
        logger.exception(
            "stepmail: delivery %s (enrollment %s, %s) could not be recorded",
            delivery.pk,
            delivery.enrollment_id,
            delivery.state,
        )
        return False
    return True


def _record_deliveries(deliveries: list[Delivery], *, token: uuid.UUID, now: datetime) -> None:
    """Write the chunk's results, and a `sent` event per mail sent, in one statement.

    Django's bulk_update and bulk_create cost more per chunk than a send does. A channel's
    answer (a webhook's status and body), kept as the delivery's reason, goes with its event.
    Only rows this claim still holds are written: one re-claimed after the lease is not ours.
    """
    if not deliveries:
        return
    table, events = Delivery._meta.db_table, DeliveryEvent._meta.db_table
    rows = [
        (d.pk, d.state, d.reason, d.provider_message_id, d.sent_at, d.available_at, d.attempts)
        for d in deliveries
    ]
    # One array per column: the statement's text is the same for every chunk, so the driver
    # parses it once, whatever the chunk's size.
    columns = [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH recorded AS (
                UPDATE {table} AS d
                SET state = v.state, reason = v.reason, claim_token = NULL,
                    provider_message_id = v.provider_message_id, sent_at = v.sent_at,
                    available_at = v.available_at, attempts = v.attempts, updated_at = %s
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[],
                    %s::timestamptz[], %s::timestamptz[], %s::smallint[])
                    AS v(id, state, reason, provider_message_id, sent_at, available_at, attempts)
                WHERE d.id = v.id AND d.claim_token = %s
                RETURNING d.id, d.state, d.reason
            )
            INSERT INTO {events}
                (delivery_id, type, occurred_at, metadata, provider_event_id, order_id, currency)
            SELECT id, %s, %s,
                CASE WHEN reason = '' THEN '{{}}'::jsonb
                     ELSE jsonb_build_object('response', reason) END,
                '', '', ''
            FROM recorded WHERE state = %s
            """,
            [now, *columns, token, DeliveryEventType.SENT, now, DeliveryState.SENT],
        )
