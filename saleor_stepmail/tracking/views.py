"""The links in a mail: click redirect, open pixel, unsubscribe page and one-click POST.

Served through the plugin's URL space (saleor_stepmail.urls). A token we did not sign gets a
400 and goes nowhere. The views are exempt from CSRF: mailbox providers POST the one-click
unsubscribe (RFC 8058) without cookies or a form token, and the signed token is the credential.
"""

import base64
import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template import Context, Engine
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..api.errors import InputError
from ..api.subscriptions import unsubscribe_claims, unsubscribe_email
from ..engine.optout import delivery_unsubscribe
from ..engine.tokens import (
    CLICK_SALT,
    OPEN_SALT,
    UNSUBSCRIBE_SALT,
    InvalidToken,
    click_token_read,
    delivery_token_read,
    token_expired,
)
from ..models import Delivery, DeliveryEvent
from ..vocabulary import DeliveryEventType

logger = logging.getLogger(__name__)

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
BAD_LINK = "This link is not valid. / このリンクは無効です。"
# Our own engine, as for mail: the host's TEMPLATES must not decide how this page renders.
_PAGES = Engine(app_dirs=True, autoescape=True)


def _event_record(delivery_id: int, kind: DeliveryEventType, **fields) -> None:
    """Record a click or open; a delivery deleted since the mail was sent records nothing."""
    if Delivery.objects.filter(pk=delivery_id).exists():
        DeliveryEvent.objects.create(
            delivery_id=delivery_id, type=kind, occurred_at=timezone.now(), **fields
        )


@csrf_exempt
@require_GET
@never_cache
def click(request: HttpRequest, token: str) -> HttpResponse:
    """Record the click and redirect. The signature proves we wrote the URL into our mail, so a
    valid token redirects even when its delivery is gone (the reader still wants the page)."""
    try:
        delivery_id, url = click_token_read(token)
        expired = token_expired(token, salt=CLICK_SALT)
    except InvalidToken:
        return HttpResponseBadRequest(BAD_LINK)
    if not expired:
        _event_record(delivery_id, DeliveryEventType.CLICKED, metadata={"url": url})
    return HttpResponseRedirect(url)


@csrf_exempt
@require_GET
@never_cache
def open_pixel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        delivery_id = delivery_token_read(token, salt=OPEN_SALT)
        expired = token_expired(token, salt=OPEN_SALT)
    except InvalidToken:
        return HttpResponseBadRequest(BAD_LINK)
    if not expired:
        _event_record(delivery_id, DeliveryEventType.OPENED)
    return HttpResponse(PIXEL, content_type="image/gif")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation page with a button; POST (the button, or a mailbox's one-click
    request) unsubscribes. A GET changes nothing: link scanners open every link in a mail."""
    try:
        delivery_id = delivery_token_read(token, salt=UNSUBSCRIBE_SALT)
    except InvalidToken:
        return _address_unsubscribe(request, token)
    delivery = Delivery.objects.select_related("enrollment").filter(pk=delivery_id).first()
    done = request.method == "POST"
    if done and delivery is not None:
        ended = delivery_unsubscribe(delivery=delivery, now=timezone.now())
        logger.info(
            "stepmail: delivery %s unsubscribed its recipient, enrolments %s ended",
            delivery_id,
            ended,
        )
    return _unsubscribe_page(request, done=done)


def _address_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a confirmation mail (api.subscriptions): no delivery, an address to stop."""
    now, done = timezone.now(), request.method == "POST"
    try:
        claims = unsubscribe_claims(token, now=now)
        if done:
            unsubscribe_email(email=claims.email, scenario_id=claims.scenario_id, now=now)
    except InputError:  # not our token, or its scenario is gone
        return HttpResponseBadRequest(BAD_LINK)
    return _unsubscribe_page(request, done=done)


def _unsubscribe_page(request: HttpRequest, *, done: bool) -> HttpResponse:
    page = _PAGES.get_template("saleor_stepmail/unsubscribe.html")
    return HttpResponse(page.render(Context({"done": done, "action": request.path})))
