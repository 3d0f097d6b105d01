import math
from datetime import timedelta
from decimal import Decimal

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.stats import holdout_lift, step_stats
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Variant

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def test_step_stats_count_each_mail_once_and_sum_revenue(clock, outbox):
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
        revenue=Decimal("4200"), currency="JPY", paid_at=clock.now,
    )  # fmt: skip

    stats = step_stats(scenario=scenario, start=clock.now, end=clock.advance(days=1))

    day0, day3 = (row.figures for row in stats)
    # The clicked mail counts as opened too.
    assert (day0.sent, day0.opened, day0.clicked) == (3, 2, 1)
    assert (day0.converted, day0.revenue) == (1, {"JPY": Decimal("4200")})
    assert day0.rate("open_rate") == pytest.approx(2 / 3)
    assert day3.sent == 0 and day3.revenue == {}


def _cohort(step, *, name: str, n: int, converted: int, at, variant=None, holdout=False, bounced=0):
    """`n` enrolments with one delivery of `step` each (sent, or skipped for the holdout),
    `converted` of them credited with an order of 1000 JPY and the last `bounced` bounced."""
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            scenario=step.scenario, email=f"{name}{i}@example.com", triggered_at=at,
            state="completed", ended_at=at, holdout=holdout,
        )
        for i in range(n)
    )  # fmt: skip
    state = (
        {"state": "skipped", "reason": "holdout"} if holdout else {"state": "sent", "sent_at": at}
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(enrollment=e, step=step, variant=variant, due_at=at, available_at=at, **state)
        for e in enrollments
    )
    DeliveryEvent.objects.bulk_create(
        [DeliveryEvent(delivery=d, type="sent", occurred_at=at) for d in deliveries if not holdout]
        + [
            DeliveryEvent(
                delivery=d, type="converted", occurred_at=at, order_id=f"{name}-order-{i}",
                revenue=Decimal("1000"), currency="JPY", paid_at=at,
            )
            for i, d in enumerate(deliveries[:converted])
        ]
        + [
            DeliveryEvent(delivery=d, type="bounced", occurred_at=at)
            for d in deliveries[n - bounced:]
        ]
    )  # fmt: skip


@pytest.fixture
def ab_step(clock):
    return make_scenario(delays=(0,), variants=(("a", 1), ("b", 1))).steps.get()


def _experiment(step, clock):
    (row,) = step_stats(scenario=step.scenario, start=clock.now, end=clock.now + timedelta(days=1))
    return row


def test_a_significantly_better_variant_is_the_winner(ab_step, clock):
    a, b = Variant.objects.filter(step=ab_step).order_by("name")
    _cohort(ab_step, name="a", variant=a, n=200, converted=10, at=clock.now)
    _cohort(ab_step, name="b", variant=b, n=200, converted=30, at=clock.now)

    stats = _experiment(ab_step, clock)

    va, vb = (v.figures for v in stats.variants)
    assert (va.sent, va.converted, vb.sent, vb.converted) == (200, 10, 200, 30)
    assert vb.revenue == {"JPY": Decimal("30000")}
    (comparison,) = stats.comparisons
    pooled = 40 / 400
    z = (0.15 - 0.05) / math.sqrt(pooled * (1 - pooled) * (2 / 200))
    assert comparison.z == pytest.approx(z)
    assert comparison.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert comparison.significant and stats.winner == stats.variants[1]


def test_no_winner_before_each_variant_has_the_minimum_sample(ab_step, clock):
    a, b = Variant.objects.filter(step=ab_step).order_by("name")
    _cohort(ab_step, name="a", variant=a, n=60, converted=0, at=clock.now)
    _cohort(ab_step, name="b", variant=b, n=99, converted=30, at=clock.now)

    stats = _experiment(ab_step, clock)

    assert stats.comparisons[0].p_value < 0.001
    assert not stats.comparisons[0].significant and stats.winner is None


def test_variants_count_the_mails_sent_in_the_period(ab_step, clock):
    a = Variant.objects.get(step=ab_step, name="a")
    _cohort(ab_step, name="old", variant=a, n=5, converted=5, at=clock.now - timedelta(days=2))
    _cohort(ab_step, name="new", variant=a, n=3, converted=1, at=clock.now)

    stats = _experiment(ab_step, clock)

    assert (stats.variants[0].figures.sent, stats.variants[0].figures.converted) == (3, 1)


def test_variants_are_compared_on_conversions_per_delivered_mail(ab_step, clock):
    a, b = Variant.objects.filter(step=ab_step).order_by("name")
    _cohort(ab_step, name="a", variant=a, n=200, converted=20, bounced=100, at=clock.now)
    _cohort(ab_step, name="b", variant=b, n=200, converted=40, at=clock.now)

    stats = _experiment(ab_step, clock)

    # 20 of 100 delivered against 40 of 200: the same conversion rate.
    assert [v.figures.rate("conversion_rate") for v in stats.variants] == [0.2, 0.2]
    assert stats.comparisons[0].difference == 0 and stats.winner is None


def test_holdout_lift_compares_conversion_and_revenue_per_enrolment(clock):
    step = make_scenario(delays=(0,)).steps.get()
    _cohort(step, name="t", n=300, converted=60, at=clock.now)
    _cohort(step, name="h", n=100, converted=10, at=clock.now, holdout=True)

    lift = holdout_lift(scenario=step.scenario, start=clock.now, end=clock.now + timedelta(days=1))

    assert (lift.treated.enrollments, lift.treated.converted) == (300, 60)
    assert (lift.holdout.enrollments, lift.holdout.converted) == (100, 10)
    half_width = 1.959964 * math.sqrt(0.2 * 0.8 / 300 + 0.1 * 0.9 / 100)
    assert lift.lift == pytest.approx(0.1)
    assert (lift.lift_low, lift.lift_high) == pytest.approx((0.1 - half_width, 0.1 + half_width))
    assert lift.treated.revenue_per_enrollment() == {"JPY": Decimal("200")}
    assert lift.revenue_lift == {"JPY": Decimal("100")}


def test_holdout_conversions_do_not_count_in_step_stats(clock):
    step = make_scenario(delays=(0,)).steps.get()
    _cohort(step, name="h", n=10, converted=4, at=clock.now, holdout=True)

    (stats,) = step_stats(scenario=step.scenario, start=clock.now, end=clock.advance(days=1))

    assert stats.figures.converted == 0 and stats.figures.revenue == {}


def test_holdout_lift_is_unknown_without_a_holdout(clock):
    step = make_scenario(delays=(0,)).steps.get()
    _cohort(step, name="t", n=10, converted=1, at=clock.now)

    lift = holdout_lift(scenario=step.scenario, start=clock.now, end=clock.advance(days=1))

    assert lift.holdout.enrollments == 0 and lift.lift is None
