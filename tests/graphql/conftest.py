"""Calling the API as a storefront or the Dashboard would: HTTP through the plugin's URL."""

import json

import pytest
from django.test import Client, override_settings
from graphql_relay import to_global_id

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.graphql import view

URL = "/plugins/stepmail/graphql/"
TOKEN_SETTINGS = {"integration": "tests.graphql.integration.TokenIntegration"}


@pytest.fixture(autouse=True)
def token_integration():
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL=TOKEN_SETTINGS):
        yield
    integration_module.current_integration.cache_clear()


@pytest.fixture(autouse=True)
def request_clock(clock, monkeypatch):
    monkeypatch.setattr(view, "request_time", lambda: clock.now)
    return clock


class Api:
    def __init__(self):
        self.client = Client()

    def post(self, query: str, variables: dict | None = None, *, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            URL,
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            headers=headers,
        )

    def __call__(self, query: str, variables: dict | None = None, *, token: str | None = None):
        """The response's JSON, asserting a 200 answer."""
        response = self.post(query, variables, token=token)
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def api() -> Api:
    return Api()


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def no_errors(payload: dict, mutation: str) -> dict:
    assert "errors" not in payload, payload
    result = payload["data"][mutation]
    assert result["errors"] == [], result["errors"]
    return result
