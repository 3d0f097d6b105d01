"""One message context: a template reads every fact of the catalogue, a condition reads the same
value, and the preview prints what the sent mail prints."""

from datetime import timedelta

import pytest

from saleor_stepmail.api.previews import step_preview
from saleor_stepmail.engine.catalogue import CATALOGUE, LIST
from saleor_stepmail.engine.context import delivery_context
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.integration import current_integration
from saleor_stepmail.models import Delivery, DeliveryEvent, InboundEvent, LineUser

from ..factories import make_scenario

pytestmark = pytest.mark.django_db

EMAIL = "hana@example.com"
LINE_USER = "U" + "0123456789" * 3 + "ab"
LINES = [
    {
        "product_name": "Sencha",
        "quantity": 2,
        "product_id": "P1",
        "variant_id": "V1",
        "category": "green-tea",
        "category_name": "Green tea",
        "collections": ["autumn"],
        "collection_names": ["Autumn"],
        "consumption_days": 30,
    },
    {
        "product_name": "Cup",
        "quantity": 1,
        "product_id": "P2",
        "variant_id": "V2",
        "category": "teaware",
        "category_name": "Teaware",
        "collections": [],
        "collection_names": [],
        "consumption_days": 20,
    },
]
# What each derived fact of the catalogue is for LINES, as a template prints it.
DERIVED = {
    "order.product_ids": "P1,P2",
    "order.variant_ids": "V1,V2",
    "order.categories": "green-tea,teaware",
    "order.category_names": "Green tea,Teaware",
    "order.collections": "autumn",
    "order.collection_names": "Autumn",
    "order.reorder_in_days": "20",
}
ADDRESS = {"first_name": "Hana", "street_address_1": "1-2-3 Uji", "city": "Kyoto", "country": "JP"}
MONEY = {"amount": "49.90", "currency": "USD"}
# What an order's hook event brings, every catalogue fact of the customer and the order.
RECORDED = {
    "customer": {
        "first_name": "Hana",
        "last_name": "Sato",
        "phone": "+81752001234",
        "language_code": "ja",
        "lifetime_spend": MONEY,
        "default_shipping_address": ADDRESS,
        "default_billing_address": ADDRESS,
        "metadata": {"plan": "yes"},
    },
    "order": {
        "id": "order-1",
        "number": "1042",
        "created_at": "2026-11-02T09:00:00+00:00",
        "status": "unfulfilled",
        "charge_status": "full",
        "authorize_status": "full",
        "total": MONEY,
        "subtotal": MONEY,
        "shipping_price": {"amount": "5.00", "currency": "USD"},
        "payment_method": "card",
        "payment_gateway": "dummy",
        "payment_due_at": "2026-11-09T09:00:00+00:00",
        "payment_due_in_days": 7,
        "expires_at": "2026-11-09T09:00:00+00:00",
        "shipping_address": ADDRESS,
        "billing_address": ADDRESS,
        "metadata": {"gift": "yes"},
        "lines": LINES,
    },
    "cart": {"total": MONEY},
}


def _printed(name: str, kind: str) -> str:
    joined = '|join:","' if kind == LIST else ""
    return f"{name}=[{{{{ {name}{joined} }}}}]"


def _every_fact_template() -> str:
    """A line per catalogue fact (one key of each family): `name=[value]`."""
    lines = []
    for fact in CATALOGUE:
        key = fact.keys[0] if fact.keys else "plan" if "customer" in fact.name else "gift"
        name = fact.prefix + key if fact.family else fact.name
        lines.append(_printed(name, fact.type))
    return "\n".join(lines)


def _enrol(clock, *, steps: int = 1, conditions: list | None = None, template: str = ""):
    scenario = make_scenario(slug="every-fact", trigger="order_created", delays=(0, 3)[:steps])
    last = scenario.steps.order_by("position").last()
    last.text_template = last.html_template = template
    last.conditions = conditions or []
    last.save()
    record_event(
        Event(
            type="order_created",
            occurred_at=clock.now,
            email=EMAIL,
            user_id="7",
            order_id="order-1",
            channel_slug="default-channel",
            context=RECORDED,
        )
    )
    return last


def test_a_template_printing_every_derived_fact_prints_it_and_conditions_read_the_same(
    clock, outbox
):
    derived = {fact.name: fact for fact in CATALOGUE if fact.derive is not None}
    assert set(derived) == set(DERIVED)
    # Each condition holds only for the value the template prints.
    conditions = [
        {"fact": name, "op": "contains", "value": DERIVED[name].split(",")[0]}
        if fact.type == LIST
        else {"fact": name, "op": "eq", "value": int(DERIVED[name])}
        for name, fact in derived.items()
    ]
    template = "\n".join(_printed(name, fact.type) for name, fact in derived.items())
    _enrol(clock, conditions=conditions, template=template)

    dispatch_due(now=clock.now)

    assert Delivery.objects.get().state == "sent", Delivery.objects.get().reason
    assert outbox[0].body.splitlines() == [f"{name}=[{DERIVED[name]}]" for name in derived]


def test_a_message_without_an_order_gets_no_order_from_the_derived_facts(clock):
    step = make_scenario(slug="welcome", trigger="subscribed", delays=(0,)).steps.get()
    record_event(Event(type="subscribed", occurred_at=clock.now, email=EMAIL))
    delivery = Delivery.objects.select_related("enrollment__scenario", "step").get(step=step)

    context = delivery_context(delivery, integration=current_integration())

    assert "order" not in context
    assert context["channel"] == ""


def test_the_preview_prints_every_catalogue_fact_the_sent_mail_prints(clock, outbox):
    """Facts loaded for a chunk (the customer's recorded orders, the previous step's opens,
    the LINE user) and the derived ones, in the preview of the enrolment and in its mail."""
    for days_ago, order_id in ((40, "order-0"), (0, "order-1")):
        InboundEvent.objects.create(
            type="order_created",
            occurred_at=clock.now - timedelta(days=days_ago),
            order_id=order_id,
            email=EMAIL,
            processed_at=clock.now,
        )
    LineUser.objects.create(
        line_user_id=LINE_USER,
        user_id="7",
        email=EMAIL,
        display_name="はな",
        followed_at=clock.now,
        linked_at=clock.now,
    )
    step = _enrol(clock, steps=2, template=_every_fact_template())
    dispatch_due(now=clock.now)
    first = Delivery.objects.get(state="sent")
    DeliveryEvent.objects.create(delivery=first, type="opened", occurred_at=clock.now)

    clock.advance(days=3)
    preview = step_preview(step=step, email=EMAIL).message
    dispatch_due(now=clock.now)

    mail = outbox[-1]
    assert mail.body == preview.text
    assert dict(mail.alternatives)[preview.html] == "text/html"
    printed = dict(line.split("=", 1) for line in mail.body.splitlines())
    assert [name for name, value in printed.items() if value == "[]"] == []
    assert printed["customer.orders_count"] == "[2]"
    assert printed["previous_step.opened"] == "[True]"
    assert printed["line.display_name"] == "[はな]"
