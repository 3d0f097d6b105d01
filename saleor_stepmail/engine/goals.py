"""Which active enrolments an event ends: a table from event type to the goal it meets."""

from dataclasses import dataclass

from django.db.models import Q

from .events import Event
from .vocabulary import EnrollmentState, EventType, Goal


@dataclass(frozen=True)
class GoalRule:
    goal: Goal
    ends_as: EnrollmentState
    # True: the event's order must be the enrolment's trigger order (paid, cancelled).
    # False: any other order of the same customer (bought again).
    same_order: bool


GOAL_RULES: dict[EventType, GoalRule] = {
    EventType.ORDER_CREATED: GoalRule(Goal.PURCHASED_AGAIN, EnrollmentState.CONVERTED, False),
    EventType.ORDER_FULLY_PAID: GoalRule(Goal.PAID, EnrollmentState.CONVERTED, True),
    EventType.ORDER_CANCELLED: GoalRule(Goal.ORDER_CANCELLED, EnrollmentState.EXITED, True),
    EventType.ORDER_EXPIRED: GoalRule(Goal.ORDER_CANCELLED, EnrollmentState.EXITED, True),
}


def goal_filter(event: Event, rule: GoalRule) -> Q | None:
    """The enrolments `event` ends under `rule`, or None when it can end none."""
    in_scenarios_with_goal = Q(state=EnrollmentState.ACTIVE, scenario__goals__contains=[rule.goal])
    if rule.same_order:
        if not event.order_id:
            return None
        return in_scenarios_with_goal & Q(source_order_id=event.order_id)
    same_customer = Q()
    if event.email:
        same_customer |= Q(email=event.email)
    if event.user_id:
        same_customer |= Q(user_id=event.user_id)
    if not same_customer:
        return None
    return (
        in_scenarios_with_goal
        & same_customer
        & Q(triggered_at__lte=event.occurred_at)
        & ~Q(source_order_id=event.order_id)
    )


# How an enrolment ends when the shop's own data (engine/integration.py) shows a goal met.
GOAL_END_STATES: dict[str, EnrollmentState] = {
    rule.goal.value: rule.ends_as for rule in GOAL_RULES.values()
}
