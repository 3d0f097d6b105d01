"""Who calls the plugin's API inside Saleor: the user of a Saleor access token (JWT)."""

import jwt
from django.http import HttpRequest
from saleor.channel.models import Channel
from saleor.core.auth import get_token_from_request
from saleor.core.jwt import get_user_from_access_payload, jwt_decode
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
    token) raises AuthenticationFailed. An app's own token is not a user and is refused too.
    """
    token = get_token_from_request(request)
    if not token:
        return None
    try:
        user = get_user_from_access_payload(jwt_decode(token), request)
    except jwt.PyJWTError as exc:
        raise AuthenticationFailed(
            f"Invalid token: {exc}. Create a new one with tokenCreate."
        ) from exc
    if user is None:
        raise AuthenticationFailed("Invalid token. Create a new one with tokenCreate.")
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
