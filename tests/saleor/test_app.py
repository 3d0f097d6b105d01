"""The operator page as a Saleor App: installed by Saleor from the plugin's manifest URL (with
Saleor's PUBLIC_URL set, no STEPMAIL public_url, the API on another port than 80), its
extensions listed by Saleor, and the Dashboard's token for it accepted by the plugin's API with
the App's and the user's permissions intersected."""

from urllib.parse import urlsplit

import pytest
from django.core.signals import request_started
from saleor.app.models import App, AppInstallation
from saleor.core.http_client import HTTPClient
from saleor.core.jwt import create_access_token_for_app

from saleor_stepmail.dashboard.app import APP_ID

from .conftest import StepmailApi

pytestmark = pytest.mark.django_db(transaction=True)

APP_INSTALL = """
mutation($url: String!) {
  appInstall(input: {appName: "Step mail", manifestUrl: $url,
                     permissions: [MANAGE_PLUGINS, MANAGE_ORDERS]}) {
    appInstallation { status message }
    errors { field message code }
  }
}
"""
APP_EXTENSIONS = "{ appExtensions(first: 10) { edges { node { label mountName targetName } } } }"
SCENARIOS = "{ stepmailScenarios(first: 5) { totalCount } }"


@pytest.fixture
def saleor_http_client_as_deployed(monkeypatch):
    """Saleor's HTTP client with its IP filter on, as deployed (Saleor's test settings turn it
    off). That filter's adapter connects to the resolved IP and sends `Host` without the port.
    Loopback stays allowed, as HTTP_IP_FILTER_ALLOW_LOOPBACK_IPS=True does in env.sh."""
    monkeypatch.setattr(HTTPClient.config, "ip_filter_enable", True)
    monkeypatch.setattr(HTTPClient.config, "ip_filter_allow_loopback_ips", True)


@pytest.fixture
def requests_served() -> list[tuple[str, str]]:
    """(method, path) of each request the live server answers."""
    served = []

    def record(*, environ, **kwargs):
        served.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))

    request_started.connect(record)
    yield served
    request_started.disconnect(record)


@pytest.fixture
def api_url(live_server, settings) -> str:
    """Saleor's API on the live server's port (never 80), named by Saleor's PUBLIC_URL; no
    STEPMAIL public_url, so the plugin's root comes from Saleor's."""
    url = live_server.url.replace("localhost", "127.0.0.1")
    settings.PUBLIC_URL = url
    settings.STEPMAIL = {"public_url": ""}
    return url


@pytest.fixture
def installed_app(
    api_url,
    saleor_http_client_as_deployed,
    stepmail_plugin,
    staff_api_client,
    permission_manage_apps,
    permission_manage_plugins,
    permission_manage_orders,
) -> App:
    """The App, installed by Saleor's appInstall from the manifest Saleor fetches over HTTP."""
    staff = staff_api_client.user
    staff.user_permissions.add(
        permission_manage_apps, permission_manage_plugins, permission_manage_orders
    )
    url = f"{api_url}/plugins/stepmail/app/manifest/"

    content = staff_api_client.post_graphql(APP_INSTALL, {"url": url}).json()

    assert content["data"]["appInstall"]["errors"] == []
    failed = AppInstallation.objects.values_list("message", flat=True)
    assert not failed, f"Saleor could not install the App: {list(failed)}"
    return App.objects.get(identifier=APP_ID)


def test_the_apps_token_reaches_the_api_on_its_port_through_saleors_public_url(
    api_url, requests_served, installed_app
):
    assert urlsplit(api_url).port not in (None, 80)
    assert ("POST", "/plugins/stepmail/app/register/") in requests_served
    assert installed_app.is_installed
    assert installed_app.app_url == f"{api_url}/plugins/stepmail/dashboard/"


def test_saleor_installs_the_app_from_the_manifest_url_and_lists_its_extensions(
    installed_app, staff_api_client
):
    assert installed_app.is_installed
    assert set(installed_app.permissions.values_list("codename", flat=True)) == {
        "manage_plugins",
        "manage_orders",
    }
    content = staff_api_client.post_graphql(APP_EXTENSIONS).json()
    extensions = {
        (e["node"]["mountName"], e["node"]["targetName"])
        for e in content["data"]["appExtensions"]["edges"]
    }
    assert extensions == {
        ("NAVIGATION_CUSTOMERS", "APP_PAGE"),
        ("ORDER_DETAILS_MORE_ACTIONS", "APP_PAGE"),
        ("CUSTOMER_DETAILS_MORE_ACTIONS", "APP_PAGE"),
    }


def test_dashboard_token_of_the_app_is_accepted_with_the_users_permissions(
    installed_app, staff_api_client, client
):
    token = create_access_token_for_app(installed_app, staff_api_client.user)

    content = StepmailApi(client).post(SCENARIOS, token=token).json()

    assert "errors" not in content
    assert content["data"]["stepmailScenarios"]["totalCount"] == 0


def test_dashboard_token_is_refused_where_the_user_lacks_the_permission(
    installed_app, staff_api_client, client, permission_manage_plugins, permission_manage_orders
):
    staff_api_client.user.user_permissions.remove(
        permission_manage_plugins, permission_manage_orders
    )
    token = create_access_token_for_app(installed_app, staff_api_client.user)

    content = StepmailApi(client).post(SCENARIOS, token=token).json()

    assert content["data"]["stepmailScenarios"] is None
    assert "MANAGE_PLUGINS" in content["errors"][0]["message"]


def test_dashboard_token_is_refused_where_the_app_lacks_the_permission(
    installed_app, staff_api_client, client
):
    installed_app.permissions.clear()
    token = create_access_token_for_app(installed_app, staff_api_client.user)

    content = StepmailApi(client).post(SCENARIOS, token=token).json()

    assert content["data"]["stepmailScenarios"] is None
    assert "MANAGE_PLUGINS" in content["errors"][0]["message"]


def test_dashboard_token_of_a_deactivated_app_is_refused(installed_app, staff_api_client, client):
    token = create_access_token_for_app(installed_app, staff_api_client.user)
    installed_app.is_active = False
    installed_app.save(update_fields=["is_active"])

    response = StepmailApi(client).post(SCENARIOS, token=token)

    assert response.status_code == 401
    assert "deactivated or removed" in response.content.decode()
