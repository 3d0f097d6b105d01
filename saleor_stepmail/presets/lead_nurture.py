"""Lead nurture after a subscription: day 0, 2, 4, 7 and 14, until the first order."""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "lead-nurture",
    "name": {"ja": "見込み客フォロー", "en": "Lead nurture"},
    "trigger": Trigger.SUBSCRIBED,
    "goals": (Goal.PURCHASED_AGAIN,),
    "reentry": ReentryPolicy.ONCE,
}

STEPS = [
    {
        "delay_days": 0,
        "name": "welcome",
        "subject": {
            "ja": "ご登録ありがとうございます｜{{ shop.name|default:'当ショップ' }}",
            "en": "Welcome to {{ shop.name|default:'our shop' }}",
        },
        "body": {
            "ja": """ご登録ありがとうございます。

これから{{ shop.name|default:'当ショップ' }}のこだわりや、商品の選び方をお届けします。どうぞお楽しみに。""",
            "en": """Thank you for subscribing.

Over the next two weeks we will tell you what makes {{ shop.name|default:'our shop' }}
different and how to choose what suits you.""",
        },
    },
    {
        "delay_days": 2,
        "name": "our story",
        "subject": {"ja": "私たちがつくる理由", "en": "Why we make what we make"},
        "body": {
            "ja": """{{ shop.name|default:'当ショップ' }}は、毎日の暮らしに寄り添うものだけをお届けしたいと考えています。
素材選びから仕上げまで、ひとつひとつ確かめてお作りしています。""",
            "en": """At {{ shop.name|default:'our shop' }} we only sell what we would use every day
ourselves, and we check every piece from material to finish.""",
        },
    },
    {
        "delay_days": 4,
        "name": "how to choose",
        "subject": {"ja": "はじめての方へ：選び方のご案内", "en": "New here? How to choose"},
        "body": {
            "ja": """はじめての方によく選ばれている商品と、用途に合わせた選び方をまとめました。
{% if shop.storefront_url %}{{ shop.storefront_url }}{% endif %}""",
            "en": """Here is what first-time customers choose most, and how to pick what fits.
{% if shop.storefront_url %}{{ shop.storefront_url }}{% endif %}""",
        },
    },
    {
        "delay_days": 7,
        "name": "customer voices",
        "subject": {"ja": "お客様の声をご紹介します", "en": "What our customers say"},
        "body": {
            "ja": """実際にお使いいただいているお客様から届いた声をご紹介します。
「贈り物にしたらとても喜ばれました」「毎日使っています」""",
            "en": """A few words from customers who use our products every day:
"It made a perfect gift." "I use it every morning.\"""",
        },
    },
    {
        "delay_days": 14,
        "name": "first order offer",
        "subject": {
            "ja": "はじめてのお買い物をお得に",
            "en": "Something for your first order",
        },
        "body": {
            "ja": """はじめてのお買い物でお使いいただける特典をご用意しました。
{% if voucher.code %}クーポンコード：{{ voucher.code }}{% endif %}
{% if shop.storefront_url %}{{ shop.storefront_url }}{% endif %}""",
            "en": """We have prepared something for your first order.
{% if voucher.code %}Your code: {{ voucher.code }}{% endif %}
{% if shop.storefront_url %}{{ shop.storefront_url }}{% endif %}""",
        },
    },
]
