"""Win-back (休眠顧客の掘り起こし): a customer with no paid order for 120 days since the last.

A note that the shop misses them with what they bought last (the layout lists the last order's
lines), a voucher a week later, and a phone call by staff a week after that (the call list, for
customers whose phone the shop knows). Any new order ends it (`purchased_again`); a new paid
order also starts the count again, so a customer who goes quiet once more is won back once more.
The voucher step shows each customer's own code once the operator sets the step's voucher (the
shop's voucher to copy). `dormant_days` suits food and cosmetics at 60 to 90, apparel at 180.
"""

from ..vocabulary import ChannelKind, Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "win-back",
    "name": {"ja": "休眠顧客の掘り起こし", "en": "Win-back of dormant customers"},
    "trigger": Trigger.CUSTOMER_DORMANT,
    "goals": (Goal.PURCHASED_AGAIN,),
    "reentry": ReentryPolicy.AFTER_EXIT,
    "dormant_days": 120,
}

STEPS = [
    {
        "delay_days": 0,
        "name": "we miss you",
        "subject": {
            "ja": "{{ customer.first_name|default:'お客' }}様、お元気ですか？",
            "en": "It has been a while, {{ customer.first_name|default:'friend' }}",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

{{ shop.name|default:'当ショップ' }}です。しばらくお目にかかっておりませんが、お元気でお過ごしでしょうか。
前回お求めいただいた商品はいかがでしたか。新しい商品も入荷しております。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

It has been a while since your last order at {{ shop.name|default:'our shop' }}. We hope you
enjoyed it, and we have new things in since then.""",
        },
    },
    {
        "delay_days": 7,
        "name": "a voucher",
        "subject": {
            "ja": "{{ customer.first_name|default:'お客' }}様だけの特別クーポンをお届けします",
            "en": "A voucher for your next order",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

またお会いできるのを楽しみに、{{ customer.first_name|default:'お客' }}様だけのクーポンをご用意しました。
{% if voucher.code %}クーポンコード：{{ voucher.code }}{% if voucher.expires_at %}（有効期限 {{ voucher.expires_at }}）{% endif %}{% endif %}""",
            "en": """Hi {{ customer.first_name|default:'there' }},

We would love to see you again, so here is a voucher just for you.
{% if voucher.code %}Your code: {{ voucher.code }}{% if voucher.expires_at %} (valid until {{ voucher.expires_at }}){% endif %}{% endif %}""",
        },
        # No voucher by default. To offer one, set the step's voucher, e.g.
        # {"voucher_id": "<the Saleor voucher to copy>", "valid_days": 14}.
        "voucher": {},
    },
    {
        "delay_days": 14,
        "name": "a call",
        "channel": ChannelKind.CALL_TASK,
        "subject": {
            "ja": "休眠顧客へのお電話：{{ customer.first_name|default:'' }}様（前回注文 {{ order.number }}）",
            "en": "Call a dormant customer: {{ customer.first_name|default:'' }} (last order {{ order.number }})",
        },
        "body": {
            "ja": """前回のご購入へのお礼と、その後の使い心地を伺ってください。
クーポンのご案内（2通目のメール）が届いているかもご確認ください。""",
            "en": """Thank them for their last order and ask how it has worked for them.
Check that they received the voucher (the second mail).""",
        },
    },
]
