"""A mail that prints every fact of the catalogue, for a guest and a registered customer on
orders placed through Saleor's checkout: each fact the order has shows a value, and the
preview of that enrolment (stepmailStepPreview) is the mail the tick sent."""

import re

import graphene
import pytest
from django.utils import timezone
from graphql_relay import to_global_id
from saleor.checkout.utils import get_or_create_checkout_metadata
from saleor.core.jwt import create_access_token
from saleor.order.models import Order
from saleor.product.models import Collection, CollectionProduct

from saleor_stepmail.engine.catalogue import CATALOGUE, LIST
from saleor_stepmail.models import Enrollment, LineUser, Scenario, Step
from saleor_stepmail.tasks import tick

from .checkouts import ADDRESS, checkout_complete, checkout_create, checkout_pay

GUEST = "guest@example.com"
LINE_USER = "U" + "0123456789" * 3 + "ab"
# One key of each family: the customer's public metadata (Saleor's customer_user fixture has
# it), the order's (set on the checkout below).
FAMILY_KEYS = {"customer.metadata.": "key", "order.metadata.": "gift"}
# Not a fact of an order: the abandoned checkout's.
NOT_AN_ORDERS = {"cart.total"}
# What a guest does not have: an account (its addresses and metadata), a linked LINE user.
NOT_A_GUESTS = {
    "customer.default_shipping_address.first_name",
    "customer.default_billing_address.first_name",
    "customer.metadata.key",
    "line_user_id",
    "customer.line_user_id",
    "line.display_name",
    "line.blocked",
}
PREVIEW = """
mutation($id: ID!, $orderId: String) {
  stepmailStepPreview(id: $id, orderId: $orderId) {
    preview { subject text html sample } errors { field message }
  }
}
"""
TOKEN = re.compile(r"/u/[^/\s\"'<>]+/")


def _fact_names() -> list[str]:
    names = []
    for fact in CATALOGUE:
        key = fact.keys[0] if fact.keys else FAMILY_KEYS.get(fact.prefix, "")
        names.append(fact.prefix + key if fact.family else fact.name)
    return names


def _every_fact_template() -> str:
    """A line per fact: `name=[value]`, lists joined."""
    kinds = {fact.name: fact.type for fact in CATALOGUE}
    return "\n".join(
        f"{name}=[{{{{ {name}{'|join:","' if kinds.get(name) == LIST else ''} }}}}]"
        for name in _fact_names()
    )


@pytest.fixture
def shop(stepmail_plugin, product, channel_USD, customer_user, settings):
    """A product with a category, a collection and consumption_days; a channel that expires
    unpaid orders; a registered customer with a language and a linked LINE user; and one
    step that prints every fact, sent at once for every order. Tracking off, so the sent
    HTML compares as rendered."""
    stepmail_plugin.configuration.append({"name": "tracking", "value": False})
    stepmail_plugin.save(update_fields=["configuration"])
    channel_USD.expire_orders_after = 60 * 24 * 3
    channel_USD.save(update_fields=["expire_orders_after"])
    collection = Collection.objects.create(name="Autumn teas", slug="autumn-teas")
    CollectionProduct.objects.create(collection=collection, product=product)
    product.store_value_in_metadata({"consumption_days": "30"})
    product.save(update_fields=["metadata"])
    customer_user.language_code = "ja"
    customer_user.save(update_fields=["language_code"])
    LineUser.objects.create(
        line_user_id=LINE_USER,
        user_id=str(customer_user.pk),
        email=customer_user.email,
        display_name="Leslie on LINE",
        linked_at=timezone.now(),
        followed_at=timezone.now(),
    )
    scenario = Scenario.objects.create(
        slug="every-fact",
        name="Every fact",
        trigger="order_created",
        status="active",
        reentry="per_order",
    )
    template = _every_fact_template()
    return Step.objects.create(
        scenario=scenario,
        position=0,
        subject_template="Facts for {{ customer.first_name }}",
        text_template=template,
        html_template=template,
    )


def _order(client, *, email: str, product, shipping_method, channel, transaction_item_generator):
    checkout, total = checkout_create(
        client,
        variant=product.variants.first(),
        shipping_method=shipping_method,
        channel_slug=channel.slug,
        email=email,
    )
    metadata = get_or_create_checkout_metadata(checkout)
    metadata.store_value_in_metadata({"gift": "yes"})
    metadata.save()
    checkout_pay(checkout, total, transaction_item_generator, payment_method_type="card")
    placed = checkout_complete(client, checkout)
    return Order.objects.get(pk=graphene.Node.from_global_id(placed["id"])[1])


def _printed(text: str) -> dict[str, str]:
    return dict(re.match(r"(.*?)=\[(.*)\]$", line).groups() for line in text.splitlines())


def _tokens_aside(text: str) -> str:
    return TOKEN.sub("/u/TOKEN/", text)


@pytest.mark.parametrize("guest", [True, False], ids=["guest", "registered"])
def test_a_mail_printing_every_fact_shows_each_the_order_has_and_the_preview_is_that_mail(
    guest,
    shop,
    api_client,
    user_api_client,
    product,
    shipping_method,
    channel_USD,
    transaction_item_generator,
    stepmail_api,
    staff_user,
    permission_manage_plugins,
    permission_manage_orders,
    outbox,
):
    client = api_client if guest else user_api_client
    email = GUEST if guest else user_api_client.user.email
    order = _order(
        client,
        email=email,
        product=product,
        shipping_method=shipping_method,
        channel=channel_USD,
        transaction_item_generator=transaction_item_generator,
    )
    enrollment = Enrollment.objects.get(source_order_id=str(order.pk))
    staff_user.user_permissions.add(permission_manage_plugins, permission_manage_orders)
    variables = {"id": to_global_id("StepmailStep", shop.pk), "orderId": str(order.pk)}

    staff = type(staff_user).objects.get(pk=staff_user.pk)  # permissions read afresh
    preview = stepmail_api.post(PREVIEW, variables, token=create_access_token(staff)).json()
    tick.apply()

    (mail,) = outbox
    assert mail.to == [enrollment.email]
    printed = _printed(mail.body)
    missing = {name for name, value in printed.items() if value in ("", "None")}
    assert missing == NOT_AN_ORDERS | (NOT_A_GUESTS if guest else set())
    if guest:
        # From the order: the billing address's names and phone, the order's language.
        assert (printed["customer.first_name"], printed["customer.last_name"]) == ("Hana", "Sato")
        assert printed["customer.phone"] == ADDRESS["phone"]
        assert printed["customer.language_code"] == order.language_code.lower()
    else:
        # The account's, where it has them.
        user = user_api_client.user
        assert printed["customer.first_name"] == user.first_name != ADDRESS["firstName"]
        assert printed["customer.language_code"] == "ja"
    assert printed["customer.orders_count"] == "1"
    result = preview["data"]["stepmailStepPreview"]
    assert result["errors"] == []
    shown = result["preview"]
    assert shown["sample"] is False
    assert shown["subject"] == mail.subject
    assert _tokens_aside(shown["text"]) == _tokens_aside(mail.body)
    (html,) = (body for body, kind in mail.alternatives if kind == "text/html")
    assert _tokens_aside(shown["html"]) == _tokens_aside(html)
