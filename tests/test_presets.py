import pytest

from saleor_stepmail.engine.render import render_message, template_problem
from saleor_stepmail.models import Delivery, Enrollment
from saleor_stepmail.presets import PRESETS, scenario_create_from_preset

pytestmark = pytest.mark.django_db

CONTEXT = {
    "language": "ja",
    "customer": {"first_name": "花子"},
    "order": {"number": "1001", "lines": [{"product_name": "緑茶", "quantity": 2}]},
    "shop": {"name": "みどり茶舗", "legal": {"postal_address": "京都府京都市"}},
    "unsubscribe_url": "https://shop.example.jp/unsubscribe/abc",
}


def test_second_purchase_program_is_six_mails_over_thirty_days():
    scenario = scenario_create_from_preset(preset="second-purchase")

    assert [s.delay_days for s in scenario.steps.all()] == [0, 3, 7, 14, 21, 30]
    assert scenario.trigger == "first_order"
    assert scenario.goals == ["purchased_again", "order_cancelled"]


def test_unpaid_reminders_run_per_order_until_paid():
    scenario = scenario_create_from_preset(preset="unpaid-reminder", language="en")

    assert [s.delay_days for s in scenario.steps.all()] == [0, 3, 5, 7]
    assert (scenario.reentry, scenario.goals) == ("per_order", ["paid", "order_cancelled"])


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_preset_mail_renders_with_the_legal_footer(preset, language, clock):
    scenario = scenario_create_from_preset(preset=preset, language=language)
    enrollment = Enrollment.objects.create(scenario=scenario, triggered_at=clock.now)

    for step in scenario.steps.all():
        for part in ("subject_template", "html_template", "text_template"):
            assert template_problem(part, getattr(step, part)) is None
        delivery = Delivery(enrollment=enrollment, step=step, due_at=clock.now)
        message = render_message(delivery, {**CONTEXT, "language": language})
        assert message.subject and "{" not in message.subject
        assert "京都府京都市" in message.text and "京都府京都市" in message.html
        assert CONTEXT["unsubscribe_url"] in message.text


def test_unknown_preset_or_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="choose one of second-purchase, after-follow, "):
        scenario_create_from_preset(preset="nope")
    with pytest.raises(ValueError, match="choose one of ja, en"):
        scenario_create_from_preset(preset="second-purchase", language="fr")


def test_after_follow_and_lead_nurture_keep_their_published_rhythm():
    follow = scenario_create_from_preset(preset="after-follow")
    nurture = scenario_create_from_preset(preset="lead-nurture", language="en")

    assert [s.delay_days for s in follow.steps.all()] == [0, 3, 5, 7]
    assert [s.delay_days for s in nurture.steps.all()] == [0, 2, 4, 7, 14]
    assert nurture.trigger == "subscribed"


def test_cross_sell_lists_the_products_bought_together(clock):
    scenario = scenario_create_from_preset(preset="cross-sell", language="en")
    enrollment = Enrollment.objects.create(scenario=scenario, triggered_at=clock.now)
    step = scenario.steps.first()
    context = {
        **CONTEXT,
        "language": "en",
        "cross_sell": [
            {"name": "Tea cup", "url": "https://shop.example.jp/products/cup/",
             "price": {"amount": "1200", "currency": "JPY"}},
        ],
    }  # fmt: skip

    message = render_message(Delivery(enrollment=enrollment, step=step), context)

    assert "- Tea cup (1200 JPY) https://shop.example.jp/products/cup/" in message.text
