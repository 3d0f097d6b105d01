"""Every fact of the catalogue read from Saleor's own objects, as a send sees it.

The customer and two orders are made through Saleor's checkout mutations; the facts are
those of the message context the dispatcher builds (engine/context.py): the enrolment's
(from the order event), the chunk's customer facts (Integration.customer_facts) and the
derived ones.
"""

from datetime import timedelta
from decimal import Decimal

import graphene
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from saleor.checkout.utils import get_or_create_checkout_metadata
from saleor.order.models import Order
from saleor.product.models import Collection, CollectionProduct

from saleor_stepmail.engine.catalogue import CATALOGUE, SHOP
from saleor_stepmail.engine.conditions import conditions_failing, fact_value
from saleor_stepmail.engine.context import delivery_context
from saleor_stepmail.engine.integration import current_integration
from saleor_stepmail.models import Enrollment, Scenario, Step

from .checkouts import ADDRESS, checkout_complete, checkout_create, checkout_pay

QUANTITY = 2
CONSUMPTION_DAYS = 30


@pytest.fixture
def shop(stepmail_plugin, user_api_client, product, shipping_method, channel_USD):
    """A customer (Saleor's customer_user) with a language and metadata, and a product with a
    category, a collection and consumption_days in its public metadata."""
    user = user_api_client.user
    user.language_code = "ja"
    user.save(update_fields=["language_code"])
    collection = Collection.objects.create(name="Autumn teas", slug="autumn-teas")
    CollectionProduct.objects.create(collection=collection, product=product)
    product.store_value_in_metadata({"consumption_days": str(CONSUMPTION_DAYS)})
    product.store_value_in_private_metadata({"cost": "3"})
    product.save(update_fields=["metadata", "private_metadata"])
    Scenario.objects.create(
        slug="every-order",
        name="Every order",
        trigger="order_created",
        status="active",
        reentry="per_order",
    )
    return {"user": user, "product": product, "collection": collection}


@pytest.fixture
def bought(shop, user_api_client, shipping_method, channel_USD, transaction_item_generator):
    """Two paid orders through the checkout; facts of the second one's enrolment."""
    Step.objects.create(
        scenario=Scenario.objects.get(slug="every-order"), position=0, subject_template="Hi"
    )
    orders = []
    for gift in ("no", "yes"):
        checkout, total = checkout_create(
            user_api_client,
            variant=shop["product"].variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=shop["user"].email,
            quantity=QUANTITY,
        )
        metadata = get_or_create_checkout_metadata(checkout)
        metadata.store_value_in_metadata({"gift": gift})
        metadata.store_value_in_private_metadata({"fraud_score": "12"})
        metadata.save()
        checkout_pay(checkout, total, transaction_item_generator, payment_method_type="card")
        placed = checkout_complete(user_api_client, checkout)
        orders.append(placed)
    first, second = (Order.objects.get(pk=graphene.Node.from_global_id(o["id"])[1]) for o in orders)
    enrollment = Enrollment.objects.get(source_order_id=str(second.pk))
    context = send_context(enrollment)
    return {
        **shop,
        "first": first,
        "order": second,
        "channel": channel_USD.slug,
        "context": context,
    }


def send_context(enrollment: Enrollment) -> dict:
    """The context the dispatcher builds for the enrolment's first delivery."""
    delivery = enrollment.deliveries.select_related("step", "enrollment__scenario").first()
    return delivery_context(delivery, integration=current_integration())


def _money(amount: Decimal) -> dict:
    return {"amount": str(amount.quantize(Decimal("0.01"))), "currency": "USD"}


