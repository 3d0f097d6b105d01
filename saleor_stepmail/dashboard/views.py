"""The operator page and its files. No data passes through here: the page signs in against
Saleor (tokenCreate) and reads and writes through the plugin's GraphQL API."""

from urllib.parse import urlparse

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseNotModified,
)
from django.template import Context, Engine
from django.views.decorators.http import require_GET

from ..conf import stepmail_settings
from .assets import asset_read, assets_version

# Our own engine, as for mail: the host's TEMPLATES must not decide how this page renders.
_PAGES = Engine(app_dirs=True, autoescape=True)
YEAR = 365 * 24 * 3600


def _content_security_policy(saleor_api_url: str, dashboard_origins: str) -> str:
    api = urlparse(saleor_api_url)
    api_origin = f" {api.scheme}://{api.netloc}" if api.scheme and api.netloc else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # Mail previews (a sandboxed srcdoc frame) carry inline styles and remote images.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            f"connect-src 'self'{api_origin}",
            "frame-src 'self'",
            # Inside the Saleor Dashboard the page is an App in the Dashboard's frame.
            " ".join(["frame-ancestors 'self'", *dashboard_origins.split()]),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    root = request.path  # .../plugins/stepmail/dashboard/, wherever Saleor mounts the plugin
    settings = stepmail_settings()
    saleor_api_url = settings.saleor_api_url
    html = _PAGES.get_template("saleor_stepmail/dashboard.html").render(
        Context(
            {
                "assets": f"{root}static/{assets_version()}/",
                "api_url": f"{root.removesuffix('dashboard/')}graphql/",
                "saleor_api_url": saleor_api_url,
            }
        )
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = _content_security_policy(
        saleor_api_url, settings.dashboard_origins
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def asset(request: HttpRequest, version: str, name: str) -> HttpResponse:
    """A file of the page. Under the current version it never changes (cached for a year);
    under an old one (a page loaded before an upgrade) the browser must check again."""
    found = asset_read(name)
    if found is None:
        return HttpResponseNotFound(f"no such file: {name}")
    cache_control = (
        f"public, max-age={YEAR}, immutable" if version == assets_version() else "no-cache"
    )
    if request.headers.get("If-None-Match") == found.etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(found.content, content_type=found.content_type)
    response["ETag"] = found.etag
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
