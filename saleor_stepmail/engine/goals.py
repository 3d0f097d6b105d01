"""Which active enrolments an event ends: a table from event type to the goals it meets."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from ..vocabulary import EnrollmentState, EventType, Goal
from .events import Event
from .identity import customer_match


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
    # Which enrolments, among those whose scenario has the goal, the event concerns.
    concerns: Callable[[Event], Q | None]


# The first rule an enrolment meets names its exit reason.
GOAL_RULES: dict[EventType, tuple[GoalRule, ...]] = {
    EventType.ORDER_CREATED: (
        GoalRule(Goal.CHECKOUT_COMPLETED, EnrollmentState.CONVERTED, _trigger_checkout),
        GoalRule(Goal.PURCHASED_AGAIN, EnrollmentState.CONVERTED, _another_order),
    ),
    EventType.ORDER_FULLY_PAID: (GoalRule(Goal.PAID, EnrollmentState.CONVERTED, _trigger_order),),
    EventType.ORDER_CANCELLED: (
        GoalRule(Goal.ORDER_CANCELLED, EnrollmentState.EXITED, _trigger_order),
    ),
    EventType.ORDER_EXPIRED: (
        GoalRule(Goal.ORDER_CANCELLED, EnrollmentState.EXITED, _trigger_order),
    ),
}


def goal_filters(event: Event) -> list[tuple[GoalRule, Q]]:
    """Each goal `event` meets, with the active enrolments it ends under that goal."""
    filters = []
    for rule in GOAL_RULES.get(event.type, ()):
        concerned = rule.concerns(event)
        if concerned is not None:
            with_goal = Q(state=EnrollmentState.ACTIVE, scenario__goals__contains=[rule.goal])
            filters.append((rule, with_goal & concerned))
    return filters


# How an enrolment ends when the shop's own data (engine/integration.py) shows a goal met.
GOAL_END_STATES: dict[str, EnrollmentState] = {
    rule.goal.value: rule.ends_as for rules in GOAL_RULES.values() for rule in rules
}
