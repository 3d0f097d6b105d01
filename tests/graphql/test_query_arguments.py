"""Query arguments that PostgreSQL cannot hold are the caller's error, not a server error."""

import pytest

pytestmark = pytest.mark.django_db

ENROLLMENTS = (
    "query($email: String) { stepmailEnrollments(first: 5, email: $email) { totalCount } }"
)
SCENARIOS = (
    "query($channel: String) { stepmailScenarios(first: 5, channel: $channel) { totalCount } }"
)


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        (ENROLLMENTS, {"email": "a\x00@example.com"}, "email"),
        (SCENARIOS, {"channel": "jp\x00"}, "channel"),
    ],
)
def test_nul_in_a_query_filter_is_a_field_error_naming_the_argument(
    api, query, variables, argument
):
    answer = api(query, variables, token="support")

    (error,) = answer["errors"]
    assert error["message"] == f"{argument}: must not contain NUL characters (\\x00)"
    assert error["extensions"]["exception"]["code"] == "GraphQLError"


@pytest.mark.parametrize(
    ("query", "variables", "argument"),
    [
        (ENROLLMENTS, {"email": "a\ud800@example.com"}, "email"),
        (SCENARIOS, {"channel": "jp\udfff"}, "channel"),
    ],
)
def test_a_lone_surrogate_in_a_query_filter_is_a_field_error_naming_the_argument(
    api, query, variables, argument
):
    answer = api(query, variables, token="support")

    (error,) = answer["errors"]
    assert error["message"] == (
        f"{argument}: must not contain lone surrogates (\\ud800-\\udfff), which UTF-8 cannot encode"
    )
