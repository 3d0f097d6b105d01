"""LINE friend added: welcome, how to order (day 1), a first-order coupon (day 3), best sellers
(day 7), all on LINE, until the friend's first order (once linked to their shop account).

The coupon step shows the customer's own code once the operator sets the step's voucher (the
shop's voucher to copy); the best-seller step lists `cross_sell` when the shop knows it, and
links the storefront otherwise.
"""

from ..vocabulary import ChannelKind, Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "line-friend",
    "name": {"ja": "LINE友だち追加ステップ", "en": "LINE friend welcome"},
    "trigger": Trigger.LINE_FRIEND_ADDED,
    # A linked friend's order meets it: their first order, as they have none before linking.
    "goals": (Goal.PURCHASED_AGAIN,),
    "reentry": ReentryPolicy.ONCE,
}

_NAME_JA = "{{ customer.first_name|default:'お客' }}様"
_NAME_EN = "{{ customer.first_name|default:'there' }}"
_SHOP_JA = "{{ shop.name|default:'当ショップ' }}"
_SHOP_EN = "{{ shop.name|default:'our shop' }}"

STEPS = [
    {
        "channel": ChannelKind.LINE,
        "delay_days": 0,
        "name": "welcome",
        "subject": {
            "ja": f"{_SHOP_JA}から友だち追加のお礼",
            "en": f"Welcome to {_SHOP_EN} on LINE",
        },
        "body": {
            "ja": f"""{_NAME_JA}、友だち追加ありがとうございます！
{_SHOP_JA}の新商品やお得な情報をLINEでお届けします。
{{% if shop.storefront_url %}}ショップはこちら：{{{{ shop.storefront_url }}}}{{% endif %}}""",
            "en": f"""Hi {_NAME_EN}, thanks for adding {_SHOP_EN} as a friend!
We will send you new arrivals and offers here on LINE.
{{% if shop.storefront_url %}}Visit the shop: {{{{ shop.storefront_url }}}}{{% endif %}}""",
        },
    },
    {
        "channel": ChannelKind.LINE,
        "delay_days": 1,
        "name": "how to order",
        "subject": {"ja": "ご注文方法のご案内", "en": "How to order"},
        "body": {
            "ja": f"""{_NAME_JA}、ご注文はかんたん3ステップです。
1. ショップで商品を選んでカートへ
2. お届け先とお支払い方法を選択
3. ご注文を確定
{{% if shop.storefront_url %}}{{{{ shop.storefront_url }}}}{{% endif %}}""",
            "en": f"""Hi {_NAME_EN}, ordering takes three steps:
1. Pick what you like and add it to the cart
2. Choose delivery and payment
3. Confirm your order
{{% if shop.storefront_url %}}{{{{ shop.storefront_url }}}}{{% endif %}}""",
        },
    },
    {
        "channel": ChannelKind.LINE,
        "delay_days": 3,
        "name": "first-order coupon",
        "subject": {
            "ja": "はじめてのご注文に使えるクーポン",
            "en": "A coupon for your first order",
        },
        "body": {
            "ja": f"""{_NAME_JA}、はじめてのご注文にお使いいただけるクーポンをお届けします。
{{% if voucher.code %}}クーポンコード：{{{{ voucher.code }}}}{{% if voucher.expires_at %}}（有効期限 {{{{ voucher.expires_at }}}}）{{% endif %}}{{% endif %}}
{{% if shop.storefront_url %}}ご注文はこちら：{{{{ shop.storefront_url }}}}{{% endif %}}""",
            "en": f"""Hi {_NAME_EN}, here is a coupon for your first order.
{{% if voucher.code %}}Your code: {{{{ voucher.code }}}}{{% if voucher.expires_at %}} (valid until {{{{ voucher.expires_at }}}}){{% endif %}}{{% endif %}}
{{% if shop.storefront_url %}}Order here: {{{{ shop.storefront_url }}}}{{% endif %}}""",
        },
    },
    {
        "channel": ChannelKind.LINE,
        "delay_days": 7,
        "name": "best sellers",
        "subject": {"ja": "人気の商品をご紹介", "en": "Our best sellers"},
        "body": {
            "ja": f"""{_NAME_JA}、{_SHOP_JA}で人気の商品をご紹介します。
{{% for product in cross_sell %}}・{{{{ product.name }}}} {{{{ product.url }}}}
{{% empty %}}{{% if shop.storefront_url %}}人気の商品はこちら：{{{{ shop.storefront_url }}}}{{% endif %}}{{% endfor %}}""",
            "en": f"""Hi {_NAME_EN}, here is what customers of {_SHOP_EN} love most.
{{% for product in cross_sell %}}- {{{{ product.name }}}} {{{{ product.url }}}}
{{% empty %}}{{% if shop.storefront_url %}}See the best sellers: {{{{ shop.storefront_url }}}}{{% endif %}}{{% endfor %}}""",
        },
    },
]
