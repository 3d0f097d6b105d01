"""What a scenario would have done to past customers, decided by the engine's own code.

The simulator replays the recorded history (the integration's `past_events`: Saleor's orders
inside Saleor, the recorded hook events elsewhere) through the engine itself, in a rehearsal
(engine/rehearsal.py): each event in time order ends the enrolments whose goal it meets
(engine/goals.py) and, when it fires the scenario's trigger in [since, until), enrols its
customer through scenario_enroll (channels, suppression, re-entry); between events the clock
jumps from one due delivery to the next and the dispatcher itself decides each (holdout, A/B
draw, send window, frequency cap, conditions, end and move steps) and renders its message,
which goes nowhere. Nothing is sent or kept: the rehearsal is rolled back.

What the history cannot tell is listed in the result's `assumptions`. A time is when the
mail may go; the real one goes at the dispatcher's first tick from then (every 30 seconds
under beat). tests/engine/test_simulate_differential.py checks, on random scenarios and
histories, that the simulation equals what the engine does when the same history happens.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from ..models import Delivery, Enrollment, Scenario
from ..vocabulary import DeliveryState, EventType, StepAction
from .branching import move_reason, step_end_reason
from .conditions import conditions_use_engine_facts
from .dormancy import scenario_past_events
from .enrollment import enrollments_end_on_goal, scenario_enroll
from .events import Event
from .goals import GOAL_RULE, history_triggers
from .integration import Integration, current_integration
from .rehearsal import Clock, RehearsedShop, rehearsal_tables

SENT, SKIPPED, ENDED, MOVED, NOT_REACHED = "sent", "skipped", "ended", "moved", "not_reached"
# Dispatch rounds a simulation may take per planned delivery (each round is one moment of the
# clock); a scenario deferred again and again stops there and says so.
ROUNDS_PER_DELIVERY = 20
# Trigger events one simulation replays at most: each of their deliveries takes a round of the
# dispatcher (bench/simulate.py: 28 ms a mail on a busy two-core machine, 0.75 of what living
# the history costs), so 200 first orders of a six-mail program take about half a minute. A
# longer history is refused rather than left to time out a request.
MAX_SIMULATED_TRIGGERS = 200


class SimulationTooLarge(ValueError):
    """The period holds more trigger events than one simulation replays."""


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
    shop = current_integration()
    history = _history(shop, scenario, since, until)
    triggers = sum(starts for _, starts in history)
    if triggers > MAX_SIMULATED_TRIGGERS:
        raise SimulationTooLarge(
            f"the period holds {triggers} trigger events; a simulation replays at most "
            f"{MAX_SIMULATED_TRIGGERS}: choose a shorter period"
        )
    not_enrolled: Counter = Counter()
    with rehearsal_tables():
        clock = Clock(RehearsedShop(shop), max_rounds=100 + ROUNDS_PER_DELIVERY * len(history))
        for event, starts in history:
            clock.run_until(event.occurred_at)
            enrollments_end_on_goal(event, now=event.occurred_at)
            if starts:
                enrollment, refusal = scenario_enroll(scenario, event)
                if enrollment is None:
                    not_enrolled[refusal] += 1
        clock.run_until(None)
        enrollments = _simulated(scenario)
    return SimulationResult(
        scenario=scenario,
        since=since,
        until=until,
        enrollments=enrollments,
        not_enrolled=dict(not_enrolled),
        assumptions=_assumptions(scenario, stopped=clock.exhausted),
    )


# Events of one order at one moment (a checkout paid at once) in the order its life runs, as
# the hooks record them: created, then paid, then ended.
_LIFE = {
    EventType.ORDER_FULLY_PAID: 1,
    EventType.ORDER_CANCELLED: 2,
    EventType.ORDER_EXPIRED: 2,
}


def _history(
    shop: Integration, scenario: Scenario, since: datetime, until: datetime
) -> list[tuple[Event, bool]]:
    """The past events to replay, oldest first, each once: (event, whether it may enrol)."""

    def key(event: Event) -> tuple:
        return (event.type, event.order_id, event.email, event.line_user_id, event.occurred_at)

    starts = scenario_past_events(shop, scenario, since, until)
    events = {
        key(e): e
        for trigger in sorted(history_triggers(scenario.goals))
        for e in shop.past_events(trigger, since)
    }
    events.update((key(e), e) for e in starts)
    starting = {key(e) for e in starts}
    ordered = sorted(events.values(), key=lambda e: (e.occurred_at, _LIFE.get(e.type, 0)))
    return [(e, key(e) in starting) for e in ordered]


def _simulated(scenario: Scenario) -> list[SimulatedEnrollment]:
    """The rehearsal's enrolments in the scenario, read back as the simulation's answer."""
    deliveries = Delivery.objects.select_related("step", "step__move_to").order_by("step__position")
    rows = (
        Enrollment.objects.filter(scenario=scenario)
        .order_by("triggered_at", "pk")
        .prefetch_related(Prefetch("deliveries", queryset=deliveries))
    )
    return [
        SimulatedEnrollment(
            email=enrollment.email,
            order_id=enrollment.source_order_id,
            channel_slug=enrollment.channel_slug,
            triggered_at=enrollment.triggered_at,
            steps=[_step(d, enrollment) for d in enrollment.deliveries.all()],
            left_at=enrollment.ended_at,
            left_reason=enrollment.exit_reason,
        )
        for enrollment in rows
    ]


def _step(delivery: Delivery, enrollment: Enrollment) -> SimulatedStep:
    step = delivery.step
    simulated = SimulatedStep(step.position, step.name, step.channel, None, NOT_REACHED)
    # Claimed at least once: the dispatcher decided it at that moment (updated_at); never
    # claimed: decided when it was planned (a step due after the unpaid order expires).
    decided_at = delivery.updated_at if delivery.attempts else delivery.due_at
    if delivery.state == DeliveryState.SENT:
        simulated.outcome, simulated.at = SENT, delivery.sent_at
    elif delivery.state in (DeliveryState.SKIPPED, DeliveryState.FAILED):
        simulated.outcome, simulated.at, simulated.reason = SKIPPED, decided_at, delivery.reason
    elif delivery.attempts and enrollment.exit_reason == _ending_reason(delivery):
        simulated.outcome = ENDED if step.action == StepAction.END else MOVED
        simulated.at = enrollment.ended_at
    else:
        simulated.reason = delivery.reason
    return simulated


def _ending_reason(delivery: Delivery) -> str | None:
    """The exit reason the delivery's end or move step gives its enrolment; None for others."""
    step = delivery.step
    if step.action == StepAction.END:
        return step_end_reason(step)
    if step.action == StepAction.MOVE and step.move_to_id:
        return move_reason(step.move_to)
    return None


def _assumptions(scenario: Scenario, *, stopped: bool) -> list[str]:
    notes = [
        "each event of the history is applied when it happened and each mail is decided by the "
        "dispatcher at the moment it is due; a mail goes at the first tick from then",
        "customer facts count the orders placed by the moment of each send; order facts are "
        "those the history records with the trigger",
    ]
    steps = list(scenario.steps.filter(is_active=True))
    if any(conditions_use_engine_facts(step.conditions) for step in steps):
        notes.append(
            "opens and clicks are not in the history: previous_step.opened and .clicked "
            "count as false"
        )
    for goal in scenario.goals:
        if goal in GOAL_RULE and GOAL_RULE[goal].history is None:
            notes.append(f"the history does not hold the events of the goal {goal}: not simulated")
    notes.append(
        "the frequency cap counts the simulated mails only (this scenario's and those of the "
        "scenarios it moves customers to)"
    )
    if stopped:
        notes.append("the simulation stopped early: mail was deferred again and again")
    return notes
