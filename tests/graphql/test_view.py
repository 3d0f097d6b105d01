"""The endpoint itself: routing, request shapes, authentication and the query limits."""

import pytest
from django.test import Client
from graphql.utils.introspection_query import introspection_query

from saleor_stepmail.graphql.limits import (
    MAX_ALIASES,
    MAX_BODY_BYTES,
    MAX_DEPTH,
    MAX_FIELDS,
    MAX_INTROSPECTION_LISTS,
    MAX_PAGE,
    MAX_QUERY_CHARS,
)
from tests.factories import make_scenario

from .conftest import URL

pytestmark = pytest.mark.django_db


def test_a_query_is_answered_through_the_plugin_url_space(api):
    payload = api("{ stepmailPresets { slug } }", token="designer")

    assert {"second-purchase", "unpaid-reminder"} <= {
        p["slug"] for p in payload["data"]["stepmailPresets"]
    }


def test_get_explains_how_to_call_the_api():
    response = Client().get(URL)

    assert response.status_code == 200
    assert "POST" in response.json()["message"]


def test_a_body_that_is_not_a_graphql_request_is_refused_with_400():
    response = Client().post(URL, "not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "INVALID_REQUEST"


def test_a_syntax_error_is_refused_with_its_location(api):
    response = api.post("{ stepmailPresets { slug }")

    assert response.status_code == 400
    assert response.json()["errors"][0]["locations"] == [{"line": 1, "column": 27}]


def test_an_invalid_token_is_refused_with_401_rather_than_treated_as_anonymous(api):
    response = api.post("{ myStepmailStatus { email } }", token="forged")

    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["exception"]["code"] == "InvalidTokenError"


def test_anonymous_callers_cannot_read_scenarios(api):
    make_scenario()

    payload = api("{ stepmailScenarios(first: 5) { edges { node { slug } } } }")

    assert payload["data"]["stepmailScenarios"] is None
    error = payload["errors"][0]
    assert error["message"] == (
        "You need one of the following permissions: MANAGE_PLUGINS, MANAGE_ORDERS"
    )
    assert error["extensions"]["exception"]["code"] == "PermissionDenied"


def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(api):
    # scenario > steps > scenario > steps > ... nine levels down.
    nested = "slug"
    for _ in range(MAX_DEPTH):
        nested = f"steps {{ scenario {{ {nested} }} }}"
    query = f"query Deep {{ stepmailScenarios {{ {nested} }} }}"

    response = api.post(query, token="designer")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Deep is ")
    assert f"the limit is {MAX_DEPTH}" in response.json()["errors"][0]["message"]


def test_depth_counts_fields_inside_fragments(api):
    query = """
    query Deep { stepmailScenarios { edges { node { ...S } } } }
    fragment S on StepmailScenario {
      steps { scenario { steps { scenario { steps { variants { step { name } } } } } } }
    }
    """

    response = api.post(query, token="designer")

    assert response.status_code == 400
    assert "levels deep" in response.json()["errors"][0]["message"]


def test_introspection_is_not_limited_by_depth(api):
    query = (
        "{ __schema { types { name fields { type { ofType { ofType { ofType { name } } } } } } } }"
    )

    payload = api(query)

    assert payload["data"]["__schema"]["types"]


def test_the_standard_introspection_query_is_answered(api):
    payload = api(introspection_query)

    assert {"StepmailScenario", "Query"} <= {
        t["name"] for t in payload["data"]["__schema"]["types"]
    }


def _refusal(response) -> str:
    assert response.status_code == 400, response.content
    return response.json()["errors"][0]["message"]


def test_thousands_of_aliased_fields_are_refused_before_running(api):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(3000)) + " }"

    message = _refusal(api.post(query))

    assert message == (
        f"the operation uses more than {MAX_ALIASES} aliases; the limit is {MAX_ALIASES}."
    )


def test_typename_fields_count_towards_the_field_limit(api):
    query = "{ " + " ".join(["__typename"] * (MAX_FIELDS + 1)) + " }"

    assert "selects more than" in _refusal(api.post(query))


def test_introspection_cannot_be_repeated_under_aliases(api):
    query = "{ " + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(300)) + " }"

    assert _refusal(api.post(query)) == (
        "the operation gives the introspection field __schema an alias; introspection fields "
        "cannot have aliases."
    )


def test_introspection_nesting_lists_deeper_than_the_standard_query_is_refused(api):
    # types > fields > type > fields > type > fields: the schema's size to the fourth power.
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"

    assert _refusal(api.post(query)) == (
        f"the operation nests more than {MAX_INTROSPECTION_LISTS} introspection lists; "
        f"the limit is {MAX_INTROSPECTION_LISTS}."
    )


def test_fragments_that_multiply_each_other_are_refused_quickly(api):
    # F0 spreads F1 twice, F1 spreads F2 twice...: 2**40 fields once expanded.
    fragments = "".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(40)
    )
    query = f"query Bomb {{ ...F0 }}\n{fragments}fragment F40 on Query {{ __typename }}"

    assert "selects more than" in _refusal(api.post(query))


def test_a_request_body_over_the_cap_is_refused_with_413(api):
    variables = {"text": "x" * MAX_BODY_BYTES}

    response = api.post("query($text: String) { __typename }", variables)

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "REQUEST_TOO_LARGE"


def test_a_query_text_over_the_cap_is_refused_with_413(api):
    response = api.post("{ __typename }" + " " * MAX_QUERY_CHARS)

    assert response.status_code == 413
    assert "pass long texts as variables" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("number", ["2147483648", "-2147483649", "1e400"])
def test_an_int_variable_outside_32_bits_is_refused_with_400_not_a_server_error(number):
    query = "query($n: Int) { stepmailScenarios(first: $n) { totalCount } }"
    body = f'{{"query": "{query}", "variables": {{"n": {number}}}}}'

    response = Client().post(URL, body, content_type="application/json")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["message"].startswith("A variable does not fit its type: ")
    assert error["extensions"]["exception"]["code"] == "GraphQLError"


def test_a_page_larger_than_the_cap_is_refused(api):
    make_scenario()

    payload = api(
        "query($n: Int) { stepmailScenarios(first: $n) { edges { node { slug } } } }",
        {"n": MAX_PAGE + 1},
        token="designer",
    )

    assert payload["data"]["stepmailScenarios"] is None
    assert f"ask for 0 to {MAX_PAGE} items" in payload["errors"][0]["message"]


def test_an_unexpected_failure_is_masked_and_logged(api, monkeypatch, caplog):
    from saleor_stepmail.graphql import queries

    def broken(**kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(queries, "customer_status", broken)

    payload = api("{ myStepmailStatus { email } }", token="hana")

    assert payload["errors"][0]["message"] == "Internal Server Error"
    assert "hunter2" in caplog.text
