"""The page and its files as HTTP: where the page points, how files are typed and cached."""

import re

import pytest
from django.test import Client, RequestFactory, override_settings

from saleor_stepmail import http
from saleor_stepmail.dashboard.assets import ASSETS_DIR, assets_version

PAGE = "/plugins/stepmail/dashboard/"


def _asset_url(html: str, name: str) -> str:
    match = re.search(rf'(?:src|href)="([^"]+/{re.escape(name)})"', html)
    assert match, html
    return match.group(1)


def test_page_points_at_the_plugins_api_and_the_configured_saleor_sign_in():
    with override_settings(STEPMAIL={"saleor_api_url": "https://shop.example.com/graphql/"}):
        response = Client().get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-api-url="/plugins/stepmail/graphql/"' in html
    assert 'data-saleor-api-url="https://shop.example.com/graphql/"' in html
    assert "connect-src 'self' https://shop.example.com" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_saleor_sign_in_defaults_to_the_same_origin():
    html = Client().get(PAGE).content.decode()

    assert 'data-saleor-api-url="/graphql/"' in html


def test_page_inside_saleor_uses_the_path_saleor_mounted_the_plugin_at():
    request = RequestFactory().get("/plugins/channel/jp/stepmail/dashboard/")

    html = http.serve(request, "/dashboard/").content.decode()

    assert 'data-api-url="/plugins/channel/jp/stepmail/graphql/"' in html
    assert f'src="/plugins/channel/jp/stepmail/dashboard/static/{assets_version()}/app.js"' in html


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("app.js", "text/javascript; charset=utf-8"), ("style.css", "text/css; charset=utf-8")],
)
def test_files_are_served_from_the_package_with_their_type_and_cached_for_good(name, content_type):
    client = Client()
    url = _asset_url(client.get(PAGE).content.decode(), name)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content == (ASSETS_DIR / name).read_bytes()


def test_the_page_is_one_script_one_stylesheet_and_the_fonts_the_stylesheet_names():
    client = Client()
    scripts = sorted(p.name for p in ASSETS_DIR.rglob("*.js"))
    stylesheet = (ASSETS_DIR / "style.css").read_text()
    fonts = set(re.findall(r"url\(\.?/?(fonts/[^)]+\.woff2)\)", stylesheet))

    assert scripts == ["app.js"]  # the React build; nothing of a hand-written page is left
    assert fonts
    for name in fonts:
        response = client.get(f"{PAGE}static/{assets_version()}/{name}")
        assert response.status_code == 200, name
        assert response["Content-Type"] == "font/woff2"


def test_a_file_unchanged_since_the_browser_fetched_it_answers_304():
    client = Client()
    url = f"{PAGE}static/{assets_version()}/app.js"
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_a_file_under_an_old_version_is_served_but_not_cached_for_good():
    response = Client().get(f"{PAGE}static/0ld0ld0ld0ld/app.js")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "name", ["../../templates/saleor_stepmail/dashboard.html", "nope.js", "../assets.py"]
)
def test_nothing_outside_the_assets_folder_is_served(name):
    response = Client().get(f"{PAGE}static/{assets_version()}/{name}")

    assert response.status_code == 404
