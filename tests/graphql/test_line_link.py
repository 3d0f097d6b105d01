"""Storefront: a signed-in customer links their LINE account with a LINE Login ID token."""

import base64
import hashlib
import hmac
import json

import pytest
from django.test import override_settings

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.events import Event
from saleor_stepmail.models import Enrollment, LineUser
from tests.factories import make_scenario, order_created
from tests.graphql.conftest import TOKEN_SETTINGS

pytestmark = pytest.mark.django_db

LINK = """
mutation($idToken: String!, $channel: String!) {
  stepmailLineLink(idToken: $idToken, channel: $channel) {
    line { displayName isFriend linkedAt } errors { field message code }
  }
}
"""
UNLINK = "mutation { stepmailLineUnlink { unlinked errors { field message code } } }"
STATUS = "{ myStepmailStatus { email line { isFriend displayName } } }"
HANA_LINE = "U" + "b" * 32
LOGIN_CHANNEL = "1657000001"
LOGIN_SECRET = "0f" * 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_token(claims: dict, secret: str = LOGIN_SECRET) -> str:
    head = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64(signature)}"


def es256_looking_token(name: str) -> str:
    """A token signed as LIFF and the SDKs sign them (ES256): only LINE can check it."""
    head = _b64(json.dumps({"typ": "JWT", "alg": "ES256", "kid": "k1"}).encode())
    return f"{head}.{_b64(name.encode())}.c2ln"


@pytest.fixture
def line_login(line_api, clock):
    """LINE Login set up with a channel secret (HS256 tokens checked here, others by LINE)."""
    settings = {
        **TOKEN_SETTINGS,
        "line_api_url": line_api.url,
        "line_login_channel_id": LOGIN_CHANNEL,
        "line_login_channel_secret": LOGIN_SECRET,
    }
    with override_settings(STEPMAIL=settings):
        yield line_api


def claims(clock, **changes) -> dict:
    base = {
        "iss": "https://access.line.me",
        "sub": HANA_LINE,
        "aud": LOGIN_CHANNEL,
        "exp": int(clock.now.timestamp()) + 3600,
        "iat": int(clock.now.timestamp()),
    }
    return {**base, **changes}


def link(api, token: str, *, as_: str | None = "hana") -> dict:
    variables = {"idToken": token, "channel": "default-channel"}
    return api(LINK, variables, token=as_)["data"]["stepmailLineLink"]


def test_an_hs256_id_token_links_the_line_user_to_the_signed_in_customer(api, clock, line_login):
    result = link(api, hs256_token(claims(clock)))

    assert result["errors"] == []
    assert result["line"]["isFriend"] is False
    row = LineUser.objects.get()
    assert (row.line_user_id, row.user_id, row.email) == (HANA_LINE, "40", "hana@example.com")
    assert line_login.pushes == []  # checked here, LINE not asked
    status = api(STATUS, token="hana")["data"]["myStepmailStatus"]
    assert status["line"] == {"isFriend": False, "displayName": ""}


def test_another_token_is_checked_by_lines_verify_endpoint(api, clock, line_login):
    token = es256_looking_token("hana")
    line_login.id_tokens[token] = (HANA_LINE, LOGIN_CHANNEL)

    assert link(api, token)["errors"] == []

    assert LineUser.objects.get().user_id == "40"


@pytest.mark.parametrize(
    ("changes", "secret", "message"),
    [
        ({}, "1e" * 16, "the ID token's signature is not valid for this LINE Login channel"),
        (
            {"aud": "1657009999"},
            LOGIN_SECRET,
            "the ID token was issued for another LINE Login channel",
        ),
        ({"iss": "https://evil.example"}, LOGIN_SECRET, "the ID token was not issued by LINE"),
        ({"exp": 1}, LOGIN_SECRET, "the ID token has expired; sign in with LINE again"),
    ],
)
def test_a_bad_hs256_token_links_nothing(api, clock, line_login, changes, secret, message):
    result = link(api, hs256_token(claims(clock, **changes), secret))

    assert result["errors"] == [{"field": "idToken", "message": message, "code": "INVALID_TOKEN"}]
    assert not LineUser.objects.exists()


def test_a_token_line_refuses_links_nothing_and_says_why(api, clock, line_login):
    result = link(api, es256_looking_token("forged"))

    assert result["errors"] == [
        {
            "field": "idToken",
            "message": "LINE refused the ID token: Invalid IdToken.",
            "code": "INVALID_TOKEN",
        }
    ]
    assert not LineUser.objects.exists()


def test_an_anonymous_caller_cannot_link(api, clock, line_login):
    result = link(api, hs256_token(claims(clock)), as_=None)

    assert result["errors"][0]["code"] == "PERMISSION_DENIED"


def test_unlinking_removes_the_link_from_the_status(api, clock, line_login):
    link(api, hs256_token(claims(clock)))

    result = api(UNLINK, token="hana")["data"]["stepmailLineUnlink"]

    assert result == {"unlinked": True, "errors": []}
    assert api(STATUS, token="hana")["data"]["myStepmailStatus"]["line"] is None
    assert LineUser.objects.get().user_id == ""


def test_a_linked_friends_line_scenario_ends_when_they_order(api, clock, line_login):
    make_scenario(slug="line-welcome", trigger="line_friend_added", delays=(0, 3))
    followed = Event(
        type="line_followed", occurred_at=clock.now, line_user_id=HANA_LINE, channel_slug="jp"
    )
    record_event(followed, now=clock.now)
    link(api, hs256_token(claims(clock)))

    record_event(order_created(clock.advance(hours=1), user_id="40"), now=clock.now)

    welcome = Enrollment.objects.get(scenario__slug="line-welcome")
    assert (welcome.state, welcome.exit_reason, welcome.user_id) == (
        "converted",
        "purchased_again",
        "40",
    )
