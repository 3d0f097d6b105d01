"""A customer's registration enrols them once, in the channel they registered through."""

from datetime import timedelta

from django.utils import timezone
from saleor.account.models import User
from saleor.plugins.models import PluginConfiguration

from saleor_stepmail.constants import PLUGIN_ID, PLUGIN_NAME
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Enrollment, InboundEvent, Scenario, Step

from .checkouts import graphql

ACCOUNT_REGISTER = """
mutation ($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email } errors { field code message } }
}
"""


def _welcome(*channels: str) -> Scenario:
    scenario = Scenario.objects.create(
        slug="welcome",
        name="Welcome",
        trigger="customer_created",
        status="active",
        reentry="after_exit",
        channels=list(channels),
    )
    Step.objects.create(scenario=scenario, position=0, subject_template="Welcome")
    return scenario


def test_account_register_enrols_once_in_the_channel_of_the_request(
    stepmail_plugin, api_client, channel_USD, channel_PLN, site_settings
):
    PluginConfiguration.objects.create(
        identifier=PLUGIN_ID, name=PLUGIN_NAME, channel=channel_PLN, active=True
    )
    site_settings.enable_account_confirmation_by_email = True
    site_settings.save(update_fields=["enable_account_confirmation_by_email"])
    welcome = _welcome(channel_PLN.slug)

    graphql(
        api_client,
        ACCOUNT_REGISTER,
        {
            "input": {
                "email": "new.customer@example.com",
                "password": "Tea-ceremony-2026!",
                "channel": channel_PLN.slug,
                "redirectUrl": "https://www.example.com/confirm",
            }
        },
    )
    inbound_apply_pending(now=timezone.now() + timedelta(seconds=1))

    user = User.objects.get(email="new.customer@example.com")
    print(
        "DEBUG",
        list(
            InboundEvent.objects.order_by("pk").values_list(
                "type", "channel_slug", "processed_at", "occurred_at"
            )
        ),
    )
    (enrollment,) = Enrollment.objects.all()
    assert (enrollment.scenario, enrollment.user_id) == (welcome, str(user.pk))
    assert enrollment.channel_slug == channel_PLN.slug
    assert InboundEvent.objects.filter(type="customer_created").count() >= 2


def test_an_account_created_without_a_channel_enrols_once_in_the_default_channel(
    stepmail_plugin, channel_USD, channel_PLN
):
    welcome = _welcome()

    User.objects.create(email="walk.in@example.com", is_confirmed=True)
    inbound_apply_pending(now=timezone.now() + timedelta(seconds=1))
    inbound_apply_pending(now=timezone.now() + timedelta(seconds=2))

    (enrollment,) = Enrollment.objects.all()
    assert (enrollment.scenario, enrollment.channel_slug) == (welcome, channel_USD.slug)
