"""The operator page as a Saleor App, so that it opens inside the Saleor Dashboard.

An operator installs it from the Dashboard (Apps → Install from manifest) with the URL of
`manifest`; Saleor reads the manifest, creates the App with the permissions it asks for and posts
the App's own token to `register`. The page then runs in the Dashboard's frame and takes the
Dashboard's token through App Bridge's handshake (@saleor/app-sdk's AppBridge, in
frontend/src/session/dashboard.ts); the plugin's API accepts that token as Saleor does
(adapter/auth.py), with the App's and the user's permissions intersected by Saleor itself.
"""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .. import __version__
from ..constants import PLUGIN_NAME
from ..engine.links import public_root

APP_ID = "saleor.stepmail"
# What the page needs: designing scenarios, and reading results and customers' enrolments.
APP_PERMISSIONS = ["MANAGE_PLUGINS", "MANAGE_ORDERS"]
# Where operators look: the navigation, and an order's or a customer's "more actions", which
# open that customer's step-mail page (the Dashboard passes the order's or user's `id`).
EXTENSIONS = [
    {
        "label": "Step mail",
        "mount": "NAVIGATION_CUSTOMERS",
        "target": "APP_PAGE",
        "url": "/",
        "permissions": ["MANAGE_PLUGINS"],
    },
    {
        "label": "Step mail of this customer",
        "mount": "ORDER_DETAILS_MORE_ACTIONS",
        "target": "APP_PAGE",
        "url": "/",
        "permissions": ["MANAGE_ORDERS"],
    },
    {
        "label": "Step mail of this customer",
        "mount": "CUSTOMER_DETAILS_MORE_ACTIONS",
        "target": "APP_PAGE",
        "url": "/",
        "permissions": ["MANAGE_ORDERS"],
    },
]
# The body Saleor posts to tokenTargetUrl is one small JSON object.
REGISTER_MAX_BYTES = 4096


def app_manifest(root: str) -> dict:
    """The App manifest in Saleor's format (saleor/app/manifest_validations.py)."""
    return {
        "id": APP_ID,
        "version": __version__,
        "name": PLUGIN_NAME,
        "about": "Step mail: follow-up sequences after orders, run from the Dashboard.",
        "permissions": APP_PERMISSIONS,
        "appUrl": f"{root}dashboard/",
        "tokenTargetUrl": f"{root}app/register/",
        "extensions": EXTENSIONS,
    }


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    root = public_root(request=request, below="/app/manifest/")
    return JsonResponse(app_manifest(f"{root}/"))


@csrf_exempt
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    """Where Saleor posts the App's token at installation.

    The plugin runs inside Saleor and reads its data directly: it has no use for the App's own
    token, so it keeps none (a stored credential is one more to leak). It only answers as Saleor
    expects, so that the installation completes.
    """
    if len(request.body) > REGISTER_MAX_BYTES:
        return JsonResponse({"error": "body too large"}, status=413)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "expected a JSON object"}, status=400)
    if not isinstance(body, dict) or not isinstance(body.get("auth_token"), str):
        return JsonResponse({"error": 'expected {"auth_token": "..."}'}, status=400)
    return JsonResponse({"success": True})
