"""The customer's Saleor language_code picks the text of a bilingual step."""

from datetime import timedelta

from django.utils import timezone

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.presets import scenario_create_from_preset


def test_a_customer_with_language_code_en_gets_the_english_text_of_a_japanese_scenario(
    stepmail_plugin, user_api_client, buy, outbox
):
    scenario_create_from_preset(preset="second-purchase", language="ja", activate=True)
    customer = user_api_client.user
    customer.language_code = "en"
    customer.save(update_fields=["language_code"])
    order = buy()

    dispatch_due(now=timezone.now() + timedelta(minutes=1))

    (message,) = outbox
    assert message.subject == f"Thank you for your order, {customer.first_name}"
    assert f"no. {order.number}" in message.body
