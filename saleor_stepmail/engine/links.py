"""Links in a mail: the unsubscribe URL, click-tracked hrefs with UTM parameters, the open pixel.

Everything points at the plugin's public root (`public_root`); without one a mail gets no
tracked links and no unsubscribe link, because a relative URL means nothing in a mailbox.
"""

import html
import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from django.urls import reverse

from ..conf import stepmail_settings
from ..models import Delivery
from .integration import current_integration
from .render import RenderedMessage
from .tokens import OPEN_SALT, UNSUBSCRIBE_SALT, click_token_create, delivery_token_create

# The href of an <a> tag, quoted either way. Rendered HTML, so the value is entity-escaped.
HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
TRACKED_SCHEMES = {"http", "https"}


def public_root(*, request: HttpRequest | None = None, below: str = "") -> str:
    """The plugin's absolute URL, without a trailing slash
    (https://api.shop.example/plugins/stepmail); "" when nothing tells it.

    In order: STEPMAIL public_url; the host's (inside Saleor, its PUBLIC_URL + /plugins/stepmail);
    the URL `request` reached, less `below` (the request's path under the root). The request is
    last because its Host header is whatever the caller sent: Saleor's own HTTP client sends
    `127.0.0.1` without the port, and mail sent by a worker has no request at all.
    """
    root = stepmail_settings().public_url or current_integration().public_root()
    if not root and request is not None:
        root = request.build_absolute_uri(request.path.removesuffix(below))
    return root.rstrip("/")


def plugin_url(name: str, token: str) -> str:
    """The absolute URL of one of the plugin's routes; empty without a public root."""
    base = public_root()
    if not base:
        return ""
    return base + reverse(name, kwargs={"token": token}, urlconf="saleor_stepmail.urls")


def unsubscribe_url(delivery: Delivery) -> str:
    if not public_root():
        return ""
    token = delivery_token_create(delivery_id=delivery.pk, salt=UNSUBSCRIBE_SALT)
    return plugin_url("stepmail-unsubscribe", token)


def utm_added(url: str, *, delivery: Delivery, medium: str = "email") -> str:
    """`url` with our UTM parameters; those the operator already wrote in the link win."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in query}
    variant = delivery.variant.name if delivery.variant_id else "-"
    utm = {
        "utm_source": "stepmail",
        "utm_medium": medium,
        "utm_campaign": delivery.step.scenario.slug,
        "utm_content": f"{delivery.step.position}/{variant}",
    }
    query += [(key, value) for key, value in utm.items() if key not in present]
    return urlunsplit(parts._replace(query=urlencode(query)))


def links_tracked(body: str, *, delivery: Delivery) -> str:
    """Rewrite every http(s) href to go through the click redirect; mailto:, tel:, #anchors and
    the plugin's own links (unsubscribe) stay as they are."""
    base = public_root()

    def rewrite(match: re.Match) -> str:
        url = html.unescape(match.group(3)).strip()
        if urlsplit(url).scheme.lower() not in TRACKED_SCHEMES or url.startswith(base + "/"):
            return match.group(0)
        token = click_token_create(delivery_id=delivery.pk, url=utm_added(url, delivery=delivery))
        tracked = html.escape(plugin_url("stepmail-click", token), quote=True)
        return f"{match.group(1)}{match.group(2)}{tracked}{match.group(2)}"

    return HREF.sub(rewrite, body)


def open_pixel_added(body: str, *, delivery: Delivery) -> str:
    """A 1x1 image at the end of the body (before </body> when there is one)."""
    token = delivery_token_create(delivery_id=delivery.pk, salt=OPEN_SALT)
    src = html.escape(plugin_url("stepmail-open", token), quote=True)
    pixel = f'<img src="{src}" width="1" height="1" alt="" style="display:block;border:0;">'
    head, closing, tail = body.rpartition("</body>")
    return f"{head}{pixel}{closing}{tail}" if closing else body + pixel


def message_tracked(message: RenderedMessage, *, delivery: Delivery) -> RenderedMessage:
    """The HTML part with click tracking (and the open pixel when configured).

    The plain-text part is left alone: rewritten URLs there would be long opaque strings that
    readers cannot check before they open them.
    """
    if not public_root() or not message.html:
        return message
    body = links_tracked(message.html, delivery=delivery)
    if stepmail_settings().track_opens:
        body = open_pixel_added(body, delivery=delivery)
    return replace(message, html=body)
