"""A stand-in for Saleor's tokenCreate and tokenRefresh, for the browser tests only: the
standalone site has no Saleor to sign staff in. Tokens look like Saleor's (a JWT with `exp`),
and FakeSaleorIntegration accepts exactly the ones issued here."""

import base64
import json
import secrets
import time
from dataclasses import dataclass, field

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from saleor_stepmail.engine.integration import AuthenticationFailed, Integration, Principal

OPERATOR_EMAIL = "ops@shop.test"
OPERATOR_PASSWORD = "correct horse battery"
OPERATOR = Principal(
    user_id="7",
    email=OPERATOR_EMAIL,
    is_staff=True,
    permissions=frozenset({"MANAGE_PLUGINS", "MANAGE_ORDERS"}),
)


@dataclass
class FakeSaleor:
    # Seconds the first access token (from tokenCreate) lives; refreshed ones live 5 minutes.
    first_token_ttl: int = 300
    access_tokens: dict[str, Principal] = field(default_factory=dict)
    refresh_tokens: dict[str, Principal] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    used_tokens: list[str] = field(default_factory=list)

    def issue(self, principal: Principal, ttl: int) -> str:
        def part(data: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

        payload = {
            "exp": int(time.time()) + ttl,
            "email": principal.email,
            "n": secrets.token_hex(4),
        }
        token = f"{part({'alg': 'none'})}.{part(payload)}.fake"
        self.access_tokens[token] = principal
        return token

    def reset(self) -> None:
        self.__init__()


SALEOR = FakeSaleor()


def _token_create(variables: dict) -> dict:
    if (variables.get("email"), variables.get("password")) != (OPERATOR_EMAIL, OPERATOR_PASSWORD):
        error = {
            "field": "email",
            "message": "Please, enter valid credentials",
            "code": "INVALID_CREDENTIALS",
        }
        return {"tokenCreate": {"token": None, "refreshToken": None, "errors": [error]}}
    refresh = secrets.token_hex(8)
    SALEOR.refresh_tokens[refresh] = OPERATOR
    token = SALEOR.issue(OPERATOR, SALEOR.first_token_ttl)
    return {"tokenCreate": {"token": token, "refreshToken": refresh, "errors": []}}


def _token_refresh(variables: dict) -> dict:
    principal = SALEOR.refresh_tokens.get(variables.get("refreshToken") or "")
    if principal is None:
        error = {"field": "refreshToken", "message": "Invalid refresh token", "code": "INVALID"}
        return {"tokenRefresh": {"token": None, "errors": [error]}}
    return {"tokenRefresh": {"token": SALEOR.issue(principal, 300), "errors": []}}


@csrf_exempt
def graphql(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    query, variables = body["query"], body.get("variables") or {}
    for name, answer in (("tokenCreate", _token_create), ("tokenRefresh", _token_refresh)):
        if name in query:
            SALEOR.calls.append(name)
            return JsonResponse({"data": answer(variables)})
    return JsonResponse(
        {"errors": [{"message": "only tokenCreate and tokenRefresh here"}]}, status=400
    )


class FakeSaleorIntegration(Integration):
    def authenticate(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not token:
            return None
        if scheme.lower() != "bearer" or token not in SALEOR.access_tokens:
            raise AuthenticationFailed("Signature verification failed")
        SALEOR.used_tokens.append(token)
        return SALEOR.access_tokens[token]
