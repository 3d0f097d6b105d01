"""Goals, written once as data: which events meet each goal, which active enrolments such an
event ends, what the shop's own data shows when it is met, and which past events the
simulator replays for it.

Every caller reads this table: record_event (an event ends enrolments), the dispatcher's
re-check right before a send (Integration.goal_signs: the shop's data, for a payment or an
order that reached the shop without an event), backfills and the simulator (past events).
Adding a goal is one GoalRule here, plus a ShopSign the adapter reads if the shop's data
shows it in a new way.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from ..vocabulary import EnrollmentState, EventType, Goal, Trigger
from .events import Event
from .identity import customer_match


class ShopSign(StrEnum):
    """What a shop's own data can show of an enrolment (Integration.goal_signs)."""

    SOURCE_ORDER_PAID = "source_order_paid"
    SOURCE_ORDER_ENDED = "source_order_ended"  # cancelled or expired
    CHECKOUT_ORDERED = "checkout_ordered"  # the enrolment's checkout became an order
    ORDERED_AGAIN = "ordered_again"  # another order of the customer since the enrolment began


def _trigger_order(event: Event) -> Q | None:
    """The enrolment's own trigger order (paid, cancelled)."""
    return Q(source_order_id=event.order_id) if event.order_id else None


def _another_order(event: Event) -> Q | None:
    """Any later order of the same customer but the trigger order (bought again)."""
    customer = customer_match(email=event.email, user_id=event.user_id)
    if customer is None:
        return None
    return customer & Q(triggered_at__lte=event.occurred_at) & ~Q(source_order_id=event.order_id)


def _trigger_checkout(event: Event) -> Q | None:
    """The customer's enrolment started by the checkout this order was completed from.

    No time condition: an order may be recorded after the abandonment it completes was detected.
    """
    customer = customer_match(email=event.email, user_id=event.user_id)
    if customer is None or not event.checkout_token:
        return None
    return customer & Q(context__cart__token=event.checkout_token)


@dataclass(frozen=True)
class GoalRule:
    goal: Goal
    ends_as: EnrollmentState
    # The events that meet the goal, and which enrolments (among those whose scenario has the
    # goal) such an event concerns.
    met_by: tuple[EventType, ...]
    concerns: Callable[[Event], Q | None]
    # What the shop's own data shows of an enrolment whose goal is met.
    shop_sign: ShopSign
    # Which past events (Integration.past_events) hold the events that meet it; None: the
    # history has none (the simulator says so in its assumptions).
    history: Trigger | None


# In order of precedence: the first goal an enrolment meets names its exit.
GOALS: tuple[GoalRule, ...] = (
    GoalRule(
        Goal.PAID,
        EnrollmentState.CONVERTED,
        (EventType.ORDER_FULLY_PAID,),
        _trigger_order,
        ShopSign.SOURCE_ORDER_PAID,
        Trigger.ORDER_PAID,
    ),
    GoalRule(
        Goal.ORDER_CANCELLED,
        EnrollmentState.EXITED,
        (EventType.ORDER_CANCELLED, EventType.ORDER_EXPIRED),
        _trigger_order,
        ShopSign.SOURCE_ORDER_ENDED,
        None,
    ),
    GoalRule(
        Goal.CHECKOUT_COMPLETED,
        EnrollmentState.CONVERTED,
        (EventType.ORDER_CREATED,),
        _trigger_checkout,
        ShopSign.CHECKOUT_ORDERED,
        Trigger.ORDER_CREATED,
    ),
    GoalRule(
        Goal.PURCHASED_AGAIN,
        EnrollmentState.CONVERTED,
        (EventType.ORDER_CREATED,),
        _another_order,
        ShopSign.ORDERED_AGAIN,
        Trigger.ORDER_CREATED,
    ),
)
GOAL_RULE: dict[str, GoalRule] = {rule.goal.value: rule for rule in GOALS}
# The event types that meet some goal.
GOAL_EVENTS: frozenset[EventType] = frozenset(t for rule in GOALS for t in rule.met_by)


def goal_filters(event: Event) -> list[tuple[GoalRule, Q]]:
    """Each goal `event` meets, with the active enrolments it ends under that goal."""
    filters = []
    for rule in GOALS:
        if event.type not in rule.met_by:
            continue
        concerned = rule.concerns(event)
        if concerned is not None:
            with_goal = Q(state=EnrollmentState.ACTIVE, scenario__goals__contains=[rule.goal])
            filters.append((rule, with_goal & concerned))
    return filters


def goal_end_state(goal: str) -> EnrollmentState:
    """How an enrolment ends when it meets `goal`."""
    rule = GOAL_RULE.get(goal)
    return rule.ends_as if rule else EnrollmentState.EXITED


def signs_wanted(enrollments: Sequence) -> dict[int, set[ShopSign]]:
    """Per enrolment id, what the shop's data must be asked for its scenario's goals."""
    return {
        e.pk: {rule.shop_sign for rule in GOALS if rule.goal in e.scenario.goals}
        for e in enrollments
    }


def goals_shown(enrollments: Sequence, signs: dict[int, set[ShopSign]]) -> dict[int, str]:
    """Per enrolment id, the first of its scenario's goals that `signs` (the shop's data,
    Integration.goal_signs) show met; enrolments whose goal is not met are left out."""
    reached = {}
    for enrollment in enrollments:
        shown = signs.get(enrollment.pk, set())
        for rule in GOALS:
            if rule.goal in enrollment.scenario.goals and rule.shop_sign in shown:
                reached[enrollment.pk] = rule.goal.value
                break
    return reached


def history_triggers(goals: Sequence[str]) -> set[Trigger]:
    """The past events (by the trigger that lists them) that may meet any of `goals`."""
    return {GOAL_RULE[g].history for g in goals if g in GOAL_RULE and GOAL_RULE[g].history}


def goals_reached(integration, enrollments: Sequence) -> dict[int, str]:
    """Per enrolment id, the goal the shop's own data (`integration`) shows met, asked only
    for what the enrolments' goals need; the dispatcher's re-check right before a send."""
    if not enrollments:
        return {}
    signs = integration.goal_signs(enrollments, wanted=signs_wanted(enrollments))
    return goals_shown(enrollments, signs)
