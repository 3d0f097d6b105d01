"""A stand-in for Saleor's tokenCreate and tokenRefresh, for the browser tests only: the
standalone site has no Saleor to sign staff in. Tokens look like Saleor's (a JWT with `exp`),
and FakeSaleorIntegration accepts exactly the ones issued here. It also plays the Saleor
Dashboard's side of App Bridge (`dashboard_host`) and answers `order(id:)` / `user(id:)`."""

import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
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
    # Saleor global ids of orders and users, and their customers' email addresses.
    customers: dict[str, str] = field(default_factory=dict)

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


def _whose(request: HttpRequest, variables: dict) -> dict:
    """`order(id:) { userEmail }` or `user(id:) { email }`, for a holder of a valid token."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if token not in SALEOR.access_tokens:
        return {"errors": [{"message": "You need one of the following permissions"}]}
    node_id = variables.get("id") or ""
    email = SALEOR.customers.get(node_id)
    kind = base64.b64decode(node_id).decode().split(":")[0]
    if kind == "Order":
        return {"data": {"order": {"userEmail": email, "user": None} if email else None}}
    return {"data": {"user": {"email": email} if email else None}}


@csrf_exempt
def graphql(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    query, variables = body["query"], body.get("variables") or {}
    for name, answer in (("tokenCreate", _token_create), ("tokenRefresh", _token_refresh)):
        if name in query:
            SALEOR.calls.append(name)
            return JsonResponse({"data": answer(variables)})
    if "order(id:" in query or "user(id:" in query:
        return JsonResponse(_whose(request, variables))
    return JsonResponse({"errors": [{"message": "not in this fake"}]}, status=400)


# The Dashboard's side of App Bridge: the App in a frame, with the query parameters the
# Dashboard adds; on the App's notifyReady, a handshake with a token for the signed-in operator.
DASHBOARD_HOST = """<!doctype html>
<html><head><meta charset="utf-8"><title>Saleor Dashboard (fake)</title>
<link rel="icon" href="data:,"></head>
<body>
<iframe id="app" title="Step mail" style="width:100%;height:860px;border:0" src="{src}"></iframe>
<script>
const token = {token};
window.readyMessages = 0;
window.actions = [];
window.addEventListener("message", (event) => {{
  const app = document.getElementById("app").contentWindow;
  if (event.source !== app || !event.data || !event.data.payload) return;
  const {{ type, payload }} = event.data;
  const send = (message) => app.postMessage(message, location.origin);
  window.actions.push({{ type, payload }});
  // As the Dashboard does: every action is answered, notifyReady with the handshake too.
  send({{ type: "response", payload: {{ actionId: payload.actionId, ok: true }} }});
  if (type !== "notifyReady") return;
  window.readyMessages += 1;
  send({{ type: "handshake", payload: {{ token, version: 1 }} }});
}});
</script>
</body></html>"""


def dashboard_host(request: HttpRequest) -> HttpResponse:
    params = {
        "saleorApiUrl": request.build_absolute_uri("/graphql/"),
        "locale": request.GET.get("locale", "en"),
        "theme": request.GET.get("theme", "light"),
    }
    if request.GET.get("id"):
        params["id"] = request.GET["id"]
    src = f"/plugins/stepmail/dashboard/?{urlencode(params)}"
    token = SALEOR.issue(OPERATOR, 300)
    return HttpResponse(DASHBOARD_HOST.format(src=src, token=json.dumps(token)))


class FakeSaleorIntegration(Integration):
    def authenticate(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not token:
            return None
        if scheme.lower() != "bearer" or token not in SALEOR.access_tokens:
            raise AuthenticationFailed("Signature verification failed")
        SALEOR.used_tokens.append(token)
        return SALEOR.access_tokens[token]
