"""The plugin's pages served by Saleor at /plugins/stepmail/: API, tracking links, unsubscribe."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from saleor.plugins.manager import get_plugins_manager
from saleor.plugins.models import PluginConfiguration

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.engine.suppression import suppressed_emails
from saleor_stepmail.models import DeliveryEvent, Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .conftest import StepmailApi

PUBLIC_URL = "https://api.midori.example/plugins/stepmail"
SCENARIOS = "{ stepmailScenarios(first: 1) { totalCount } }"


@pytest.fixture
def sent_mail(stepmail_plugin, order_with_lines, outbox):
    """The first mail of the second-purchase program, sent with tracked links."""
    scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    with override_settings(STEPMAIL={"public_url": PUBLIC_URL}):
        get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
        inbound_apply_pending(now=timezone.now())
        dispatch_due(now=timezone.now() + timedelta(minutes=1))
    (message,) = outbox
    return message


def _saleor_path(url: str) -> str:
    """A link of the mail as Saleor's URL space receives it."""
    return "/plugins/stepmail" + url.removeprefix(PUBLIC_URL)


def _links(message, kind: str) -> list[str]:
    html, _ = message.alternatives[0]
    return re.findall(rf'{re.escape(PUBLIC_URL)}/{kind}/[^"\s<>]+', html)


def test_graphql_endpoint_answers_under_the_plugin_url(stepmail_plugin, client):
    response = StepmailApi(client).post(SCENARIOS)

    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_a_click_link_records_the_click_and_redirects_to_the_shop(sent_mail, client):
    link = _links(sent_mail, "t/c")[0]

    response = client.get(_saleor_path(link))

    assert response.status_code == 302
    assert response["Location"].startswith("https://midori.example/")
    assert "utm_source=stepmail" in response["Location"]
    assert DeliveryEvent.objects.filter(type="clicked").count() == 1


def test_the_open_pixel_records_an_open(sent_mail, client):
    (pixel,) = _links(sent_mail, "t/o")

    response = client.get(_saleor_path(pixel))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert DeliveryEvent.objects.filter(type="opened").count() == 1


def test_unsubscribe_shows_a_page_then_a_post_unsubscribes(sent_mail, client):
    (link,) = set(_links(sent_mail, "u"))
    path = _saleor_path(link)

    page = client.get(path)
    assert page.status_code == 200
    assert suppressed_emails({sent_mail.to[0]}) == set()

    done = client.post(path)

    assert done.status_code == 200
    assert suppressed_emails({sent_mail.to[0]}) == {sent_mail.to[0]}
    assert Enrollment.objects.get().state == "unsubscribed"


def test_unsubscribe_keeps_working_after_the_channel_switches_the_plugin_off(
    sent_mail, stepmail_plugin, client
):
    (link,) = set(_links(sent_mail, "u"))
    PluginConfiguration.objects.filter(pk=stepmail_plugin.pk).update(active=False)

    response = client.post(_saleor_path(link))

    assert response.status_code == 200
    assert suppressed_emails({sent_mail.to[0]}) == {sent_mail.to[0]}


def test_a_forged_link_answers_400(stepmail_plugin, client):
    assert client.get("/plugins/stepmail/t/c/forged:token/").status_code == 400
    assert client.get("/plugins/stepmail/no/such/page/").status_code == 404


def test_per_channel_url_serves_the_api_where_the_plugin_is_active_only(
    stepmail_plugin, client, channel_USD, channel_PLN
):
    active = StepmailApi(client, f"/plugins/channel/{channel_USD.slug}/stepmail/graphql/")
    inactive = StepmailApi(client, f"/plugins/channel/{channel_PLN.slug}/stepmail/graphql/")

    assert active.post(SCENARIOS).status_code == 200
    assert inactive.post(SCENARIOS).status_code == 404
