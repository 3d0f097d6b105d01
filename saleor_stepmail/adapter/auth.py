"""Who calls the plugin's API inside Saleor: the user of a Saleor access token (JWT).

Two kinds of token are accepted, both checked by Saleor's own code: a staff member's or
customer's access token (tokenCreate), and the token the Dashboard hands an installed App
(App Bridge), whose permissions Saleor has already cut to those both the App and the user hold.
"""

import graphene
import jwt
from django.http import HttpRequest
from saleor.app.models import App
from saleor.channel.models import Channel
from saleor.core.auth import get_token_from_request
from saleor.core.jwt import APP_KEY_FIELD, get_user_from_access_payload, jwt_decode
from saleor.permission.enums import OrderPermissions, PluginsPermissions

from ..engine.integration import AuthenticationFailed, Principal

# Our permission names (graphql/auth.py) and the Saleor permissions they stand for.
PERMISSIONS = {
    "MANAGE_PLUGINS": PluginsPermissions.MANAGE_PLUGINS,
    "MANAGE_ORDERS": OrderPermissions.MANAGE_ORDERS,
}


def principal_from_request(request: HttpRequest) -> Principal | None:
    """The token's user with the permissions we check; None without a token.

    A token that Saleor would refuse (expired, badly signed, of a deactivated user, a refresh
    token) raises AuthenticationFailed, and so does a Dashboard token of an App that has since
    been deactivated or removed. An App's own token is not a user and is refused too.
    """
    token = get_token_from_request(request)
    if not token:
        return None
    try:
        payload = jwt_decode(token)
        user = get_user_from_access_payload(payload, request)
    except jwt.PyJWTError as exc:
        raise AuthenticationFailed(
            f"Invalid token: {exc}. Create a new one with tokenCreate."
        ) from exc
    if user is None:
        raise AuthenticationFailed("Invalid token. Create a new one with tokenCreate.")
    if APP_KEY_FIELD in payload and not _app_active(payload[APP_KEY_FIELD]):
        raise AuthenticationFailed("The App of this token is deactivated or removed.")
    return Principal(
        user_id=str(user.pk),
        email=user.email,
        is_staff=user.is_staff,
        permissions=frozenset(
            name for name, permission in PERMISSIONS.items() if user.has_perm(permission)
        ),
    )


def channel_slugs() -> frozenset[str]:
    return frozenset(Channel.objects.values_list("slug", flat=True))


def _app_active(app_global_id) -> bool:
    try:
        kind, app_id = graphene.Node.from_global_id(str(app_global_id))
    except Exception:  # graphene raises several kinds on a malformed id
        return False
    return (
        kind == "App"
        and app_id.isdigit()
        and App.objects.filter(pk=int(app_id), is_active=True).exists()
    )
