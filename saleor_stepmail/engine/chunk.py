"""A chunk of deliveries sent in one transaction: what it knows about its customers, read
once under its locks, and what it decided, written in a few statements before it commits."""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q

from ..models import Delivery, DeliveryEvent, Enrollment, Scenario
from .branching import enrollment_move
from .enrollment import enrollments_end
from .vocabulary import (
    DeliveryEventType,
    DeliveryState,
    EnrollmentState,
)

logger = logging.getLogger(__name__)

RETRIED = "retried"
DEFERRED = "deferred"


@dataclass
class ChunkView:
    """What the chunk knows about its customers, read once under its locks."""

    states: dict[int, str]
    suppressed: set[str]
    # Per email, when step mail was sent to it lately (for the frequency cap).
    recent_sends: dict[str, list[datetime]]
    # Per delivery, what the engine knows for its conditions (engine/facts.py).
    facts: dict[int, dict] = field(default_factory=dict)
    # Per enrolment, the goal the shop's own data shows met (Integration.goals_reached).
    goals: dict[int, str] = field(default_factory=dict)
    ending: dict[int, tuple[EnrollmentState, str]] = field(default_factory=dict)
    # Per enrolment, its LINE user (engine/line.py line_recipients), for LINE steps and facts.
    line: dict[int, dict] = field(default_factory=dict)


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
    outcomes: Counter = field(default_factory=Counter)
    finished: list[Delivery] = field(default_factory=list)
    retried: list[Delivery] = field(default_factory=list)
    enrollments_to_end: dict[tuple[EnrollmentState, str], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Enrolments a "move" step ended, and the scenario each continues in.
    moves: list[tuple[Enrollment, Scenario]] = field(default_factory=list)

    def finish(self, delivery: Delivery, state: DeliveryState, *, reason: str = "", provider_id=""):
        delivery.state = state
        delivery.reason = reason[:500]
        delivery.claim_token = None
        delivery.provider_message_id = provider_id[:255]
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
        delivery.reason = reason[:500]
        delivery.attempts -= 1
        self.retried.append(delivery)
        self.outcomes[DEFERRED] += 1

    def retry(self, delivery: Delivery, *, reason: str, after: timedelta) -> None:
        delivery.state = DeliveryState.SCHEDULED
        delivery.claim_token = None
        delivery.available_at = self.now + after
        delivery.reason = reason[:500]
        self.retried.append(delivery)
        self.outcomes[RETRIED] += 1

    def record(self) -> None:
        for (state, reason), ids in self.enrollments_to_end.items():
            enrollments_end(ids, state=state, reason=reason, now=self.now)
        for enrollment, target in self.moves:
            enrollment_move(enrollment=enrollment, target=target, now=self.now)
        _record_deliveries(self.finished + self.retried, now=self.now)


def _record_deliveries(deliveries: list[Delivery], *, now: datetime) -> None:
    """Write the chunk's results, and a `sent` event per mail sent, in one statement.

    Django's bulk_update and bulk_create cost more per chunk than a send does. A channel's
    answer (a webhook's status and body), kept as the delivery's reason, goes with its event.
    """
    if not deliveries:
        return
    table, events = Delivery._meta.db_table, DeliveryEvent._meta.db_table
    row = "(%s, %s, %s, %s, %s::timestamptz, %s::timestamptz, %s::smallint)"
    rows = ", ".join([row] * len(deliveries))
    params = [
        value
        for d in deliveries
        for value in (
            d.pk,
            d.state,
            d.reason,
            d.provider_message_id,
            d.sent_at,
            d.available_at,
            d.attempts,
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH recorded AS (
                UPDATE {table} AS d
                SET state = v.state, reason = v.reason, claim_token = NULL,
                    provider_message_id = v.provider_message_id, sent_at = v.sent_at,
                    available_at = v.available_at, attempts = v.attempts, updated_at = %s
                FROM (VALUES {rows})
                    AS v(id, state, reason, provider_message_id, sent_at, available_at, attempts)
                WHERE d.id = v.id
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
            [now, *params, DeliveryEventType.SENT, now, DeliveryState.SENT],
        )
