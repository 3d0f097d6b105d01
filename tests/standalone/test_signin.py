"""The demo staff sign-in of `make page`: the page signs in as it would against Saleor, and
the API accepts exactly the tokens the demo issued, while they last."""

import json

import pytest
from django.test import Client, override_settings

from saleor_stepmail.engine import integration as integration_module
from standalone import signin

SIGN_IN = "mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) { token refreshToken errors { field message code } } }"  # noqa: E501
REFRESH = "mutation($refreshToken: String) { tokenRefresh(refreshToken: $refreshToken) { token errors { message } } }"  # noqa: E501
SCENARIOS = "{ stepmailScenarios(first: 5) { totalCount } }"


@pytest.fixture
def demo_site(settings):
    settings.ROOT_URLCONF = "standalone.page_urls"
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"integration": "standalone.signin.DemoSignInIntegration"}):
        yield Client()
    integration_module.current_integration.cache_clear()


def post(client, url: str, query: str, variables: dict | None = None, token: str = ""):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        url,
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_demo_operator_signs_in_and_reads_scenarios_with_the_token(demo_site):
    credentials = {"email": signin.DEMO_EMAIL, "password": signin.DEMO_PASSWORD}
    created = post(demo_site, "/graphql/", SIGN_IN, credentials).json()["data"]["tokenCreate"]

    response = post(demo_site, "/plugins/stepmail/graphql/", SCENARIOS, token=created["token"])

    assert created["errors"] == []
    assert response.json() == {"data": {"stepmailScenarios": {"totalCount": 0}}}
    refreshed = post(demo_site, "/graphql/", REFRESH, {"refreshToken": created["refreshToken"]})
    assert refreshed.json()["data"]["tokenRefresh"]["token"]


@pytest.mark.django_db
def test_wrong_password_gets_no_token(demo_site):
    answer = post(demo_site, "/graphql/", SIGN_IN, {"email": signin.DEMO_EMAIL, "password": "x"})

    result = answer.json()["data"]["tokenCreate"]
    assert result["token"] is None
    assert result["errors"][0]["code"] == "INVALID_CREDENTIALS"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        signin.token_issue("access", 300)[:-2] + "xx",  # tampered signature
        signin.token_issue("access", -1),  # expired
        signin.token_issue("refresh", 300),  # a refresh token is not an access token
    ],
    ids=["tampered", "expired", "refresh-token"],
)
def test_the_api_refuses_tokens_the_demo_did_not_issue_or_that_expired(demo_site, token):
    response = post(demo_site, "/plugins/stepmail/graphql/", SCENARIOS, token=token)

    assert response.status_code == 401


def test_the_demo_sign_in_is_not_part_of_the_ordinary_standalone_site():
    response = Client().post("/graphql/", "{}", content_type="application/json")

    assert response.status_code == 404
