"""Facts the engine knows and the shop does not: what the customer did with earlier messages.

Computed once per chunk of deliveries (one query, only for the steps that read them:
engine/context.py), and merged over the message context under their own names, so conditions
and templates read them like any fact.
"previous step" is the last step of the same enrolment, before this one, that sent its
message: steps skipped by their conditions or by the holdout do not count.
"""

from collections.abc import Sequence

from django.db.models import Exists, OuterRef

from ..models import Delivery, DeliveryEvent
from ..vocabulary import DeliveryEventType, DeliveryState
from .catalogue import ENGINE_NAMESPACE


def _no_previous() -> dict:
    return {"sent": False, "opened": False, "clicked": False}


def facts_merged(context: dict, facts: dict) -> dict:
    """`context` with `facts` over it; a namespace both have (customer) is merged key by key."""
    merged = dict(context)
    for name, value in facts.items():
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


def previous_step_facts(deliveries: Sequence[Delivery]) -> dict[int | None, dict]:
    """Per delivery id: {"previous_step": {sent, opened, clicked}}, in one query for them all."""
    if not deliveries:
        return {}
    engaged = DeliveryEvent.objects.filter(delivery=OuterRef("pk"))
    sent = (
        Delivery.objects.filter(
            enrollment_id__in={d.enrollment_id for d in deliveries}, state=DeliveryState.SENT
        )
        .annotate(
            opened=Exists(engaged.filter(type=DeliveryEventType.OPENED)),
            clicked=Exists(engaged.filter(type=DeliveryEventType.CLICKED)),
        )
        .values_list("enrollment_id", "step__position", "opened", "clicked")
    )
    by_enrollment: dict[int, list[tuple[int, bool, bool]]] = {}
    for enrollment_id, position, opened, clicked in sent:
        by_enrollment.setdefault(enrollment_id, []).append((position, opened, clicked))
    facts = {}
    for delivery in deliveries:
        earlier = [
            row
            for row in by_enrollment.get(delivery.enrollment_id, [])
            if row[0] < delivery.step.position
        ]
        previous = _no_previous()
        if earlier:
            _, opened, clicked = max(earlier)
            # A click loads the page, so it counts as an open even when images were blocked.
            previous = {"sent": True, "opened": opened or clicked, "clicked": clicked}
        facts[delivery.pk] = {ENGINE_NAMESPACE: previous}
    return facts
