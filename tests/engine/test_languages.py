"""A step in several languages, and the customer's time zone from their address."""

import pytest

from saleor_stepmail.engine.render import render_message
from saleor_stepmail.engine.zones import customer_zone
from saleor_stepmail.models import Delivery, Enrollment
from saleor_stepmail.presets import LANGUAGES, scenario_create_from_preset

from ..factories import make_scenario

pytestmark = pytest.mark.django_db


def _delivery(language_code: str, now) -> tuple[Delivery, dict]:
    scenario = make_scenario(delays=(0,))
    scenario.language = "ja"
    scenario.save(update_fields=["language"])
    step = scenario.steps.get()
    step.subject_template = "ご注文ありがとうございます"
    step.text_template = "{{ language }}"
    step.translations = {"en": {"subject": "Thank you", "html": "", "text": "{{ language }}"}}
    step.save()
    enrollment = Enrollment.objects.create(
        scenario=scenario, email="a@example.com", triggered_at=now
    )
    context = {"customer": {"language_code": language_code}, "language": "ja"}
    return Delivery(enrollment=enrollment, step=step), context


@pytest.mark.parametrize(
    ("language_code", "subject", "language"),
    [
        ("en", "Thank you", "en"),
        ("EN-US", "Thank you", "en"),
        ("fr", "ご注文ありがとうございます", "ja"),
        ("", "ご注文ありがとうございます", "ja"),
    ],
)
def test_the_mail_goes_in_the_customers_language_when_the_step_has_it(
    language_code, subject, language, clock
):
    delivery, context = _delivery(language_code, clock.now)

    message = render_message(delivery, context)

    assert (message.subject, message.text.strip()) == (subject, language)


def test_presets_carry_every_language_in_one_scenario():
    scenario = scenario_create_from_preset(preset="second-purchase", language="ja")

    for step in scenario.steps.all():
        assert set(step.translations) == set(LANGUAGES) - {"ja"}
        assert step.translations["en"]["subject"].isascii()


@pytest.mark.parametrize(
    ("context", "zone"),
    [
        ({"order": {"shipping_address": {"country": "JP"}}}, "Asia/Tokyo"),
        ({"customer": {"default_shipping_address": {"country": "pl"}}}, "Europe/Warsaw"),
        ({"order": {"shipping_address": {"country": "US"}}}, ""),  # several zones
        ({}, ""),
    ],
)
def test_the_customers_zone_comes_from_a_country_with_one_zone(context, zone):
    assert customer_zone(context) == zone
