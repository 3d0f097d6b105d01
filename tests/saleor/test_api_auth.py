"""Our GraphQL API inside Saleor: callers are whoever Saleor's access token says."""

from datetime import timedelta

import jwt
from django.utils import timezone
from graphql_relay import to_global_id
from saleor.core.jwt import create_access_token, jwt_encode, jwt_user_payload
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Scenario
from saleor_stepmail.presets import scenario_create_from_preset

CREATE_FROM_PRESET = """
mutation($input: StepmailScenarioCreateFromPresetInput!) {
  stepmailScenarioCreateFromPreset(input: $input) {
    scenario { slug channels }
    errors { field message code }
  }
}
"""
SCENARIOS = "{ stepmailScenarios(first: 10) { totalCount } }"
MY_STATUS = "{ myStepmailStatus { email receivesStepMail } }"


def _error_codes(content: dict) -> list[str]:
    return [e["extensions"]["exception"]["code"] for e in content.get("errors", [])]


def test_staff_with_manage_plugins_creates_a_scenario_from_a_preset(
    stepmail_api, staff_user, permission_manage_plugins, channel_USD
):
    staff_user.user_permissions.add(permission_manage_plugins)
    variables = {"input": {"preset": "second-purchase", "channels": [channel_USD.slug]}}

    response = stepmail_api.post(
        CREATE_FROM_PRESET, variables, token=create_access_token(staff_user)
    )

    assert response.status_code == 200
    result = response.json()["data"]["stepmailScenarioCreateFromPreset"]
    assert result["errors"] == []
    assert result["scenario"]["channels"] == [channel_USD.slug]
    assert Scenario.objects.get().slug == "second-purchase"


def test_a_channel_saleor_does_not_have_is_refused_by_name(
    stepmail_api, staff_user, permission_manage_plugins
):
    staff_user.user_permissions.add(permission_manage_plugins)
    variables = {"input": {"preset": "second-purchase", "channels": ["no-such-channel"]}}

    content = stepmail_api.post(
        CREATE_FROM_PRESET, variables, token=create_access_token(staff_user)
    ).json()

    (error,) = content["data"]["stepmailScenarioCreateFromPreset"]["errors"]
    assert error["field"] == "channels"
    assert "no-such-channel" in error["message"]
    assert not Scenario.objects.exists()


def test_staff_without_manage_plugins_may_not_design_scenarios(
    stepmail_api, staff_user, permission_manage_orders, channel_USD
):
    staff_user.user_permissions.add(permission_manage_orders)
    variables = {"input": {"preset": "second-purchase", "channels": [channel_USD.slug]}}
    token = create_access_token(staff_user)

    designing = stepmail_api.post(CREATE_FROM_PRESET, variables, token=token).json()
    reading = stepmail_api.post(SCENARIOS, token=token).json()

    (error,) = designing["data"]["stepmailScenarioCreateFromPreset"]["errors"]
    assert error["code"] == "PERMISSION_DENIED"
    assert "MANAGE_PLUGINS" in error["message"]
    assert not Scenario.objects.exists()
    assert reading["data"]["stepmailScenarios"]["totalCount"] == 0


def test_a_customer_sees_their_own_status_and_no_operator_data(stepmail_api, customer_user):
    token = create_access_token(customer_user)

    status = stepmail_api.post(MY_STATUS, token=token).json()
    scenarios = stepmail_api.post(SCENARIOS, token=token).json()

    assert status["data"]["myStepmailStatus"] == {
        "email": customer_user.email,
        "receivesStepMail": True,
    }
    assert _error_codes(scenarios) == ["PermissionDenied"]


def test_anonymous_callers_get_permission_denied_on_operator_queries(stepmail_api):
    content = stepmail_api.post(SCENARIOS).json()

    assert _error_codes(content) == ["PermissionDenied"]
    assert content["data"]["stepmailScenarios"] is None


def test_a_token_saleor_would_refuse_answers_401(stepmail_api, customer_user, staff_user):
    expired = jwt_encode(
        {
            **jwt_user_payload(customer_user, "access", timedelta(minutes=5)),
            "exp": timezone.now() - timedelta(minutes=1),
        }
    )
    refresh = jwt_encode(jwt_user_payload(customer_user, "refresh", timedelta(days=1)))
    other_key = jwt.encode({"email": staff_user.email, "type": "access"}, "x", algorithm="HS256")
    staff_user.is_active = False
    staff_user.save(update_fields=["is_active"])
    deactivated = create_access_token(staff_user)

    for token in ("not-a-jwt", expired, refresh, other_key, deactivated):
        response = stepmail_api.post(SCENARIOS, token=token)

        assert response.status_code == 401, token
        assert _error_codes(response.json()) == ["InvalidTokenError"]


PREVIEW = """
mutation($id: ID!, $orderId: String) {
  stepmailStepPreview(id: $id, orderId: $orderId) {
    preview { subject text sample } errors { field code }
  }
}
"""


def test_a_preview_with_a_customers_order_needs_manage_orders_as_in_saleor(
    stepmail_api,
    stepmail_plugin,
    staff_user,
    permission_manage_plugins,
    permission_manage_orders,
    order_with_lines,
):
    scenario = scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())
    step = scenario.steps.order_by("position").first()
    variables = {"id": to_global_id("StepmailStep", step.pk), "orderId": str(order_with_lines.pk)}
    staff_user.user_permissions.add(permission_manage_plugins)

    designer = stepmail_api.post(PREVIEW, variables, token=create_access_token(staff_user))
    staff_user.user_permissions.add(permission_manage_orders)
    staff_user = type(staff_user).objects.get(pk=staff_user.pk)  # permissions read afresh
    operator = stepmail_api.post(PREVIEW, variables, token=create_access_token(staff_user))

    assert designer.json()["data"]["stepmailStepPreview"] == {
        "preview": None,
        "errors": [{"field": "orderId", "code": "PERMISSION_DENIED"}],
    }
    preview = operator.json()["data"]["stepmailStepPreview"]["preview"]
    assert preview["sample"] is False
    assert order_with_lines.user.first_name in preview["subject"]
