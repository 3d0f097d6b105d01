"""Planning: one delivery row per step of an enrolment, due at the trigger time plus the delay."""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from ..models import Delivery, Enrollment, Step, Variant
from ..vocabulary import DeliveryState, Goal
from .conditions import fact_value
from .context import facts_derived
from .identity import customer_key
from .timing import at_time_of_day
from .zones import customer_zone


def step_delay(step: Step, context: dict | None = None) -> timedelta:
    """The step's delay; with a delay_fact present in `context`, its days replace delay_days.

    A reorder reminder is due when the product bought runs out, which only the order knows:
    the fact's days plus the (negative: before) offset, never before the trigger.
    """
    days: float = step.delay_days
    if step.delay_fact:
        fact_days = fact_value(facts_derived(context or {}), step.delay_fact)
        if isinstance(fact_days, int | float) and not isinstance(fact_days, bool):
            days = max(0, fact_days + step.delay_fact_offset_days)
    return timedelta(days=days, hours=step.delay_hours, minutes=step.delay_minutes)


def variant_draw_key(enrollment: Enrollment) -> str:
    """What a variant draw depends on: the customer and when they enrolled, not the row's id,
    so a rehearsal of the same history (engine/rehearsal.py) draws what the real run drew."""
    return f"{customer_key(enrollment)}:{enrollment.triggered_at.isoformat()}"


def pick_variant(variants: Sequence[Variant], *, key: str, step_id: int) -> Variant | None:
    """A weighted choice that depends only on the enrolment's draw key and the step, so it
    never changes."""
    if not variants:
        return None
    total = sum(v.weight for v in variants)
    digest = hashlib.sha256(f"{key}:{step_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") % total
    for variant in sorted(variants, key=lambda v: v.pk):
        point -= variant.weight
        if point < 0:
            return variant
    raise AssertionError("unreachable: point < total")


def step_due_at(
    step: Step, triggered_at: datetime, *, zone: str, context: dict | None = None
) -> datetime:
    """Trigger time plus the step's delay, moved to the step's time of day when it has one.

    The delay is elapsed time, counted in UTC: Python adds a timedelta to the wall clock of the
    datetime's own zone, so a trigger time written in a zone with daylight saving would come
    out an hour off across a clock change (and the simulator, reading UTC, would disagree).
    """
    due_at = triggered_at.astimezone(UTC) + step_delay(step, context)
    return at_time_of_day(due_at, step.send_at, zone) if step.send_at else due_at


def _order_expiry(enrollment: Enrollment) -> datetime | None:
    """When the trigger order expires unpaid, for a scenario that ends on its payment (unpaid
    reminders): a reminder due after that would ask to pay for an order that no longer is."""
    if Goal.PAID not in enrollment.scenario.goals:
        return None
    expires = fact_value(enrollment.context or {}, "order.expires_at")
    try:
        return datetime.fromisoformat(expires) if isinstance(expires, str) else None
    except ValueError:
        return None


def plan_deliveries(enrollment: Enrollment, steps: Sequence[Step]) -> list[Delivery]:
    """Unsaved deliveries for the active steps; `steps` come with their variants prefetched.

    A step whose winner an operator promoted gives every new delivery that variant.
    """
    planned = []
    expires_at = _order_expiry(enrollment)
    for step in steps:
        if not step.is_active:
            continue
        due_at = step_due_at(
            step,
            enrollment.triggered_at,
            zone=customer_zone(enrollment.context) or enrollment.scenario.timezone,
            context=enrollment.context,
        )
        if expires_at and due_at >= expires_at:
            planned.append(
                Delivery(
                    enrollment=enrollment,
                    step=step,
                    due_at=due_at,
                    available_at=due_at,
                    state=DeliveryState.SKIPPED,
                    reason=f"planned after the unpaid order expires ({expires_at.isoformat()})",
                )
            )
            continue
        if step.winning_variant_id is not None:
            variant_id = step.winning_variant_id
        else:
            variant = pick_variant(
                list(step.variants.all()), key=variant_draw_key(enrollment), step_id=step.pk
            )
            variant_id = variant.pk if variant else None
        planned.append(
            Delivery(
                enrollment=enrollment,
                step=step,
                variant_id=variant_id,
                due_at=due_at,
                available_at=due_at,
            )
        )
    return planned
