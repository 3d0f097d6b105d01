"""Saleor's own test setup, reused from outside its tree (run with --ds=saleor.tests.settings).

Saleor's root conftest.py is not importable (it sits next to the `saleor` package), so this
repeats what it does: both database aliases in tests, a fake replica, and its fixture modules.
"""

import pytest

pytest.importorskip("saleor")

import django.test  # noqa: E402
from django.conf import settings  # noqa: E402
from saleor.tests.utils import prepare_test_db_connections  # noqa: E402

TEST_DATABASES = {
    settings.DATABASE_CONNECTION_DEFAULT_NAME,
    settings.DATABASE_CONNECTION_REPLICA_NAME,
}
django.test.TransactionTestCase.databases = TEST_DATABASES
django.test.TestCase.databases = TEST_DATABASES

prepare_test_db_connections()

pytest_plugins = [
    "saleor.tests.fixtures",
    "saleor.app.tests.fixtures",
    "saleor.plugins.tests.fixtures",
    "saleor.graphql.tests.fixtures",
    "saleor.webhook.tests.fixtures",
    "saleor.tax.tests.fixtures",
    "saleor.channel.tests.fixtures",
    "saleor.page.tests.fixtures",
    "saleor.menu.tests.fixtures",
    "saleor.warehouse.tests.fixtures",
    "saleor.thumbnail.tests.fixtures",
    "saleor.order.tests.fixtures",
    "saleor.product.tests.fixtures",
    "saleor.site.tests.fixtures",
    "saleor.shipping.tests.fixtures",
    "saleor.permission.tests.fixtures",
    "saleor.giftcard.tests.fixtures",
    "saleor.discount.tests.fixtures",
    "saleor.checkout.tests.fixtures",
    "saleor.attribute.tests.fixtures",
    "saleor.account.tests.fixtures",
    "saleor.graphql.account.tests.fixtures",
    "saleor.payment.tests.fixtures",
    "saleor.webhook.tests.circuit_breaker.fixtures",
]

# Below: the plugin switched on for Saleor's channel_USD, and the two preset programs.
import graphene  # noqa: E402
from django.core import mail  # noqa: E402
from saleor.order.models import Order  # noqa: E402
from saleor.plugins.models import PluginConfiguration  # noqa: E402

from saleor_stepmail.adapter.config import channel_config_forget  # noqa: E402
from saleor_stepmail.constants import PLUGIN_ID, PLUGIN_NAME  # noqa: E402
from saleor_stepmail.presets import scenario_create_from_preset  # noqa: E402

from .checkouts import checkout_complete, checkout_create, checkout_pay  # noqa: E402

STEPMAIL_PLUGIN = "saleor_stepmail.plugin.StepMailPlugin"
SHOP_CONFIGURATION = {
    "sender_name": "Midori Tea",
    "sender_address": "shop@midori.example",
    "legal_sender_name": "Midori Tea K.K.",
    "legal_postal_address": "1-2-3 Uji, Kyoto 611-0021",
    "legal_contact": "help@midori.example",
    "storefront_url": "https://midori.example/",
    "payment_instructions": "Midori Bank, Uji branch, account 1234567",
    "payment_due_days": "7",
    # Any hour: tests send at the real clock; test_send_window.py sets a window.
    "send_window": "",
}


@pytest.fixture(autouse=True)
def _fresh_channel_config():
    # The integration caches each channel's configuration for a minute; tests change it.
    channel_config_forget()
    yield
    channel_config_forget()


@pytest.fixture
def stepmail_plugin(settings, channel_USD) -> PluginConfiguration:
    """The plugin installed, and active with a shop's configuration for channel_USD only."""
    settings.PLUGINS = [STEPMAIL_PLUGIN]
    return PluginConfiguration.objects.create(
        identifier=PLUGIN_ID,
        name=PLUGIN_NAME,
        channel=channel_USD,
        active=True,
        configuration=[
            {"name": name, "value": value} for name, value in SHOP_CONFIGURATION.items()
        ],
    )


@pytest.fixture
def programs(db) -> dict:
    """Both preset programs, active, with English mails."""
    return {
        preset: scenario_create_from_preset(preset=preset, language="en", activate=True)
        for preset in ("second-purchase", "unpaid-reminder")
    }


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


STEPMAIL_GRAPHQL = "/plugins/stepmail/graphql/"


class StepmailApi:
    """Our GraphQL endpoint called through Saleor's URLs, as the Dashboard or a storefront."""

    def __init__(self, client, url: str = STEPMAIL_GRAPHQL):
        self.client, self.url = client, url

    def post(self, query: str, variables: dict | None = None, *, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            self.url,
            {"query": query, "variables": variables or {}},
            content_type="application/json",
            headers=headers,
        )


@pytest.fixture
def stepmail_api(client, stepmail_plugin) -> StepmailApi:
    return StepmailApi(client)


@pytest.fixture
def buy(
    user_api_client,
    product,
    shipping_method,
    channel_USD,
    transaction_item_generator,
):
    """Place an order as the logged-in customer; paid unless `paid=False`."""

    def place(*, paid: bool = True, authorise_only: bool = False) -> Order:
        checkout, total = checkout_create(
            user_api_client,
            variant=product.variants.first(),
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=user_api_client.user.email,
        )
        if paid:
            checkout_pay(checkout, total, transaction_item_generator, authorise_only=authorise_only)
        placed = checkout_complete(user_api_client, checkout)
        _, pk = graphene.Node.from_global_id(placed["id"])
        return Order.objects.get(pk=pk)

    return place
