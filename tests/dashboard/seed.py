"""Results to look at: a scenario whose mails were sent, opened, clicked and converted, with an
A/B test on its first step and a holdout group; one customer's whole path; and first buyers
with their second orders for the repeat rate."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from saleor_stepmail.engine.inbox import inbound_record
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Scenario, Step, Variant
from tests.factories import make_scenario

FUNNEL = ("sent", "delivered", "opened", "clicked", "converted")
# Where the clicks of seeded mails went: half to the first link, a quarter to each other one.
LINKS = ("https://midori.example/tea", "https://midori.example/cups", "https://midori.example/sale")


def _clicked_link(i: int) -> str:
    return LINKS[0] if i % 2 == 0 else LINKS[1 + (i // 2) % 2]


def cohort(
    step: Step,
    *,
    name: str,
    at: datetime,
    funnel: dict[str, int],
    variant: Variant | None = None,
    holdout: bool = False,
) -> list[Delivery]:
    """`funnel["sent"]` enrolments with one delivery of `step` each; the first
    `funnel[event]` of them get that event (a converted one an order of 1000 JPY), and those
    past `funnel["delivered"]` bounced. Holdout deliveries are skipped, not sent, and carry
    only their conversions."""
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            scenario=step.scenario, email=f"{name}{i}@example.com", triggered_at=at,
            state="completed", ended_at=at, exit_reason="all steps done", holdout=holdout,
        )
        for i in range(funnel["sent"])
    )  # fmt: skip
    state = (
        {"state": "skipped", "reason": "holdout"} if holdout else {"state": "sent", "sent_at": at}
    )
    deliveries = Delivery.objects.bulk_create(
        Delivery(enrollment=e, step=step, variant=variant, due_at=at, available_at=at, **state)
        for e in enrollments
    )
    events = []
    for event in FUNNEL:
        if holdout and event != "converted":
            continue
        for i, delivery in enumerate(deliveries[: funnel.get(event, 0)]):
            extra = {}
            if event == "converted":
                extra = {
                    "order_id": f"{name}-order-{i}",
                    "revenue": Decimal(1000),
                    "currency": "JPY",
                    "paid_at": at,
                }
            elif event == "clicked":
                extra = {"metadata": {"url": _clicked_link(i)}}
            events.append(DeliveryEvent(delivery=delivery, type=event, occurred_at=at, **extra))
    if not holdout:
        events += [
            DeliveryEvent(delivery=delivery, type="bounced", occurred_at=at)
            for delivery in deliveries[funnel["delivered"] :]
        ]
    DeliveryEvent.objects.bulk_create(events)
    return deliveries


@dataclass
class Seeded:
    scenario: Scenario
    first: Step
    second: Step


def seed_results(*, at: datetime) -> Seeded:
    """A 3-step scenario (day 0, 7, 30): step 1 A/B tested with 200 mails per variant, step 2
    with 150 mails, and 100 held-out enrolments of which 5 bought anyway."""
    scenario = make_scenario(
        slug="second-purchase", delays=(0, 7, 30), variants=(("A", 1), ("B", 1))
    )
    scenario.name, scenario.holdout_percent = "Second purchase", 10
    scenario.save(update_fields=["name", "holdout_percent"])
    first, second, third = scenario.steps.order_by("position")
    Step.objects.filter(pk=first.pk).update(name="Thank you")
    Step.objects.filter(pk=second.pk).update(name="How is it going?")
    Step.objects.filter(pk=third.pk).update(name="Come back")
    Variant.objects.filter(step__in=[second, third]).delete()
    a, b = first.variants.order_by("name")
    cohort(
        first,
        name="a",
        at=at,
        variant=a,
        funnel={"sent": 200, "delivered": 196, "opened": 90, "clicked": 30, "converted": 10},
    )
    cohort(
        first,
        name="b",
        at=at,
        variant=b,
        funnel={"sent": 200, "delivered": 198, "opened": 120, "clicked": 60, "converted": 30},
    )
    cohort(
        second,
        name="s",
        at=at + timedelta(days=7),
        funnel={"sent": 150, "delivered": 149, "opened": 70, "clicked": 20, "converted": 6},
    )
    cohort(first, name="h", at=at, holdout=True, funnel={"sent": 100, "converted": 5})
    first.refresh_from_db()
    second.refresh_from_db()
    return Seeded(scenario=scenario, first=first, second=second)  # fmt: skip


def seed_customer_path(scenario: Scenario, *, email: str, at: datetime) -> Enrollment:
    """A customer who got two mails, opened and clicked the second, and bought again."""
    steps = list(scenario.steps.order_by("position"))
    enrollment = Enrollment.objects.create(
        scenario=scenario, email=email, triggered_at=at, state="converted",
        exit_reason="purchased_again", ended_at=at + timedelta(days=8),
    )  # fmt: skip
    for step, day in ((steps[0], 0), (steps[1], 7)):
        sent = at + timedelta(days=day)
        delivery = Delivery.objects.create(
            enrollment=enrollment, step=step, due_at=sent, available_at=sent, state="sent",
            sent_at=sent,
        )  # fmt: skip
        DeliveryEvent.objects.create(delivery=delivery, type="sent", occurred_at=sent)
    DeliveryEvent.objects.bulk_create(
        [
            DeliveryEvent(delivery=delivery, type="opened", occurred_at=sent + timedelta(hours=2)),
            DeliveryEvent(delivery=delivery, type="clicked", occurred_at=sent + timedelta(hours=3)),
            DeliveryEvent(
                delivery=delivery, type="converted", occurred_at=sent + timedelta(days=1),
                order_id="hana-2", revenue=Decimal(4200), currency="JPY",
                paid_at=sent + timedelta(days=1),
            ),
        ]
    )  # fmt: skip
    Delivery.objects.create(
        enrollment=enrollment, step=steps[2], due_at=at + timedelta(days=30),
        available_at=at + timedelta(days=30), state="cancelled", reason="purchased_again",
    )  # fmt: skip
    return enrollment


def _paid_order(order_id: str, at: datetime, *, email: str, total: str, currency: str, **facts):
    """An order recorded as the hooks record it, with the facts the repeat-rate reports read
    (engine/order_rows.py), and its payment a minute later."""
    inbound_record(
        type="order_created", occurred_at=at, order_id=order_id, email=email,
        channel_slug="web", facts={"total": total, "currency": currency, **facts},
    )  # fmt: skip
    inbound_record(
        type="order_fully_paid", occurred_at=at + timedelta(minutes=1), order_id=order_id
    )


def seed_repeat_orders(*, now: datetime) -> Scenario:
    """First buyers 200 days ago: ten in yen (five from Instagram, five from the newsletter),
    of whom four came back after 40 days, six enrolled in `thank-you` and four held out (three
    enrolled and one held out came back: 25 points); two in dollars, one back after 100 days;
    and three first buyers of 20 days ago, too young for any window."""
    scenario = make_scenario(slug="thank-you", status="paused", delays=(0,))
    scenario.name = "Thank you"
    scenario.save(update_fields=["name"])
    first = now - timedelta(days=200)
    for i in range(10):
        email = f"c{i}@example.com"
        source = "instagram" if i < 5 else "newsletter"
        _paid_order(f"c{i}-1", first, email=email, total="3000", currency="JPY",
                    metadata={"utm_source": source})  # fmt: skip
        Enrollment.objects.create(
            scenario=scenario, email=email, source_order_id=f"c{i}-1", triggered_at=first,
            holdout=i >= 6, state="completed", ended_at=first,
        )  # fmt: skip
        if i in (0, 1, 2, 6):
            _paid_order(f"c{i}-2", first + timedelta(days=40), email=email, total="2000",
                        currency="JPY")  # fmt: skip
    for i in range(2):
        _paid_order(f"d{i}-1", first, email=f"d{i}@example.com", total="40", currency="USD")
    _paid_order("d0-2", first + timedelta(days=100), email="d0@example.com", total="60",
                currency="USD")  # fmt: skip
    for i in range(3):
        _paid_order(f"y{i}-1", now - timedelta(days=20), email=f"y{i}@example.com",
                    total="3000", currency="JPY", metadata={"utm_source": "instagram"})  # fmt: skip
    return scenario
