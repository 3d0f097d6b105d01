"""Checkouts built the way a storefront builds them: through Saleor's GraphQL API.

The API is the same in Saleor 3.22 and 3.23 where the models are not (3.23 moved the shipping
method to CheckoutDelivery), so these builders work on both.
"""

from decimal import Decimal

import graphene
from django.utils import timezone
from saleor.checkout.models import Checkout

ADDRESS = {
    "firstName": "Hana",
    "lastName": "Sato",
    "streetAddress1": "Tęczowa 7",
    "city": "WROCŁAW",
    "postalCode": "53-601",
    "country": "PL",
    "phone": "+48713988102",
}

CHECKOUT_CREATE = """
mutation ($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field code message } }
}
"""

DELIVERY_METHOD_UPDATE = """
mutation ($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { totalPrice { gross { amount } } }
    errors { field code message }
  }
}
"""

CHECKOUT_COMPLETE = """
mutation ($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status chargeStatus }
    errors { field code message }
  }
}
"""

ORDER_MARK_AS_PAID = """
mutation ($id: ID!) {
  orderMarkAsPaid(id: $id) { order { id chargeStatus } errors { field code message } }
}
"""


def graphql(client, query: str, variables: dict) -> dict:
    """The mutation's payload; fails the test on GraphQL errors and on the payload's errors."""
    content = client.post_graphql(query, variables).json()
    assert "errors" not in content, content["errors"]
    (payload,) = content["data"].values()
    assert not payload["errors"], payload["errors"]
    return payload


def checkout_create(
    client,
    *,
    variant,
    shipping_method,
    channel_slug: str,
    email: str,
    quantity: int = 2,
) -> tuple[Checkout, Decimal]:
    """A checkout ready to complete (lines, addresses, delivery) and its gross total."""
    checkout_id = graphql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "channel": channel_slug,
                "email": email,
                "lines": [
                    {
                        "variantId": graphene.Node.to_global_id("ProductVariant", variant.pk),
                        "quantity": quantity,
                    }
                ],
                "shippingAddress": ADDRESS,
                "billingAddress": ADDRESS,
            }
        },
    )["checkout"]["id"]
    payload = graphql(
        client,
        DELIVERY_METHOD_UPDATE,
        {
            "id": checkout_id,
            "method": graphene.Node.to_global_id("ShippingMethod", shipping_method.pk),
        },
    )
    total = Decimal(str(payload["checkout"]["totalPrice"]["gross"]["amount"]))
    _, token = graphene.Node.from_global_id(checkout_id)
    return Checkout.objects.get(token=token), total


def checkout_pay(
    checkout: Checkout,
    total: Decimal,
    transaction_item_generator,
    *,
    authorise_only: bool = False,
    **details,
) -> None:
    """Record a payment app's successful charge of the whole total (a TransactionItem), or
    with `authorise_only` its authorisation, not captured yet (a card held, not charged)."""
    amount = {"authorized_value" if authorise_only else "charged_value": total}
    transaction_item_generator(
        checkout_id=checkout.pk, currency=checkout.currency, **amount, **details
    )
    # Saleor recomputes prices and payment statuses when they have expired.
    checkout.price_expiration = timezone.now()
    checkout.save(update_fields=["price_expiration"])


def checkout_complete(client, checkout: Checkout) -> dict:
    """Complete the checkout; returns the order as the API shows it."""
    checkout_id = graphene.Node.to_global_id("Checkout", checkout.token)
    return graphql(client, CHECKOUT_COMPLETE, {"id": checkout_id})["order"]
