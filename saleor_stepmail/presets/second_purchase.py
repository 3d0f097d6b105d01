"""Second-purchase program: six mails in the month after a first order, until the customer buys again."""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "second-purchase",
    "name": {"ja": "2回目購入プログラム", "en": "Second-purchase program"},
    "trigger": Trigger.FIRST_PAID_ORDER,
    "goals": (Goal.PURCHASED_AGAIN, Goal.ORDER_CANCELLED),
    "reentry": ReentryPolicy.ONCE,
}

STEPS = [
    {
        "delay_days": 0,
        "name": "thanks",
        "subject": {
            "ja": "{{ customer.first_name|default:'お客' }}様、ご注文ありがとうございます",
            "en": "Thank you for your order, {{ customer.first_name|default:'there' }}",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

このたびは{{ shop.name|default:'当ショップ' }}をご利用いただき、誠にありがとうございます。
ご注文（注文番号 {{ order.number }}）を承りました。商品の発送まで今しばらくお待ちください。

はじめてのお買い物が、よい体験になりますように。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Thank you for choosing {{ shop.name|default:'our shop' }}. We have received your order
no. {{ order.number }} and will let you know as soon as it ships.

We hope your first order with us is a great one.""",
        },
    },
    {
        "delay_days": 3,
        "name": "arrival check",
        "subject": {
            "ja": "商品は無事に届きましたか？",
            "en": "Did your order arrive safely?",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

先日ご注文いただいた商品は、無事にお手元に届きましたでしょうか。
破損や不足など気になる点がございましたら、このメールにご返信ください。すぐに対応いたします。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Has your order no. {{ order.number }} arrived in good shape? If anything is damaged or
missing, just reply to this mail and we will put it right.""",
        },
    },
    {
        "delay_days": 7,
        "name": "how to use",
        "subject": {
            "ja": "もっと楽しむための使い方のコツ",
            "en": "Getting the most out of your purchase",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

お届けした商品を、より長く快適にお使いいただくためのコツをまとめました。
保管方法やお手入れのポイントは、商品ページでもご覧いただけます。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

A few tips to enjoy your purchase for longer: how to store it, how to care for it, and
what our regular customers pair it with. The product pages have the details.""",
        },
    },
    {
        "delay_days": 14,
        "name": "customer voices",
        "subject": {
            "ja": "ご愛用者さまの声をご紹介します",
            "en": "What other customers say",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

{{ shop.name|default:'当ショップ' }}の商品を愛用してくださっている皆さまから、たくさんの声をいただいています。
「毎日の習慣になりました」「家族にも勧めています」——次のお買い物の参考にしてください。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Our regular customers tell us it became part of their daily routine, and that they
recommend it to their family. Their stories may help you choose your next order.""",
        },
    },
    {
        "delay_days": 21,
        "name": "offer",
        "subject": {
            "ja": "2回目のお買い物で使える特典のご案内",
            "en": "A little thank-you for your next order",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

はじめてのご注文への感謝を込めて、2回目のお買い物でお使いいただける特典をご用意しました。
{% if voucher.code %}クーポンコード：{{ voucher.code }}{% if voucher.expires_at %}（有効期限 {{ voucher.expires_at }}）{% endif %}{% endif %}""",
            "en": """Hi {{ customer.first_name|default:'there' }},

To thank you for your first order, here is something for your second one.
{% if voucher.code %}Your code: {{ voucher.code }}{% if voucher.expires_at %} (valid until {{ voucher.expires_at }}){% endif %}{% endif %}""",
        },
    },
    {
        "delay_days": 30,
        "name": "last reminder",
        "subject": {
            "ja": "そろそろ使い切る頃ではありませんか？",
            "en": "Running low? Reorder in one click",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

最初のご注文から1か月が経ちました。そろそろ使い切る頃かもしれません。
{% if shop.storefront_url %}ご注文はこちらから：{{ shop.storefront_url }}{% endif %}""",
            "en": """Hi {{ customer.first_name|default:'there' }},

It has been a month since your first order, so you may be running low.
{% if shop.storefront_url %}Reorder here: {{ shop.storefront_url }}{% endif %}""",
        },
    },
]
