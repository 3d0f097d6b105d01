"""A signed-in customer links their LINE account with a LINE Login ID token, or unlinks it.

The ID token (from LINE Login on the storefront, or `liff.getIDToken()`) proves which LINE
user is on the other side. It is checked for the channel's LINE Login channel:

- HS256 tokens (web login) with the LINE Login channel secret, when the channel has one:
  signature, issuer, audience and expiry, without a request to LINE;
- any other token (ES256 from LIFF and the SDKs), or without that secret: LINE's own verify
  endpoint (`POST {line_api_url}/oauth2/v2.1/verify`), which answers the LINE user id.
"""

import base64
import hashlib
import hmac
import json
from datetime import datetime

from ..engine.channels.line_api import LineUnreachable, line_request
from ..engine.integration import LineCredentials, Principal, current_integration
from ..engine.line import is_line_user_id, line_link, line_unlink
from ..models import LineUser
from .errors import ErrorCode, InputError, Problem

ISSUER = "https://access.line.me"
VERIFY_PATH = "/oauth2/v2.1/verify"
MAX_TOKEN_CHARS = 4096


def _refused(message: str, code: ErrorCode = ErrorCode.INVALID_TOKEN) -> InputError:
    return InputError([Problem("id_token", message, code)])


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _hs256_claims(token: str, secret: str) -> dict | None:
    """The claims of an HS256 token signed with `secret`; None when it is not HS256."""
    try:
        header, payload, signature = token.split(".")
        if json.loads(_b64(header)).get("alg") != "HS256":
            return None
        expected = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256)
        if not hmac.compare_digest(expected.digest(), _b64(signature)):
            raise _refused("the ID token's signature is not valid for this LINE Login channel")
        claims = json.loads(_b64(payload))
    except (ValueError, AttributeError) as exc:
        raise _refused("the ID token is not a JWT") from exc
    return claims if isinstance(claims, dict) else {}


def _claims_problem(claims: dict, credentials: LineCredentials, now: datetime) -> str:
    if claims.get("iss") != ISSUER:
        return "the ID token was not issued by LINE"
    if str(claims.get("aud")) != credentials.login_channel_id:
        return "the ID token was issued for another LINE Login channel"
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp <= now.timestamp():
        return "the ID token has expired; sign in with LINE again"
    return ""


def line_id_token_user(*, id_token: str, credentials: LineCredentials, now: datetime) -> str:
    """The LINE user id the token proves; raises InputError saying what is wrong."""
    if not credentials.login_channel_id:
        raise _refused("LINE Login is not set up for this channel", ErrorCode.INVALID)
    if not id_token or len(id_token) > MAX_TOKEN_CHARS:
        raise _refused("the ID token is missing or too long")
    claims = None
    if credentials.login_channel_secret:
        claims = _hs256_claims(id_token, credentials.login_channel_secret)
    if claims is not None:
        problem = _claims_problem(claims, credentials, now)
        if problem:
            raise _refused(problem)
    else:
        try:
            answer = line_request(
                "POST",
                VERIFY_PATH,
                form={"id_token": id_token, "client_id": credentials.login_channel_id},
            )
        except LineUnreachable as exc:
            raise _refused(
                "LINE could not be asked to check the ID token; try again", ErrorCode.INVALID
            ) from exc
        if answer.status != 200:
            raise _refused(f"LINE refused the ID token: {answer.reason()}")
        claims = answer.json()
    user = claims.get("sub")
    if not is_line_user_id(user):
        raise _refused("the ID token names no LINE user")
    return user


def line_account_link(
    *, principal: Principal | None, id_token: str, channel_slug: str, now: datetime
) -> LineUser:
    """Link the LINE user of `id_token` to the signed-in customer."""
    if principal is None or not principal.user_id:
        raise InputError(
            [Problem(None, "sign in to link a LINE account", ErrorCode.PERMISSION_DENIED)]
        )
    credentials = current_integration().line_credentials(channel_slug)
    user = line_id_token_user(id_token=id_token, credentials=credentials, now=now)
    return line_link(
        line_user_id=user, user_id=principal.user_id, email=principal.email.lower(), now=now
    )


def line_account_unlink(*, principal: Principal | None) -> bool:
    if principal is None or not principal.user_id:
        raise InputError(
            [Problem(None, "sign in to unlink a LINE account", ErrorCode.PERMISSION_DENIED)]
        )
    return bool(line_unlink(user_id=principal.user_id))
