"""The operator's experiments: promoting an A/B winner, and the holdout group's membership."""

import hashlib

from django.db import transaction

from ..models import Delivery, Step, Variant
from ..vocabulary import DeliveryState


def promote_variant(*, variant: Variant) -> int:
    """Make `variant` the step's winner: enrolments from now on get it, and so do the step's
    deliveries still waiting for their time (those already sent keep theirs, so the
    experiment's figures stay as they were measured). Returns how many waiting ones changed.
    """
    with transaction.atomic():
        step = Step.objects.select_for_update().get(pk=variant.step_id)
        step.winning_variant = variant
        step.save(update_fields=["winning_variant"])
        # Only `scheduled`: a claimed row is being sent with the variant it was claimed with.
        return (
            Delivery.objects.filter(step=step, state=DeliveryState.SCHEDULED)
            .exclude(variant=variant)
            .update(variant=variant)
        )


def holdout_assigned(*, scenario_id: int, email: str, percent: int) -> bool:
    """Whether the customer is in the scenario's holdout group: a hash of the scenario and the
    address, so the same customer stays on the same side at every enrolment."""
    if percent <= 0 or not email:
        return False
    digest = hashlib.sha256(f"holdout:{scenario_id}:{email}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < percent
