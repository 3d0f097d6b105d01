"""What a scenario would have done to past customers: read-only, nothing sent or written.

The history is the integration's `past_events` (Saleor's orders inside Saleor, the recorded
hook events elsewhere). Each event that fires the scenario's trigger in [since, until) enrols
its customer as the engine would (re-entry policy, channel, suppression list), each active
step is timed as the planner times it (delays, delay facts, time of day), then held as the
dispatcher holds it by the send window and the frequency cap (counting this scenario's mails
only), and the enrolment leaves at the first later event in the same history that meets one
of its goals, or at an end/move step whose conditions hold.

Known gaps, said in the result's `assumptions`: conditions see the trigger's facts, not the
shop's fresh ones; "previous_step.opened/clicked" are unknown for mail never sent and count as
false; cancellations are not in past_events, so the order_cancelled goal is not simulated; the
holdout is ignored (everyone is treated). A time is when the mail may go; the real one goes at
the dispatcher's first tick from then (every 30 seconds under beat). Without a shop, an order
counts as paid when created if the history has its payment by then (engine/integration.py).
tests/engine/test_simulate.py checks a month of a dozen customers against a real run.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..models import Enrollment, Scenario, Step
from ..vocabulary import Goal, ReentryPolicy, StepAction, Trigger
from .conditions import conditions_failing, conditions_use_engine_facts
from .context import facts_derived
from .events import Event
from .integration import Integration, current_integration
from .schedule import step_due_at
from .suppression import suppressed_emails
from .timing import FrequencyCap, SendWindow

SENT, SKIPPED, ENDED, MOVED, NOT_REACHED = "sent", "skipped", "ended", "moved", "not_reached"
ALL_STEPS_DONE = "all steps done"


@dataclass(frozen=True)
class GoalSource:
    """Where in past_events the events meeting a goal are, and which of them meet it."""

    trigger: Trigger
    meets: Callable[[Event, Event], bool]  # (goal event, trigger event)


GOAL_SOURCES: dict[str, GoalSource] = {
    Goal.PURCHASED_AGAIN: GoalSource(
        Trigger.ORDER_CREATED,
        lambda e, start: (
            e.email == start.email
            and e.order_id != start.order_id
            and e.occurred_at >= start.occurred_at
        ),
    ),
    Goal.PAID: GoalSource(
        Trigger.ORDER_PAID,
        lambda e, start: bool(start.order_id) and e.order_id == start.order_id,
    ),
}


@dataclass
class SimulatedStep:
    position: int
    name: str
    channel: str
    at: datetime | None
    outcome: str
    reason: str = ""


@dataclass
class SimulatedEnrollment:
    email: str
    order_id: str
    channel_slug: str
    triggered_at: datetime
    steps: list[SimulatedStep] = field(default_factory=list)
    left_at: datetime | None = None
    left_reason: str = ""


@dataclass
class SimulationResult:
    scenario: Scenario
    since: datetime
    until: datetime
    enrollments: list[SimulatedEnrollment]
    # Trigger events that would not have enrolled, by why (re-entry, suppressed, channel).
    not_enrolled: dict[str, int]
    assumptions: list[str]

    @property
    def sent_count(self) -> int:
        return sum(s.outcome == SENT for e in self.enrollments for s in e.steps)


def scenario_simulate(*, scenario: Scenario, since: datetime, until: datetime) -> SimulationResult:
    """Who the scenario would have enrolled from [since, until), what each would have got, when."""
    integration = current_integration()
    starts = [
        e
        for e in integration.past_events(Trigger(scenario.trigger), since)
        if e.occurred_at < until
    ]
    goal_events = {
        goal: list(integration.past_events(GOAL_SOURCES[goal].trigger, since))
        for goal in scenario.goals
        if goal in GOAL_SOURCES
    }
    steps = list(scenario.steps.filter(is_active=True).order_by("position"))
    suppressed = suppressed_emails({e.email for e in starts if e.email}, scenario_id=scenario.pk)
    simulated: list[SimulatedEnrollment] = []
    not_enrolled: dict[str, int] = defaultdict(int)
    sends: dict[str, list[datetime]] = defaultdict(list)
    for start in starts:
        refusal = _refusal(scenario, start, simulated, suppressed)
        if refusal:
            not_enrolled[refusal] += 1
            continue
        enrollment = SimulatedEnrollment(
            email=start.email,
            order_id=start.order_id,
            channel_slug=start.channel_slug,
            triggered_at=start.occurred_at,
        )
        goal_at, goal = _first_goal(start, goal_events)
        _walk_steps(scenario, steps, start, enrollment, integration, sends[start.email])
        if goal_at is not None and (enrollment.left_at is None or goal_at < enrollment.left_at):
            _leave_on_goal(enrollment, goal_at, goal)
        simulated.append(enrollment)
    return SimulationResult(
        scenario=scenario,
        since=since,
        until=until,
        enrollments=simulated,
        not_enrolled=dict(not_enrolled),
        assumptions=_assumptions(scenario, steps),
    )


def _refusal(
    scenario: Scenario, start: Event, earlier: list[SimulatedEnrollment], suppressed: set[str]
) -> str:
    if not start.email:
        return "no email"
    if start.email in suppressed:
        return "suppressed"
    if not scenario.applies_to_channel(start.channel_slug):
        return "other channel"
    mine = [e for e in earlier if e.email == start.email]
    if scenario.reentry == ReentryPolicy.ONCE and mine:
        return "re-entry: once"
    if scenario.reentry == ReentryPolicy.PER_ORDER:
        if not start.order_id:
            return "re-entry: per order, no order"
        if any(e.order_id == start.order_id for e in mine):
            return "re-entry: per order"
    if scenario.reentry == ReentryPolicy.AFTER_EXIT and any(
        e.left_at is None or e.left_at > start.occurred_at for e in mine
    ):
        return "re-entry: still active"
    return ""


def _first_goal(start: Event, goal_events: dict[str, list[Event]]) -> tuple[datetime | None, str]:
    met = [
        (event.occurred_at, goal)
        for goal, events in goal_events.items()
        for event in events
        if GOAL_SOURCES[goal].meets(event, start)
    ]
    return min(met) if met else (None, "")


def _leave_on_goal(enrollment: SimulatedEnrollment, goal_at: datetime, goal: str) -> None:
    for step in enrollment.steps:
        if step.at is not None and step.at >= goal_at:
            step.outcome, step.reason, step.at = NOT_REACHED, f"goal {goal} met first", None
    enrollment.left_at, enrollment.left_reason = goal_at, goal


def _walk_steps(
    scenario: Scenario,
    steps: list[Step],
    start: Event,
    enrollment: SimulatedEnrollment,
    integration: Integration,
    sends: list[datetime],
) -> None:
    # Unsaved: the integration's send window reads the scenario and the channel from it.
    stand_in = Enrollment(
        scenario=scenario, email=start.email, channel_slug=start.channel_slug, context=start.context
    )
    window = integration.send_window(stand_in)
    cap = integration.frequency_cap()
    context = facts_derived(
        {
            **start.context,
            "customer": {"email": start.email, **(start.context.get("customer") or {})},
            "channel": start.channel_slug,
        }
    )
    sent_before = False
    for step in steps:
        if enrollment.left_at is not None:
            enrollment.steps.append(
                SimulatedStep(step.position, step.name, step.channel, None, NOT_REACHED)
            )
            continue
        due = step_due_at(step, start.occurred_at, zone=scenario.timezone, context=start.context)
        at = _send_time(due, window, cap, sends)
        context["previous_step"] = {"sent": sent_before, "opened": False, "clicked": False}
        failing = conditions_failing(step.conditions, context)
        simulated = SimulatedStep(step.position, step.name, step.channel, at, SENT)
        enrollment.steps.append(simulated)
        if failing:
            simulated.outcome, simulated.reason = SKIPPED, failing
        elif step.action == StepAction.END:
            simulated.outcome = ENDED
            enrollment.left_at, enrollment.left_reason = at, f"ended by step {step.position}"
        elif step.action == StepAction.MOVE:
            simulated.outcome = MOVED
            target = step.move_to.slug if step.move_to_id else "?"
            enrollment.left_at, enrollment.left_reason = at, f"moved to {target}"
        else:
            sends.append(at)
            sent_before = True
    if enrollment.left_at is None and enrollment.steps:
        enrollment.left_at = max(s.at for s in enrollment.steps if s.at is not None)
        enrollment.left_reason = ALL_STEPS_DONE


def _send_time(
    due: datetime, window: SendWindow | None, cap: FrequencyCap, sends: list[datetime]
) -> datetime:
    """When the dispatcher would let the step go: it waits for the window, then for the cap,
    and a cap that lets it go outside the window (a day after a send, across a clock change)
    waits for the window again. The dispatcher checks both before a step's conditions."""
    at = due
    while True:
        if window:
            at = window.next_opening(at)
        later = cap.next_allowed(sends, at) if cap else None
        if later is None:
            return at
        at = later


def _assumptions(scenario: Scenario, steps: list[Step]) -> list[str]:
    notes = ["conditions see the facts recorded with the trigger, not the shop's fresh ones"]
    if any(conditions_use_engine_facts(step.conditions) for step in steps):
        notes.append("previous_step.opened and .clicked count as false: no mail was sent")
    if Goal.ORDER_CANCELLED in scenario.goals:
        notes.append("cancellations are not in the history: order_cancelled is not simulated")
    if scenario.holdout_percent:
        notes.append("the holdout is ignored: every customer is treated")
    notes.append("the frequency cap counts this scenario's mails only")
    return notes
