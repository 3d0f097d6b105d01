"""Every change of an enrolment's state: enrol on a trigger, end on a goal, erase a customer."""

import logging
import operator
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils import timezone

from ..models import Delivery, DeliveryEvent, Enrollment, Scenario, Step
from ..vocabulary import (
    PENDING_DELIVERY_STATES,
    DeliveryState,
    EnrollmentState,
    EventType,
    ReentryPolicy,
    ScenarioStatus,
)
from .attribution import order_attribute, order_outcome_record
from .checkouts import checkout_snapshot_complete
from .erasure import customer_records_erase
from .events import Event
from .experiments import holdout_assigned
from .goals import goal_filters
from .identity import customer_key, customer_match
from .integration import current_integration
from .line import UNFOLLOWED, line_followed, line_unfollowed, line_users_erase
from .schedule import plan_deliveries
from .suppression import suppressed_pairs
from .triggers import triggers_fired_by

logger = logging.getLogger(__name__)


@dataclass
class EventOutcome:
    enrolled: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    erased: int = 0


class ActiveScenarios:
    """The active scenarios with their active steps and variants, read once for a batch of
    events applied in one transaction (engine/inbox.py), instead of once per event."""

    def __init__(self) -> None:
        self._scenarios: list[Scenario] | None = None

    def fired_by(self, triggers: list) -> list[Scenario]:
        if self._scenarios is None:
            self._scenarios = list(
                Scenario.objects.filter(status=ScenarioStatus.ACTIVE).prefetch_related(
                    Prefetch(
                        "steps",
                        queryset=Step.objects.filter(is_active=True).prefetch_related("variants"),
                    )
                )
            )
        return [scenario for scenario in self._scenarios if scenario.trigger in triggers]


def record_event(
    event: Event, *, now: datetime | None = None, scenarios: ActiveScenarios | None = None
) -> EventOutcome:
    """Apply one customer event: end the enrolments it completes, then enrol where it triggers.

    Ending comes first, so that a second order leaves the first-purchase path before any
    scenario it triggers starts. A new order is first credited to the mail that led to it, and
    a payment, cancellation or refund makes that credit count or not (engine/attribution.py).
    All of it is one transaction. `scenarios` is shared by the events of one batch; None reads
    them for this event.
    """
    now = now or timezone.now()
    outcome = EventOutcome()
    with transaction.atomic():
        if event.type == EventType.CUSTOMER_DELETED:
            outcome.erased = customer_erase(email=event.email, user_id=event.user_id, now=now)
            return outcome
        if event.type == EventType.LINE_UNFOLLOWED:
            outcome.ended = line_unfollowed(event)
            enrollments_end(
                outcome.ended, state=EnrollmentState.UNSUBSCRIBED, reason=UNFOLLOWED, now=now
            )
            return outcome
        if event.type == EventType.LINE_FOLLOWED:
            event = line_followed(event, now=now)
        if event.type == EventType.ORDER_CREATED:
            order_attribute(event)
            checkout_snapshot_complete(event)
        order_outcome_record(event)
        outcome.ended = enrollments_end_on_goal(event, now=now)
        outcome.enrolled = enroll_for_event(event, scenarios or ActiveScenarios())
    return outcome


def enrollments_end_on_goal(event: Event, *, now: datetime) -> list[int]:
    filters = goal_filters(event)
    if not filters:
        return []
    # One statement locks every enrolment the event ends, in pk order as every exit does;
    # the first goal an enrolment meets names its exit.
    first_goal_met = Case(
        *(When(condition, then=Value(index)) for index, (_, condition) in enumerate(filters)),
        output_field=IntegerField(),
    )
    rows = list(
        Enrollment.objects.filter(reduce(operator.or_, (condition for _, condition in filters)))
        .annotate(goal_index=first_goal_met)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", "goal_index")
    )
    by_goal: dict[int, list[int]] = {}
    for pk, index in rows:
        by_goal.setdefault(index, []).append(pk)
    for index, ids in by_goal.items():
        rule = filters[index][0]
        enrollments_end(ids, state=rule.ends_as, reason=rule.goal.value, now=now)
    return [pk for pk, _ in rows]


