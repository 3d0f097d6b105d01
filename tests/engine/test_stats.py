from decimal import Decimal

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.stats import step_stats
from saleor_stepmail.models import Delivery, DeliveryEvent

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def test_step_stats_count_each_delivery_once_and_sum_revenue(clock, outbox):
    scenario = make_scenario(delays=(0, 3))
    for n in range(3):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"))
    dispatch_due(now=clock.now)
    first, second, _ = Delivery.objects.filter(step__position=0).order_by("pk")
    for _ in range(2):  # one customer opens twice: one open
        DeliveryEvent.objects.create(delivery=first, type="opened", occurred_at=clock.now)
    DeliveryEvent.objects.create(delivery=second, type="clicked", occurred_at=clock.now)
    DeliveryEvent.objects.create(
        delivery=second, type="converted", occurred_at=clock.now, order_id="o9",
        revenue=Decimal("4200"), currency="JPY",
    )  # fmt: skip

    stats = step_stats(scenario=scenario, start=clock.now, end=clock.advance(days=1))

    day0, day3 = stats
    assert (day0.counts["sent"], day0.counts["opened"], day0.counts["clicked"]) == (3, 1, 1)
    assert (day0.counts["converted"], day0.revenue) == (1, Decimal("4200"))
    assert day0.rate("opened") == pytest.approx(1 / 3)
    assert day3.counts["sent"] == 0 and day3.revenue == 0
