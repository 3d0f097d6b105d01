"""Mails, opens, clicks and orders whose every figure is worked out by hand in the tests.

Scenario `shop` (Asia/Tokyo): step 1 with variants a and b, step 2 without. `other` (UTC):
one step. T0 is Monday 2026-11-02 09:00 UTC = 18:00 in Tokyo; the range is [T0, T0 + 2 days).

mail  step/var  customer  sent     local        opened   clicks    orders credited
m1    1/a       c1        T0       Mon 18       yes      A, A, B   o1 paid 1000 JPY
m2    1/a       c2        T0       Mon 18       yes                o2 unpaid 2000 JPY
m3    1/b       c3        T0+1h    Mon 19       yes      A         o3 paid, cancelled 30 USD
m4    1/b       c4        T0+1h    Mon 19       bounced
m5    2         c1        T0+1d    Tue 18       yes      C         o4 paid 25 USD
m6    2         c5 (NY)   T0+1d    Tue 04 NY                       o5 refunded 500, o6 700 JPY
m7    2         c6 (bad)  T0+1d    Tue 18 (scenario's zone)
x1    other     c1        T0-2d    (before the range)
x2    other     c7        T0+30m   Mon 09 UTC
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Scenario, Step, Variant

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
START, END = T0, T0 + timedelta(days=2)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


@dataclass
class Shop:
    shop: Scenario
    other: Scenario
    first: Step
    second: Step
    a: Variant
    b: Variant


def _mail(step, *, email, sent_at, variant=None, zone=None) -> Delivery:
    context = {"customer": {"timezone": zone}} if zone else {}
    enrollment = Enrollment.objects.create(
        scenario=step.scenario,
        email=email,
        triggered_at=sent_at,
        state="completed",
        ended_at=sent_at,
        context=context,
    )
    delivery = Delivery.objects.create(
        enrollment=enrollment,
        step=step,
        variant=variant,
        due_at=sent_at,
        available_at=sent_at,
        state="sent",
        sent_at=sent_at,
    )
    DeliveryEvent.objects.create(delivery=delivery, type="sent", occurred_at=sent_at)
    return delivery


def _event(delivery, kind, at, url=""):
    metadata = {"url": url} if url else {}
    DeliveryEvent.objects.create(delivery=delivery, type=kind, occurred_at=at, metadata=metadata)


def _order(delivery, order_id, at, amount, currency, *, paid=True, reversed_at=None):
    DeliveryEvent.objects.create(
        delivery=delivery,
        type="converted",
        occurred_at=at,
        order_id=order_id,
        revenue=Decimal(amount),
        currency=currency,
        paid_at=at if paid else None,
        reversed_at=reversed_at,
    )


def build_shop() -> Shop:
    shop = Scenario.objects.create(slug="shop", name="Shop", trigger="first_order")
    shop.timezone = "Asia/Tokyo"
    shop.save()
    other = Scenario.objects.create(slug="other", name="Other", trigger="order_paid")
    first = Step.objects.create(scenario=shop, position=0, name="thanks")
    second = Step.objects.create(scenario=shop, position=1, name="reorder")
    elsewhere = Step.objects.create(scenario=other, position=0, name="elsewhere")
    a = Variant.objects.create(step=first, name="a")
    b = Variant.objects.create(step=first, name="b")

    m1 = _mail(first, variant=a, email="c1@example.com", sent_at=T0)
    _event(m1, "opened", T0 + HOUR / 2)
    _event(m1, "clicked", T0 + HOUR, "https://shop.example/A")
    _event(m1, "clicked", T0 + 2 * HOUR, "https://shop.example/A")
    _event(m1, "clicked", T0 + 3 * HOUR, "https://shop.example/B")
    _order(m1, "o1", T0 + 2.5 * HOUR, "1000", "JPY")

    m2 = _mail(first, variant=a, email="c2@example.com", sent_at=T0)
    _event(m2, "opened", T0 + HOUR)
    _order(m2, "o2", T0 + 2 * HOUR, "2000", "JPY", paid=False)

    m3 = _mail(first, variant=b, email="c3@example.com", sent_at=T0 + HOUR)
    _event(m3, "opened", T0 + 2 * HOUR)
    _event(m3, "clicked", T0 + 2 * HOUR, "https://shop.example/A")
    _order(m3, "o3", T0 + 3 * HOUR, "30", "USD", reversed_at=T0 + DAY)

    m4 = _mail(first, variant=b, email="c4@example.com", sent_at=T0 + HOUR)
    _event(m4, "bounced", T0 + HOUR)

    m5 = _mail(second, email="c1@example.com", sent_at=T0 + DAY)
    _event(m5, "opened", T0 + DAY + HOUR)
    _event(m5, "clicked", T0 + DAY + HOUR, "https://shop.example/C")
    _order(m5, "o4", T0 + DAY + 2 * HOUR, "25", "USD")

    m6 = _mail(second, email="c5@example.com", sent_at=T0 + DAY, zone="America/New_York")
    _order(m6, "o5", T0 + DAY + HOUR, "500", "JPY", reversed_at=T0 + 2 * DAY)
    _order(m6, "o6", T0 + DAY + 2 * HOUR, "700", "JPY")

    _mail(second, email="c6@example.com", sent_at=T0 + DAY, zone="Not/AZone")
    _mail(elsewhere, email="c1@example.com", sent_at=T0 - 2 * DAY)
    _mail(elsewhere, email="c7@example.com", sent_at=T0 + HOUR / 2)
    return Shop(shop=shop, other=other, first=first, second=second, a=a, b=b)
