"""One scenario whose every figure is worked out by hand, for the tests that read it from the
engine, the API, the CSV exports and the operator page and find the same numbers.

Scenario `figures`: step 1 with variants a and b, step 2 without. T0 = 2026-11-10 12:00 UTC;
the range is the days 2026-11-09 to 2026-11-11 (START to END), wide enough for any browser's
time zone. Provider events are what anymail's webhooks record; orders are conversions credited
to the mail (engine/attribution.py), paid or not, reversed or not.

mail  step/var  sent     provider and tracking events        orders credited
m1    1/a       T0       delivered, opened, clicked          o1 paid 3000 JPY
m2    1/a       T0       delivered
m3    1/a       T0       (none: a provider without webhooks)
m4    1/b       T0       bounced
m5    1/b       T0       bounced (soft), delivered, clicked  o2 unpaid 5000 JPY
m6    1/b       T0       delivered, opened, unsubscribed     o3 paid 20.00 USD
m7    2         T0+1d    delivered, opened, complained
m8    2         T0+1d    delivered, clicked                  o4 paid 12.50 USD, o5 paid 1500 JPY,
                                                             o6 paid 99 USD then refunded
m9    2         T0+1d    (none)                              o7 paid 800 JPY, 10 days later
x1    1/a       T0-5d    delivered, opened                   o8 paid 7000 JPY (before the range)
h1    1         T0       skipped for the holdout             o9 paid 400 JPY (not a mail)

What follows (EXPECTED): m3 and m9 count as delivered (no bounce was reported), m4 does not;
m5 bounced softly and was then delivered. A click without an open (m5, m8) is an open. m8's
two paid orders make one converted mail and revenue in two currencies; its refunded order
counts nowhere. m9's order came after the range and counts: a mail's figures follow it until
now. x1 was sent before the range, h1 was never sent.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Scenario, Step, Variant

T0 = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
START = datetime(2026, 11, 9, tzinfo=UTC)
END = datetime(2026, 11, 12, tzinfo=UTC)  # exclusive
DAY, HOUR = timedelta(days=1), timedelta(hours=1)
COUNTS = ("sent", "delivered", "bounced", "opened", "clicked", "converted")
COUNTS += ("unsubscribed", "complained")
# The rates' names in the engine and the CSV, and in the API.
RATES = {
    "delivery_rate": "deliveryRate",
    "open_rate": "openRate",
    "click_through_rate": "clickThroughRate",
    "click_to_open_rate": "clickToOpenRate",
    "conversion_rate": "conversionRate",
}


def _money(amounts: dict) -> list[dict]:
    return [{"currency": c, "amount": str(a)} for c, a in sorted(amounts.items())]


def _figures(counts: tuple, rates: tuple, revenue: dict, per_mail: dict) -> dict:
    """A group's figures as the API names them, money as the API writes it."""
    return {
        **dict(zip(COUNTS, counts, strict=True)),
        **dict(zip(RATES.values(), rates, strict=True)),
        "revenue": _money(revenue),
        "revenuePerMail": _money(per_mail),
    }


# counts: sent delivered bounced opened clicked converted unsubscribed complained
# rates: delivered/sent, opened/delivered, clicked/delivered, clicked/opened, converted/delivered
EXPECTED = {
    "step 1": _figures(
        (6, 5, 1, 3, 2, 2, 1, 0),
        (5 / 6, 3 / 5, 2 / 5, 2 / 3, 2 / 5),
        {"JPY": "3000.000", "USD": "20.000"},
        {"JPY": "500.000", "USD": "3.333"},
    ),
    "variant a": _figures(
        (3, 3, 0, 1, 1, 1, 0, 0),
        (1.0, 1 / 3, 1 / 3, 1.0, 1 / 3),
        {"JPY": "3000.000"},
        {"JPY": "1000.000"},
    ),
    "variant b": _figures(
        (3, 2, 1, 2, 1, 1, 1, 0),
        (2 / 3, 1.0, 1 / 2, 1 / 2, 1 / 2),
        {"USD": "20.000"},
        {"USD": "6.667"},
    ),
    "step 2": _figures(
        (3, 3, 0, 2, 1, 2, 0, 1),
        (1.0, 2 / 3, 1 / 3, 1 / 2, 2 / 3),
        {"JPY": "2300.000", "USD": "12.500"},
        {"JPY": "766.667", "USD": "4.167"},
    ),
    "scenario": _figures(
        (9, 8, 1, 5, 3, 4, 1, 1),
        (8 / 9, 5 / 8, 3 / 8, 3 / 5, 4 / 8),
        {"JPY": "5300.000", "USD": "32.500"},
        {"JPY": "588.889", "USD": "3.611"},
    ),
}