EXPECTED = {
    "customer.email": lambda b: b["user"].email,
    "customer.first_name": lambda b: "Leslie",
    "customer.last_name": lambda b: "Wade",
    "customer.phone": lambda b: "+48713988102",
    "customer.language_code": lambda b: "ja",
    "customer.orders_count": lambda b: 2,
    "customer.lifetime_spend": lambda b: _money(
        b["first"].total_gross_amount + b["order"].total_gross_amount
    ),
    "customer.first_order_at": lambda b: b["first"].created_at.isoformat(),
    "customer.last_order_at": lambda b: b["order"].created_at.isoformat(),
    "customer.default_shipping_address.street_address_1": lambda b: "Tęczowa 7",
    "customer.default_billing_address.country": lambda b: "PL",
    "customer.metadata.key": lambda b: "value",
    "order.id": lambda b: str(b["order"].pk),
    "order.number": lambda b: str(b["order"].number),
    "order.created_at": lambda b: b["order"].created_at.isoformat(),
    "order.status": lambda b: b["order"].status,
    "order.charge_status": lambda b: "full",
    "order.authorize_status": lambda b: b["order"].authorize_status,
    "order.total": lambda b: _money(b["order"].total_gross_amount),
    "order.total.amount": lambda b: _money(b["order"].total_gross_amount)["amount"],
    "order.subtotal": lambda b: _money(b["order"].subtotal_gross_amount),
    "order.shipping_price": lambda b: _money(b["order"].shipping_price_gross_amount),
    "order.product_ids": lambda b: [graphene.Node.to_global_id("Product", b["product"].pk)],
    "order.variant_ids": lambda b: [
        graphene.Node.to_global_id("ProductVariant", b["product"].variants.first().pk)
    ],
    "order.categories": lambda b: [b["product"].category.slug],
    "order.category_names": lambda b: [b["product"].category.name],
    "order.collections": lambda b: ["autumn-teas"],
    "order.collection_names": lambda b: ["Autumn teas"],
    "order.payment_method": lambda b: "card",
    "order.payment_gateway": lambda b: "Credit card",
    "order.reorder_in_days": lambda b: CONSUMPTION_DAYS * QUANTITY,
    # The channel does not expire orders: the Dashboard's payment_due_days (7) set the date;
    # test_checkout_flow.py covers expireOrdersAfter.
    "order.payment_due_at": lambda b: (b["order"].created_at + timedelta(days=7)).isoformat(),
    "order.payment_due_in_days": lambda b: 7,
    "order.expires_at": lambda b: None,
    "order.shipping_address.first_name": lambda b: ADDRESS["firstName"],
    "order.billing_address.city": lambda b: ADDRESS["city"],
    "order.metadata.gift": lambda b: "yes",
    "channel": lambda b: b["channel"],
}


def test_every_fact_from_saleor_in_the_catalogue_has_a_test_here():
    from_saleor = {f.name for f in CATALOGUE if f.source.startswith(SHOP)}
    tested = {name.rsplit(".", 1)[0] + "." for name in EXPECTED}
    for name in from_saleor:
        prefix = name.rsplit(".", 1)[0] + "."
        assert name in EXPECTED or (name.endswith(">") and prefix in tested), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fact_is_read_from_saleor(bought, name):
    assert fact_value(bought["context"], name) == EXPECTED[name](bought)


def test_number_and_money_facts_compare_as_numbers(bought):
    total = bought["order"].total_gross_amount
    conditions = [
        {"fact": "order.total", "op": "gte", "value": float(total)},
        {"fact": "order.total.amount", "op": "lt", "value": float(total) + 0.01},
        {"fact": "customer.lifetime_spend", "op": "gt", "value": float(total)},
        {"fact": "customer.orders_count", "op": "gte", "value": 2},
    ]

    assert conditions_failing(conditions, bought["context"]) is None


def test_private_metadata_never_reaches_the_context(bought):
    flat = repr(bought["context"]) + repr(Enrollment.objects.values_list("context"))

    for secret in ("secret_key", "secret_value", "fraud_score", "cost"):
        assert secret not in flat


def test_customer_facts_of_a_chunk_take_three_queries_whatever_its_size(bought):
    enrollments = list(Enrollment.objects.all())
    assert len(enrollments) == 2

    with CaptureQueriesContext(connection) as queries:
        facts = current_integration().customer_facts(enrollments)

    assert len(queries) == 3
    assert {f["customer"]["orders_count"] for f in facts.values()} == {2}
