"""A demo staff sign-in for the operator page on the standalone site (`make page`).

Inside Saleor, staff sign in with Saleor's tokenCreate and the plugin checks Saleor's tokens. The
standalone site has no Saleor, so `standalone.page_settings` mounts this stand-in at
/graphql/ (where the page looks for Saleor) with one demo operator, and its integration accepts
only the tokens issued here. Nothing of this is loaded by the package, the tests' settings or a
Saleor deployment.
"""

import base64
import hmac
import json
import time

from django.core.signing import b64_decode
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from saleor_stepmail.engine.integration import AuthenticationFailed, Principal
from standalone.demo_shop import DemoShop

DEMO_EMAIL = "demo@stepmail.example"
DEMO_PASSWORD = "stepmail-demo"
DEMO_OPERATOR = Principal(
    user_id="demo",
    email=DEMO_EMAIL,
    is_staff=True,
    permissions=frozenset({"MANAGE_PLUGINS", "MANAGE_ORDERS"}),
)
ACCESS_SECONDS = 300
REFRESH_SECONDS = 8 * 3600
_SALT = "standalone.signin"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def token_issue(kind: str, seconds: int, *, now: float | None = None) -> str:
    """A JWT-shaped token (the page reads its `exp`), signed with the site's SECRET_KEY."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"type": kind, "email": DEMO_EMAIL, "exp": int((now or time.time()) + seconds)}
    payload = _b64(json.dumps(claims).encode())
    signature = _b64(salted_hmac(_SALT, f"{header}.{payload}", algorithm="sha256").digest())
    return f"{header}.{payload}.{signature}"


def token_check(token: str, kind: str) -> bool:
    try:
        header, payload, signature = token.split(".")
        expected = _b64(salted_hmac(_SALT, f"{header}.{payload}", algorithm="sha256").digest())
        claims = json.loads(b64_decode(payload.encode()))
    except ValueError:
        return False
    return (
        hmac.compare_digest(signature, expected)
        and isinstance(claims, dict)
        and claims.get("type") == kind
        and claims.get("exp", 0) > time.time()
    )


def _token_create(variables: dict) -> dict:
    if (variables.get("email"), variables.get("password")) != (DEMO_EMAIL, DEMO_PASSWORD):
        error = {
            "field": "email",
            "message": f"Please, enter valid credentials (the demo's: {DEMO_EMAIL})",
            "code": "INVALID_CREDENTIALS",
        }
        return {"tokenCreate": {"token": None, "refreshToken": None, "errors": [error]}}
    return {
        "tokenCreate": {
            "token": token_issue("access", ACCESS_SECONDS),
            "refreshToken": token_issue("refresh", REFRESH_SECONDS),
            "errors": [],
        }
    }


def _token_refresh(variables: dict) -> dict:
    if not token_check(variables.get("refreshToken") or "", "refresh"):
        error = {"field": "refreshToken", "message": "Sign in again", "code": "INVALID"}
        return {"tokenRefresh": {"token": None, "errors": [error]}}
    return {"tokenRefresh": {"token": token_issue("access", ACCESS_SECONDS), "errors": []}}


@csrf_exempt
@require_POST
def graphql(request: HttpRequest) -> JsonResponse:
    """Saleor's tokenCreate and tokenRefresh, as far as the page uses them."""
    try:
        body = json.loads(request.body)
        query, variables = body["query"], body.get("variables") or {}
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"errors": [{"message": "expected {query, variables}"}]}, status=400)
    if "tokenCreate" in query:
        return JsonResponse({"data": _token_create(variables)})
    if "tokenRefresh" in query:
        return JsonResponse({"data": _token_refresh(variables)})
    return JsonResponse(
        {"errors": [{"message": "the demo sign-in answers tokenCreate and tokenRefresh"}]},
        status=400,
    )


class DemoSignInIntegration(DemoShop):
    """The demo shop's integration (its orders, its vouchers), with the demo operator signed in
    by the tokens above: the page reads the demo's data as the demo recorded it."""

    def authenticate(self, request: HttpRequest) -> Principal | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not token:
            return None
        if scheme.lower() != "bearer" or not token_check(token, "access"):
            raise AuthenticationFailed("Invalid or expired token: sign in again.")
        return DEMO_OPERATOR
