"""LINE inside Saleor: per-channel settings, the webhook at Saleor's URL, a linked customer's
paid first order reaching them on LINE (the LINE double on 127.0.0.1 stands for LINE)."""

import base64
import hashlib
import hmac
import json

import graphene
import pytest
from saleor.core.jwt import create_access_token

from saleor_stepmail.constants import PLUGIN_ID
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Delivery, InboundEvent, LineUser
from tests.factories import make_scenario
from tests.line_double import start_line_double

LINE_USER = "U" + "c" * 32
TOKEN = "line-channel-access-token-0123456789"
SECRET = "8c570fa6dd201bb328f1c1eac23a96d8"
LOGIN_CHANNEL = "1657000001"
LOGIN_SECRET = "0f" * 16
PLUGIN_UPDATE = """
mutation ($id: ID!, $channelId: ID, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, channelId: $channelId, input: $input) {
    plugin { channelConfigurations { channel { slug } configuration { name type } } }
    errors { field message code }
  }
}
"""
LINK = """
mutation($idToken: String!, $channel: String!) {
  stepmailLineLink(idToken: $idToken, channel: $channel) {
    line { isFriend } errors { field message code }
  }
}
"""


@pytest.fixture
def line_api(settings):
    double, server = start_line_double()
    settings.STEPMAIL = {"line_api_url": double.url}
    yield double
    server.shutdown()
    server.server_close()


@pytest.fixture
def line_channel(stepmail_plugin, line_api):
    """channel_USD's LINE official account and LINE Login channel."""
    stepmail_plugin.configuration += [
        {"name": "line_channel_access_token", "value": TOKEN},
        {"name": "line_channel_secret", "value": SECRET},
        {"name": "line_login_channel_id", "value": LOGIN_CHANNEL},
        {"name": "line_login_channel_secret", "value": LOGIN_SECRET},
    ]
    stepmail_plugin.save(update_fields=["configuration"])
    return stepmail_plugin


@pytest.fixture
def line_thanks(db):
    scenario = make_scenario(slug="line-thanks", delays=(0,), subject="Thanks")
    scenario.steps.update(channel="line", text_template="Thank you for order {{ order.number }}")
    return scenario


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def id_token(line_user: str, exp: int = 4_102_444_800) -> str:
    head = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    claims = {"iss": "https://access.line.me", "sub": line_user, "aud": LOGIN_CHANNEL, "exp": exp}
    body = _b64(json.dumps(claims).encode())
    mac = hmac.new(LOGIN_SECRET.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(mac)}"


def test_line_settings_are_secret_fields_checked_when_saved(
    stepmail_plugin, staff_api_client, permission_manage_plugins, channel_USD
):
    staff_api_client.user.user_permissions.add(permission_manage_plugins)
    channel_id = graphene.Node.to_global_id("Channel", channel_USD.pk)
    bad = [
        {"name": "line_channel_secret", "value": "not hex"},
        {"name": "line_login_channel_id", "value": "abc"},
    ]

    refused = staff_api_client.post_graphql(
        PLUGIN_UPDATE, {"id": PLUGIN_ID, "channelId": channel_id, "input": {"configuration": bad}}
    ).json()["data"]["pluginUpdate"]
    good = [
        {"name": "line_channel_access_token", "value": TOKEN},
        {"name": "line_channel_secret", "value": SECRET},
        {"name": "line_login_channel_id", "value": LOGIN_CHANNEL},
    ]
    saved = staff_api_client.post_graphql(
        PLUGIN_UPDATE, {"id": PLUGIN_ID, "channelId": channel_id, "input": {"configuration": good}}
    ).json()["data"]["pluginUpdate"]

    assert {(e["field"], e["message"]) for e in refused["errors"]} == {
        # Saleor names the fields in camelCase.
        ("lineChannelSecret", "a channel secret is 32 hexadecimal digits (Basic settings tab)"),
        (
            "lineLoginChannelId",
            "a LINE Login channel ID is a number (Basic settings tab of the LINE Login channel)",
        ),
    }
    assert saved["errors"] == []
    stepmail_plugin.refresh_from_db()
    stored = {item["name"]: item["value"] for item in stepmail_plugin.configuration}
    assert stored["line_channel_secret"] == SECRET
    usd = next(
        c
        for c in saved["plugin"]["channelConfigurations"]
        if c["channel"]["slug"] == channel_USD.slug
    )
    types = {field["name"]: field["type"] for field in usd["configuration"]}
    assert types["line_channel_access_token"] == types["line_channel_secret"] == "SECRET"
    assert types["line_login_channel_id"] == "STRING"


def test_a_linked_customers_paid_first_order_sends_the_line_step_to_line(
    stepmail_api, line_channel, line_thanks, line_api, buy, customer_user
):
    linked = stepmail_api.post(
        LINK,
        {"idToken": id_token(LINE_USER), "channel": line_channel.channel.slug},
        token=create_access_token(customer_user),
    ).json()["data"]["stepmailLineLink"]
    assert linked["errors"] == []

    order = buy()
    dispatch_due()

    (push,) = line_api.delivered
    assert push.body == {
        "to": LINE_USER,
        "messages": [{"type": "text", "text": f"Thank you for order {order.number}"}],
    }
    assert push.headers["Authorization"] == f"Bearer {TOKEN}"
    assert Delivery.objects.get().state == "sent"


def test_an_unlinked_customers_line_step_is_skipped_with_the_reason(
    line_channel, line_thanks, line_api, buy
):
    buy()
    dispatch_due()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.reason) == ("skipped", "no LINE user linked to this customer")
    assert line_api.pushes == []


def test_lines_webhook_reaches_the_plugin_at_the_channels_url(client, line_channel, line_api):
    body = json.dumps(
        {
            "destination": "Ubot",
            "events": [
                {
                    "type": "follow",
                    "timestamp": 1_793_000_000_000,
                    "source": {"type": "user", "userId": LINE_USER},
                    "webhookEventId": "01HSALEOR",
                    "deliveryContext": {"isRedelivery": False},
                }
            ],
        }
    ).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    url = f"/plugins/{PLUGIN_ID}/line/webhook/{line_channel.channel.slug}/"

    refused = client.post(url, body, content_type="application/json", HTTP_X_LINE_SIGNATURE="x")
    stored = client.post(
        url, body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature.decode()
    )
    inbound_apply_pending(now=InboundEvent.objects.get().occurred_at)

    assert (refused.status_code, stored.status_code) == (401, 200)
    friend = LineUser.objects.get()
    assert (friend.line_user_id, friend.channel_slug) == (LINE_USER, line_channel.channel.slug)


def test_an_erased_customer_loses_their_line_link(
    stepmail_api, line_channel, line_api, customer_user
):
    stepmail_api.post(
        LINK,
        {"idToken": id_token(LINE_USER), "channel": line_channel.channel.slug},
        token=create_access_token(customer_user),
    )
    assert LineUser.objects.get().user_id == str(customer_user.pk)

    customer_user.delete()
    inbound_apply_pending(now=InboundEvent.objects.get(type="customer_deleted").occurred_at)

    assert LineUser.objects.get().user_id == ""
