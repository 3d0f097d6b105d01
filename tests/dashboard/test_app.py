"""The operator page as a Saleor App: its manifest, the token Saleor posts at installation, and
which frames may show the page."""

import json

from django.test import Client, override_settings

from saleor_stepmail import __version__

MANIFEST = "/plugins/stepmail/app/manifest/"
REGISTER = "/plugins/stepmail/app/register/"


def test_manifest_points_saleor_at_the_page_and_the_token_target_on_this_host(
    no_public_url, settings
):
    settings.ALLOWED_HOSTS = ["api.shop.example"]
    response = Client().get(MANIFEST, HTTP_HOST="api.shop.example", secure=True)

    manifest = response.json()
    assert response.status_code == 200
    assert manifest["id"] == "saleor.stepmail"
    assert manifest["version"] == __version__
    assert manifest["appUrl"] == "https://api.shop.example/plugins/stepmail/dashboard/"
    assert manifest["tokenTargetUrl"] == "https://api.shop.example/plugins/stepmail/app/register/"
    assert set(manifest["permissions"]) == {"MANAGE_PLUGINS", "MANAGE_ORDERS"}
    assert {e["mount"] for e in manifest["extensions"]} == {
        "NAVIGATION_CUSTOMERS",
        "ORDER_DETAILS_MORE_ACTIONS",
        "CUSTOMER_DETAILS_MORE_ACTIONS",
    }


def test_manifest_uses_the_public_url_when_one_is_set():
    with override_settings(STEPMAIL={"public_url": "https://shop.example/plugins/stepmail"}):
        manifest = Client().get(MANIFEST, HTTP_HOST="10.0.0.5:8000").json()

    assert manifest["appUrl"] == "https://shop.example/plugins/stepmail/dashboard/"
    assert manifest["tokenTargetUrl"] == "https://shop.example/plugins/stepmail/app/register/"


def test_manifest_uses_the_hosts_root_over_a_host_header_without_the_port(host_root, settings):
    # Saleor's HTTP client fetches http://127.0.0.1:8000/... with `Host: 127.0.0.1`.
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    manifest = Client().get(MANIFEST, HTTP_HOST="127.0.0.1").json()

    assert manifest["appUrl"] == f"{host_root}/dashboard/"
    assert manifest["tokenTargetUrl"] == f"{host_root}/app/register/"


def test_installation_token_is_acknowledged_as_saleor_expects():
    response = Client().post(
        REGISTER, json.dumps({"auth_token": "app-token"}), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {"success": True}


def test_register_refuses_what_saleor_would_not_send():
    client = Client()

    assert client.post(REGISTER, "not json", content_type="application/json").status_code == 400
    assert client.post(REGISTER, "[1]", content_type="application/json").status_code == 400
    too_big = json.dumps({"auth_token": "x" * 5000})
    assert client.post(REGISTER, too_big, content_type="application/json").status_code == 413
    assert client.get(REGISTER).status_code == 405


def test_only_the_configured_dashboard_may_frame_the_page():
    page = "/plugins/stepmail/dashboard/"
    default = Client().get(page)["Content-Security-Policy"]
    with override_settings(STEPMAIL={"dashboard_origins": "https://dashboard.shop.example"}):
        configured = Client().get(page)["Content-Security-Policy"]

    assert "frame-ancestors 'self';" in default
    assert "frame-ancestors 'self' https://dashboard.shop.example;" in configured
