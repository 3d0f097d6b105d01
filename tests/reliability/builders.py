"""Many due deliveries at once: enrolments and their planned rows, bulk-inserted."""

from datetime import datetime, timedelta

from saleor_stepmail.engine.schedule import plan_deliveries
from saleor_stepmail.models import Delivery, Enrollment

from ..factories import make_scenario


def due_deliveries(*, now: datetime, customers: int, steps: int, slug: str = "bulk") -> list[int]:
    """`customers` active enrolments of `steps` steps each, every step due by `now`.

    The steps are a day apart, so the claim order (by due time) spreads one enrolment's
    deliveries over several batches, and so over several workers.
    """
    scenario = make_scenario(slug=slug, delays=tuple(range(steps)), goals=())
    scenario_steps = list(scenario.steps.prefetch_related("variants"))
    triggered_at = now - timedelta(days=steps)
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            scenario=scenario,
            email=f"customer-{n}@example.com",
            source_order_id=f"order-{n}",
            channel_slug="default-channel",
            triggered_at=triggered_at,
            context={"customer": {"first_name": f"C{n}"}, "order": {"number": f"order-{n}"}},
        )
        for n in range(customers)
    )
    planned = [d for e in enrollments for d in plan_deliveries(e, scenario_steps)]
    return [d.pk for d in Delivery.objects.bulk_create(planned, batch_size=2000)]
