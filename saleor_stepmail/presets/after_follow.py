"""After-follow: thanks, "did it arrive?", how to use it, and a reorder nudge (day 0, 3, 5, 7)."""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "after-follow",
    "name": {"ja": "購入後フォロー", "en": "After-purchase follow-up"},
    "trigger": Trigger.ORDER_PAID,
    "goals": (Goal.ORDER_CANCELLED,),
    "reentry": ReentryPolicy.AFTER_EXIT,
}

STEPS = [
    {
        "delay_days": 0,
        "name": "thanks",
        "subject": {
            "ja": "ご注文ありがとうございます（注文番号 {{ order.number }}）",
            "en": "Thank you for your order {{ order.number }}",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

いつも{{ shop.name|default:'当ショップ' }}をご利用いただき、ありがとうございます。
ご注文（注文番号 {{ order.number }}）を承りました。心を込めてお届けいたします。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Thank you for shopping with {{ shop.name|default:'us' }} again. We have received order
no. {{ order.number }} and are preparing it with care.""",
        },
    },
    {
        "delay_days": 3,
        "name": "arrival check",
        "subject": {
            "ja": "お届けした商品はいかがですか？",
            "en": "How is your order?",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

ご注文の商品はお手元に届きましたでしょうか。
気になる点がございましたら、このメールにご返信ください。担当者がすぐに確認いたします。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Has order no. {{ order.number }} reached you? If anything is not right, reply to this mail
and we will look into it straight away.""",
        },
    },
    {
        "delay_days": 5,
        "name": "how to use",
        "subject": {
            "ja": "より長く楽しんでいただくために",
            "en": "Make the most of what you bought",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

お届けした商品を長く楽しんでいただくための、使い方とお手入れのポイントをお送りします。
詳しくは各商品ページをご覧ください。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Here are a few tips on using and caring for what you bought. Each product page has more.""",
        },
    },
    {
        "delay_days": 7,
        "name": "reorder",
        "subject": {
            "ja": "なくなる前に、いつものものを",
            "en": "Before you run out",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

前回のご注文から1週間が経ちました。なくなる前のご注文がおすすめです。
{% if shop.storefront_url %}ご注文はこちらから：{{ shop.storefront_url }}{% endif %}""",
            "en": """Hi {{ customer.first_name|default:'there' }},

A week has passed since your order. Reorder before you run out.
{% if shop.storefront_url %}Shop here: {{ shop.storefront_url }}{% endif %}""",
        },
    },
]