@dataclass
class Figures:
    scenario: Scenario
    first: Step
    second: Step
    a: Variant
    b: Variant


def mail(step, name: str, sent_at, *events, variant=None, state="sent") -> Delivery:
    """A mail to `name`@example.com and its `events` (type, hours after the send)."""
    enrollment = Enrollment.objects.create(
        scenario=step.scenario,
        email=f"{name}@example.com",
        triggered_at=sent_at,
        state="completed",
        ended_at=sent_at,
        holdout=state == "skipped",
    )
    sent = {"sent_at": sent_at} if state == "sent" else {"reason": "holdout"}
    delivery = Delivery.objects.create(
        enrollment=enrollment,
        step=step,
        variant=variant,
        due_at=sent_at,
        available_at=sent_at,
        state=state,
        **sent,
    )
    if state == "sent":
        DeliveryEvent.objects.create(delivery=delivery, type="sent", occurred_at=sent_at)
    for kind, hours in events:
        DeliveryEvent.objects.create(
            delivery=delivery, type=kind, occurred_at=sent_at + hours * HOUR
        )
    return delivery


def order(delivery, order_id: str, amount: str, currency: str, *, hours=2, paid=True, refund=0):
    at = (delivery.sent_at or delivery.due_at) + hours * HOUR
    DeliveryEvent.objects.create(
        delivery=delivery,
        type="converted",
        occurred_at=at,
        order_id=order_id,
        revenue=Decimal(amount) if amount else None,  # '': the order's total is unknown
        currency=currency,
        paid_at=at if paid else None,
        reversed_at=at + refund * HOUR if refund else None,
    )


def build_figures() -> Figures:
    scenario = Scenario.objects.create(slug="figures", name="Figures", trigger="first_order")
    first = Step.objects.create(scenario=scenario, position=0, name="thanks")
    second = Step.objects.create(scenario=scenario, position=1, name="reorder", delay_days=1)
    a = Variant.objects.create(step=first, name="a")
    b = Variant.objects.create(step=first, name="b")

    m1 = mail(first, "c1", T0, ("delivered", 0), ("opened", 1), ("clicked", 1), variant=a)
    order(m1, "o1", "3000", "JPY")
    mail(first, "c2", T0, ("delivered", 0), variant=a)
    mail(first, "c3", T0, variant=a)
    mail(first, "c4", T0, ("bounced", 0), variant=b)
    m5 = mail(first, "c5", T0, ("bounced", 0), ("delivered", 1), ("clicked", 3), variant=b)
    order(m5, "o2", "5000", "JPY", hours=4, paid=False)
    m6 = mail(first, "c6", T0, ("delivered", 0), ("opened", 2), ("unsubscribed", 3), variant=b)
    order(m6, "o3", "20.00", "USD")

    mail(second, "c7", T0 + DAY, ("delivered", 0), ("opened", 1), ("complained", 1))
    m8 = mail(second, "c8", T0 + DAY, ("delivered", 0), ("clicked", 1))
    order(m8, "o4", "12.50", "USD")
    order(m8, "o5", "1500", "JPY", hours=5)
    order(m8, "o6", "99", "USD", hours=6, refund=48)
    m9 = mail(second, "c9", T0 + DAY)
    order(m9, "o7", "800", "JPY", hours=240)

    x1 = mail(first, "c1", T0 - 5 * DAY, ("delivered", 0), ("opened", 1), variant=a)
    order(x1, "o8", "7000", "JPY")
    h1 = mail(first, "h1", T0, state="skipped")
    order(h1, "o9", "400", "JPY")
    return Figures(scenario=scenario, first=first, second=second, a=a, b=b)


def as_api(figures) -> dict:
    """The engine's MailFigures named and written as the API answers them."""
    return {
        **{name: getattr(figures, name) for name in COUNTS},
        **{api: figures.rate(name) for name, api in RATES.items()},
        "revenue": _money(figures.revenue),
        "revenuePerMail": _money(figures.revenue_per_mail()),
    }


def from_csv(row: dict) -> dict:
    """A CSV line of a figures table (api/reports.py) named as the API answers it. The CSV
    writes 0 in a currency's column for a group without revenue in it; that is left out."""

    def money(prefix: str) -> list[dict]:
        return [
            {"currency": column.removeprefix(prefix), "amount": amount}
            for column, amount in sorted(row.items())
            if column.startswith(prefix) and column[len(prefix) :].isupper() and amount != "0"
        ]

    return {
        **{name: int(row[name]) for name in COUNTS},
        **{api: float(row[name]) for name, api in RATES.items()},
        "revenue": money("revenue_"),
        "revenuePerMail": money("revenue_per_mail_"),
    }
