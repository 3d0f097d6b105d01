"""Claiming due deliveries: rows several workers can share without ever taking the same one."""

import logging
import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import F

from ..conf import stepmail_settings
from ..models import Delivery, Step, Variant
from ..vocabulary import PENDING_DELIVERY_STATES, DeliveryState

logger = logging.getLogger(__name__)


def claim_due_deliveries(*, now: datetime, limit: int) -> tuple[uuid.UUID, list[Delivery]]:
    """Take up to `limit` due deliveries for this worker, under a fresh claim token and a lease.

    Due means scheduled and due, or claimed by a worker whose lease ran out (it crashed or
    stalled). SKIP LOCKED lets concurrent claimers pass over each other's rows instead of
    waiting; the claim commits at once, so the lease, not a held lock, protects the batch.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(state__in=PENDING_DELIVERY_STATES, available_at__lte=now)
            .order_by("available_at")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return token, []
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.CLAIMED,
            claim_token=token,
            available_at=now + stepmail_settings().lease,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    claimed = list(
        Delivery.objects.filter(pk__in=ids, claim_token=token)
        .select_related("enrollment")
        .order_by("available_at", "pk")
    )
    return token, _with_content(claimed)


def _with_content(deliveries: list[Delivery]) -> list[Delivery]:
    """Load each step, variant and scenario of the batch once, not once per row.

    A step deleted since the claim committed took its deliveries with it (the delete cascades
    to them): they leave the batch, and the rest of the batch goes on.
    """
    steps = Step.objects.select_related("scenario", "move_to").in_bulk(
        {d.step_id for d in deliveries}
    )
    vanished = [d.pk for d in deliveries if d.step_id not in steps]
    if vanished:
        logger.warning("stepmail: deliveries %s were deleted with their step", vanished)
    kept = [d for d in deliveries if d.step_id in steps]
    variants = Variant.objects.in_bulk({d.variant_id for d in kept if d.variant_id})
    for delivery in kept:
        delivery.step = steps[delivery.step_id]
        delivery.variant = variants.get(delivery.variant_id)
        delivery.enrollment.scenario = delivery.step.scenario
    return kept
