import pytest
from django.template import Context, Engine

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
    assert scenario.trigger == "first_paid_order"
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
        if step.channel == "line":
            # A chat bubble: no mail layout; blocking the account is LINE's own opt-out.
            assert message.text.strip() and not message.html
            continue
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


MISSING = "«MISSING %s»"
# Everything the engine and the shop put in a mail's context (engine/context.py message_context,
# the integration's template_context, the trigger's facts), filled in.
COMPLETE_CONTEXT = {
    "customer": {
        "email": "hana@example.com",
        "first_name": "花子",
        "last_name": "佐藤",
        "phone": "+81750000000",
    },
    "order": {
        "id": "42",
        "number": "1001",
        "total": {"amount": "3,240", "currency": "JPY"},
        "lines": [
            {
                "product_name": "宇治煎茶 100g",
                "variant_name": "100g",
                "quantity": 2,
                "product_url": "https://shop.example.jp/products/sencha/",
                "thumbnail_url": "https://shop.example.jp/thumbnail/1/",
            }
        ],
    },
    "cart": {
        "token": "c-1",
        "url": "https://shop.example.jp/cart/c-1",
        "total": {"amount": "1,620", "currency": "JPY"},
        "lines": [
            {
                "product_name": "ほうじ茶",
                "variant_name": "50g",
                "quantity": 1,
                "product_url": "https://shop.example.jp/products/hojicha/",
                "thumbnail_url": "https://shop.example.jp/thumbnail/2/",
            }
        ],
    },
    "shop": {
        "name": "みどり茶舗",
        "storefront_url": "https://shop.example.jp/",
        "legal": {
            "sender_name": "みどり茶舗 株式会社",
            "postal_address": "京都府京都市",
            "contact": "support@shop.example.jp",
        },
    },
    "payment": {"instructions": "みどり銀行 普通 1234567", "due_date": "2026-11-09"},
    "voucher": {"code": "THANKS-7Q2X", "expires_at": "2026-11-30"},
    "cross_sell": [
        {
            "name": "急須",
            "url": "https://shop.example.jp/products/kyusu/",
            "price": {"amount": "4,800", "currency": "JPY"},
            "thumbnail_url": "https://shop.example.jp/thumbnail/3/",
        }
    ],
    "scenario": {"slug": "preset", "name": "Preset"},
    "step": {"position": 0, "name": "step"},
    "channel": "default-channel",
    "unsubscribe_url": "https://shop.example.jp/unsubscribe/abc",
}


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_preset_mail_uses_only_variables_the_engine_provides(preset, language):
    # Like engine/render.py's engine, but a missing variable shows instead of vanishing
    # (and `|default` no longer hides it).
    strict = Engine(app_dirs=True, autoescape=True, string_if_invalid=MISSING)
    scenario = scenario_create_from_preset(preset=preset, language=language)
    context = {**COMPLETE_CONTEXT, "language": language}

    for step in scenario.steps.all():
        for part, autoescape in (("subject", False), ("html", True), ("text", False)):
            if part == "html" and step.channel == "line":
                continue  # a chat bubble has no HTML
            source = getattr(step, f"{part}_template")
            rendered = strict.from_string(source).render(Context(context, autoescape=autoescape))
            assert "«MISSING" not in rendered, (step.name, part, rendered)
            assert rendered.strip()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_storefront_link_in_a_preset_is_a_link_in_html_and_plain_in_text(language, clock):
    scenario = scenario_create_from_preset(preset="second-purchase", language=language)
    enrollment = Enrollment.objects.create(scenario=scenario, triggered_at=clock.now)
    last = scenario.steps.order_by("position").last()
    shop = {**CONTEXT["shop"], "storefront_url": "https://shop.example.jp/"}

    message = render_message(
        Delivery(enrollment=enrollment, step=last, due_at=clock.now, available_at=clock.now),
        {**CONTEXT, "language": language, "shop": shop},
    )

    assert '<a href="https://shop.example.jp/">https://shop.example.jp/</a>' in message.html
    assert "https://shop.example.jp/" in message.text and "<a" not in message.text


def test_line_friend_preset_is_four_line_messages_until_the_first_order(clock):
    scenario = scenario_create_from_preset(preset="line-friend", language="en")
    steps = list(scenario.steps.all())

    assert [(s.delay_days, s.channel) for s in steps] == [
        (0, "line"),
        (1, "line"),
        (3, "line"),
        (7, "line"),
    ]
    assert (scenario.trigger, scenario.goals, scenario.reentry) == (
        "line_friend_added",
        ["purchased_again"],
        "once",
    )
    enrollment = Enrollment.objects.create(scenario=scenario, triggered_at=clock.now)
    context = {
        **CONTEXT,
        "customer": {"first_name": "Hana"},
        "shop": {"name": "Midori", "storefront_url": "https://midori.example/"},
        "voucher": {"code": "WELCOME-7Q2X", "expires_at": "2026-11-16"},
        "cross_sell": [{"name": "Sencha", "url": "https://midori.example/p/sencha"}],
    }
    coupon, best = (
        render_message(Delivery(enrollment=enrollment, step=step, due_at=clock.now), context)
        for step in steps[2:]
    )
    assert "Your code: WELCOME-7Q2X (valid until 2026-11-16)" in coupon.text
    assert "- Sencha https://midori.example/p/sencha" in best.text