def enrollments_end(ids: list[int], *, state: EnrollmentState, reason: str, now: datetime) -> int:
    """End active enrolments and cancel their pending deliveries, in the caller's transaction."""
    if not ids:
        return 0
    ended = Enrollment.objects.filter(pk__in=ids, state=EnrollmentState.ACTIVE).update(
        state=state, exit_reason=reason, ended_at=now
    )
    Delivery.objects.filter(enrollment_id__in=ids, state__in=PENDING_DELIVERY_STATES).update(
        state=DeliveryState.CANCELLED, reason=f"enrollment {state}: {reason}", updated_at=now
    )
    return ended


# Why an enrolment with nothing left to send ends.
ALL_STEPS_DONE = "all steps done"


def enrollments_complete_finished(ids: list[int], *, now: datetime) -> None:
    """Complete those of the active enrolments `ids` that have no delivery pending any more,
    in the caller's transaction, in one statement (locking them in pk order, as every exit
    does; a caller already holding them waits for nothing).

    A chunk calls it right after recording its deliveries, so an enrolment completes with the
    commit of its last send, whatever then happens to the worker; a step's delete calls it for
    the enrolments whose only planned mail went with the step.
    """
    if not ids:
        return
    enrollments, deliveries = Enrollment._meta.db_table, Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {enrollments} SET state = %(completed)s, exit_reason = %(reason)s,
                ended_at = %(now)s
            WHERE state = %(active)s AND id IN (
                SELECT e.id FROM {enrollments} AS e
                WHERE e.id = ANY(%(ids)s) AND e.state = %(active)s AND NOT EXISTS (
                    SELECT 1 FROM {deliveries} AS d
                    WHERE d.enrollment_id = e.id AND d.state = ANY(%(pending)s)
                )
                ORDER BY e.id FOR UPDATE
            )
            """,
            {
                "completed": EnrollmentState.COMPLETED,
                "reason": ALL_STEPS_DONE,
                "now": now,
                "active": EnrollmentState.ACTIVE,
                "ids": sorted(set(ids)),
                "pending": list(PENDING_DELIVERY_STATES),
            },
        )


def enroll_for_event(event: Event, active: ActiveScenarios) -> list[int]:
    triggers = triggers_fired_by(event)
    if not triggers or not (event.email or event.line_user_id):
        return []
    scenarios = active.fired_by(triggers)
    if not scenarios:
        return []
    suppressed = suppressed_pairs((event.email, scenario.pk) for scenario in scenarios)
    enrolled = []
    for scenario in scenarios:
        steps = list(scenario.steps.all())
        enrollment, _ = scenario_enroll(scenario, event, suppressed=suppressed, steps=steps)
        if enrollment is not None:
            enrolled.append(enrollment.pk)
    return enrolled


def scenario_enroll(
    scenario: Scenario,
    event: Event,
    *,
    suppressed: set[tuple[str, int]] | None = None,
    steps: list[Step] | None = None,
    moved: bool = False,
) -> tuple[Enrollment | None, str]:
    """Enrol in this one scenario and plan its deliveries; or None and why not (an address to
    reach, the suppression list, the scenario's channels, one scenario per trigger, its
    re-entry policy). The one decision every enrolment takes: live events, moves, backfills
    and the simulator.

    `suppressed` is suppression.suppressed_pairs and `steps` the scenario's steps with their
    variants, read once for a batch; None reads them here. The caller checks that the event
    fires the scenario's trigger, or `moved`: a MOVE step brings the customer, which one
    scenario per trigger does not refuse (the trigger did not fire).
    """
    if not (event.email or event.line_user_id):
        return None, "no address"
    if suppressed is None:
        suppressed = suppressed_pairs([(event.email, scenario.pk)])
    if (event.email, scenario.pk) in suppressed:
        return None, "suppressed"
    if not scenario.applies_to_channel(event.channel_slug):
        return None, "other channel"
    if not moved and current_integration().one_scenario_per_trigger(event.channel_slug):
        older = scenarios_sharing_trigger(scenario, channel_slug=event.channel_slug, older=True)
        if older:
            return None, f"one scenario per trigger: {older[0].slug} takes it"
    enrollment, refusal = _enroll(scenario, event)
    if enrollment is not None:
        if steps is None:
            steps = list(scenario.steps.filter(is_active=True).prefetch_related("variants"))
        Delivery.objects.bulk_create(plan_deliveries(enrollment, steps))
    return enrollment, refusal


def scenarios_sharing_trigger(
    scenario: Scenario, *, channel_slug: str | None = None, older: bool = False
) -> list[Scenario]:
    """The other active scenarios that start on `scenario`'s trigger in a channel they both
    apply to (in `channel_slug`, when given), oldest first; `older`: only those created before
    it. What activating it warns about, and what one scenario per trigger decides by."""
    others = Scenario.objects.filter(status=ScenarioStatus.ACTIVE, trigger=scenario.trigger)
    others = others.exclude(pk=scenario.pk).order_by("pk")
    if older:
        others = others.filter(pk__lt=scenario.pk)

    def shares_a_channel(other: Scenario) -> bool:
        if channel_slug is not None:
            return other.applies_to_channel(channel_slug)
        # No channels listed: every channel.
        mine, theirs = set(scenario.channels), set(other.channels)
        return not mine or not theirs or bool(mine & theirs)

    return [other for other in others if shares_a_channel(other)]


def _enroll(scenario: Scenario, event: Event) -> tuple[Enrollment | None, str]:
    """Create the enrolment unless the re-entry policy forbids it (the database decides last)."""
    customer = {"email": event.email} if event.email else {"line_user_id": event.line_user_id}
    if scenario.reentry == ReentryPolicy.ONCE and scenario.enrollments.filter(**customer).exists():
        return None, "re-entry: once"
    if scenario.reentry == ReentryPolicy.PER_ORDER and not event.order_id:
        return None, "re-entry: per order, no order"
    try:
        with transaction.atomic():
            return Enrollment.objects.create(
                scenario=scenario,
                email=event.email,
                user_id=event.user_id,
                line_user_id=event.line_user_id,
                source_order_id=event.order_id,
                reentry_key=event.order_id if scenario.reentry == ReentryPolicy.PER_ORDER else "",
                channel_slug=event.channel_slug,
                triggered_at=event.occurred_at,
                context=event.context,
                holdout=holdout_assigned(
                    scenario_id=scenario.pk,
                    email=customer_key(event),
                    percent=scenario.holdout_percent,
                ),
            ), ""
    except IntegrityError:
        # Already active in this scenario (the partial unique constraint): not twice at once;
        # per order, that order enrolled already.
        return None, "re-entry: already enrolled"


def customer_erase(*, email: str, user_id: str, now: datetime) -> int:
    """Remove a deleted customer's personal data; counts stay, so step statistics stay true."""
    line_user_ids = line_users_erase(email=email, user_id=user_id)
    match = customer_match(email=email, user_id=user_id, line_user_ids=line_user_ids)
    if match is None:
        return 0
    enrollments = Enrollment.objects.filter(match)
    ids = list(
        enrollments.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True)
    )
    enrollments_end(ids, state=EnrollmentState.EXITED, reason="customer_deleted", now=now)
    DeliveryEvent.objects.filter(delivery__enrollment_id__in=ids).update(metadata={})
    customer_records_erase(
        email=email, user_id=user_id, line_user_ids=line_user_ids, enrollment_ids=ids
    )
    return Enrollment.objects.filter(pk__in=ids).update(
        email="", user_id="", line_user_id="", context={}
    )
