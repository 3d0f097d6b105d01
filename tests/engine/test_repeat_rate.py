"""The repeat-rate reports on recorded histories built to known answers (no shop: the order
rows are the hook events, engine/order_rows.py)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.engine.repeat_rate import (
    CohortDimension,
    days_to_second_order,
    program_effects,
    repeat_rates,
    revenue_per_customer,
)
from saleor_stepmail.models import Enrollment, InboundEvent

from ..factories import make_scenario

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 1, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, tzinfo=UTC)
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def paid_order(
    order_id: str,
    at: datetime,
    *,
    email: str = "",
    user_id: str = "",
    total: str = "1000",
    currency: str = "JPY",
    channel: str = "web",
    paid: bool = True,
    **facts,
) -> str:
    inbound_record(
        type="order_created",
        occurred_at=at,
        order_id=order_id,
        email=email,
        user_id=user_id,
        channel_slug=channel,
        facts={"total": total, "currency": currency, **facts},
    )
    if paid:
        inbound_record(
            type="order_fully_paid", occurred_at=at + timedelta(minutes=1), order_id=order_id
        )
    return order_id


def ended(kind: str, order_id: str, at: datetime) -> None:
    inbound_record(type=kind, occurred_at=at, order_id=order_id)


def march(*, by=CohortDimension.MONTH):
    return repeat_rates(by=by, start=MARCH, end=APRIL, now=NOW)


def windows(row) -> dict[int, tuple[int, int, float | None]]:
    return {w.days: (w.eligible, w.returned, w.rate) for w in row.windows}


def test_three_of_ten_first_buyers_back_within_60_days_read_30_percent():
    for i in range(10):
        first = MARCH + timedelta(days=i)
        paid_order(f"first-{i}", first, email=f"c{i}@example.com")
        if i < 3:
            paid_order(f"again-{i}", first + timedelta(days=40), email=f"c{i}@example.com")
        elif i == 3:
            paid_order(f"late-{i}", first + timedelta(days=100), email=f"c{i}@example.com")

    (row,) = march()

    assert row.key == "2026-03"
    assert row.first_buyers == 10
    assert windows(row) == {
        30: (10, 0, 0.0),
        60: (10, 3, 0.3),
        90: (10, 3, 0.3),
        180: (10, 4, 0.4),
    }


def test_a_young_cohort_leaves_its_long_windows_empty_not_low():
    paid_order("first", NOW - timedelta(days=45), email="new@example.com")
    paid_order("again", NOW - timedelta(days=40), email="new@example.com")

    (row,) = repeat_rates(
        by=CohortDimension.MONTH, start=NOW - timedelta(days=60), end=NOW, now=NOW
    )

    assert windows(row)[30] == (1, 1, 1.0)
    assert windows(row)[60] == (0, 0, None)


def test_a_second_order_refunded_or_cancelled_later_does_not_count_as_a_return():
    paid_order("a1", MARCH, email="a@example.com")
    paid_order("a2", MARCH + timedelta(days=10), email="a@example.com")
    ended("order_fully_refunded", "a2", MARCH + timedelta(days=20))
    paid_order("b1", MARCH, email="b@example.com")
    paid_order("b2", MARCH + timedelta(days=10), email="b@example.com")
    ended("order_cancelled", "b2", MARCH + timedelta(days=11))
    paid_order("c1", MARCH, email="c@example.com")
    paid_order("c2", MARCH + timedelta(days=10), email="c@example.com", paid=False)
    paid_order("d1", MARCH, email="d@example.com")
    paid_order("d2", MARCH + timedelta(days=10), email="d@example.com")

    (row,) = march()

    assert row.first_buyers == 4
    assert windows(row)[30] == (4, 1, 0.25)


def test_a_refunded_first_order_makes_the_next_paid_one_the_first():
    paid_order("x1", MARCH - timedelta(days=20), email="x@example.com")
    ended("order_fully_refunded", "x1", MARCH - timedelta(days=5))
    paid_order("x2", MARCH + timedelta(days=3), email="x@example.com")

    (row,) = march()

    assert row.first_buyers == 1


def test_a_guest_who_later_registers_is_one_customer():
    paid_order("guest", MARCH, email="hana@example.com")
    paid_order("member", MARCH + timedelta(days=20), email="Hana@Example.com", user_id="42")
    paid_order("member-2", MARCH + timedelta(days=25), email="renamed@example.com", user_id="42")

    (row,) = march()

    assert row.first_buyers == 1
    assert windows(row)[30] == (1, 1, 1.0)
    result = days_to_second_order(start=MARCH, end=APRIL, now=NOW)
    assert result.returned == 1
    assert result.median_days == pytest.approx(20)


def test_days_to_second_order_median_and_distribution():
    for i, days in enumerate((3, 10, 10, 45, 400)):
        paid_order(f"f{i}", MARCH, email=f"d{i}@example.com")
        paid_order(f"s{i}", MARCH + timedelta(days=days), email=f"d{i}@example.com")
    paid_order("lonely", MARCH, email="lonely@example.com")

    result = days_to_second_order(start=MARCH, end=APRIL, now=NOW + timedelta(days=400))

    assert result.returned == 5
    assert result.median_days == pytest.approx(10)
    assert dict(result.buckets) == {
        7: 1,
        14: 2,
        30: 0,
        60: 1,
        90: 0,
        180: 0,
        365: 0,
        None: 1,
    }


def test_revenue_per_customer_is_per_currency_of_the_first_order():
    paid_order("j1", MARCH, email="j@example.com", total="3000")
    paid_order("j2", MARCH + timedelta(days=20), email="j@example.com", total="2000")
    paid_order("j3", MARCH + timedelta(days=100), email="j@example.com", total="5000")
    paid_order("k1", MARCH, email="k@example.com", total="1000")
    paid_order("u1", MARCH, email="u@example.com", total="12.50", currency="USD")
    paid_order(
        "u2", MARCH + timedelta(days=60), email="u@example.com", total="7.50", currency="USD"
    )
    # An order in another currency than the first adds nothing to that currency's figures.
    paid_order("j-usd", MARCH + timedelta(days=5), email="j@example.com", total="9", currency="USD")

    found = {r.currency: r for r in revenue_per_customer(start=MARCH, end=APRIL, now=NOW)}

    jpy = {w.days: (w.eligible, w.revenue, w.per_customer) for w in found["JPY"].windows}
    assert found["JPY"].first_buyers == 2
    assert jpy[30] == (2, Decimal(6000), Decimal(3000))
    assert jpy[180] == (2, Decimal(11000), Decimal(5500))
    assert jpy[365] == (0, Decimal(0), None)  # not a year old yet
    usd = {w.days: (w.eligible, w.revenue) for w in found["USD"].windows}
    assert found["USD"].first_buyers == 1
    assert usd[30] == (1, Decimal("12.50"))
    assert usd[90] == (1, Decimal("20.00"))


def test_source_comes_from_utm_then_referrer_then_voucher_then_channel():
    utm = {"utm_source": " Instagram\u202e ", "utm_medium": "Paid_Social", "utm_campaign": "Spring"}
    paid_order("i1", MARCH, email="i1@example.com", metadata=utm)
    paid_order("i2", MARCH, email="i2@example.com", metadata={"utm_source": "instagram"})
    paid_order("i2b", MARCH + timedelta(days=9), email="i2@example.com")
    paid_order(
        "r1", MARCH, email="r@example.com", metadata={"referrer": "https://www.Google.com/search"}
    )
    paid_order("v1", MARCH, email="v@example.com", voucher_code="WELCOME10")
    paid_order("c1", MARCH, email="c@example.com", channel="line-shop")
    paid_order("d1", MARCH, email="d@example.com", channel="")

    by_source = {row.key: row for row in march(by=CohortDimension.SOURCE)}

    assert {k: r.first_buyers for k, r in by_source.items()} == {
        "instagram": 2,
        "google.com": 1,
        "voucher:WELCOME10": 1,
        "channel:line-shop": 1,
        "direct": 1,
    }
    assert windows(by_source["instagram"])[30] == (2, 1, 0.5)
    assert {r.key for r in march(by=CohortDimension.MEDIUM)} == {"paid_social", ""}
    assert {r.key for r in march(by=CohortDimension.CAMPAIGN)} == {"Spring", ""}
    by_channel = {r.key: r.first_buyers for r in march(by=CohortDimension.CHANNEL)}
    assert by_channel == {"": 1, "line-shop": 1, "web": 4}


def test_category_of_the_first_order():
    paid_order("t1", MARCH, email="t@example.com", category="green-tea")
    paid_order("t2", MARCH + timedelta(days=5), email="t@example.com", category="teapots")
    paid_order("p1", MARCH, email="p@example.com", category="teapots")

    found = {r.key: windows(r)[30] for r in march(by=CohortDimension.CATEGORY)}

    assert found == {"green-tea": (1, 1, 1.0), "teapots": (1, 0, 0.0)}


def test_hostile_metadata_is_recorded_bounded_and_only_its_acquisition_keys():
    paid_order(
        "h1",
        MARCH,
        email="h@example.com",
        metadata={"utm_source": "x\x00" + "y" * 5000, "password": "secret", "referrer": 42},
    )

    facts = InboundEvent.objects.get(type="order_created").facts
    assert set(facts["metadata"]) == {"utm_source"}
    assert len(facts["metadata"]["utm_source"]) == 2000
    (row,) = march(by=CohortDimension.SOURCE)
    assert row.key == "x" + "y" * 99


def test_a_program_adds_points_over_its_holdout():
    scenario = make_scenario(slug="second-purchase")
    for i in range(20):
        email = f"p{i}@example.com"
        holdout = i >= 10
        paid_order(f"first-{i}", MARCH, email=email)
        Enrollment.objects.create(
            scenario=scenario,
            email=email,
            source_order_id=f"first-{i}",
            triggered_at=MARCH,
            holdout=holdout,
        )
        # Enrolled: 6 of 10 back within 60 days; holdout: 2 of 10.
        if (not holdout and i < 6) or (holdout and i < 12):
            paid_order(f"again-{i}", MARCH + timedelta(days=30), email=email)

    (effect,) = program_effects(start=MARCH, end=APRIL, now=NOW, days=60)

    assert effect.scenario_id == scenario.pk
    assert (effect.enrolled.eligible, effect.enrolled.returned) == (10, 6)
    assert (effect.holdout.eligible, effect.holdout.returned) == (10, 2)
    assert effect.lift_points == pytest.approx(40)
    assert effect.lift_low_points < 40 < effect.lift_high_points
    assert effect.lift_low_points == pytest.approx(
        40 - 1.959964 * 100 * (0.24 / 10 + 0.16 / 10) ** 0.5
    )
