"""Abandoned checkout: 1, 24 and 72 hours after a cart was left, until it becomes an order.

The delays count from the checkout's last change (engine/abandonment.py). The shared layout
shows the cart's lines and total and a button back to the cart (`cart.url`, from the channel's
"Cart URL"); the mails below only talk. Completing that checkout, or any other order of the
customer, ends the sequence before its next mail.
"""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "abandoned-checkout",
    "name": {"ja": "カゴ落ちフォロー", "en": "Abandoned checkout"},
    "trigger": Trigger.CHECKOUT_ABANDONED,
    "goals": (Goal.CHECKOUT_COMPLETED, Goal.PURCHASED_AGAIN),
    # Another abandoned cart while this one runs is not mailed twice; after it ends, it is.
    "reentry": ReentryPolicy.AFTER_EXIT,
}

STEPS = [
    {
        "delay_hours": 1,
        "name": "cart reminder",
        "subject": {
            "ja": "カートに商品が残っています",
            "en": "You left something in your cart",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

{{ shop.name|default:'当ショップ' }}をご覧いただき、ありがとうございます。
お買い物カートに、まだ商品が残っています。ご注文の続きは、下のボタンからどうぞ。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Thanks for stopping by {{ shop.name|default:'our shop' }}. Your cart still holds the items
below; you can pick up right where you left off.""",
        },
    },
    {
        "delay_hours": 24,
        "name": "questions",
        "subject": {
            "ja": "ご注文について、ご不明な点はありませんか？",
            "en": "Any questions about your order?",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

カートの商品について、サイズやお届け日、お支払い方法などで気になる点はございませんか。
このメールにご返信いただければ、担当者がお答えします。""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Is anything holding you back: sizes, delivery dates, how to pay? Just reply to this mail
and we will answer personally. Your cart is saved below.""",
        },
    },
    {
        "delay_hours": 72,
        "name": "last reminder",
        "subject": {
            "ja": "カートの商品は在庫がなくなる場合があります",
            "en": "Your cart is waiting, but not forever",
        },
        "body": {
            "ja": """{{ customer.first_name|default:'お客' }}様

カートに入れたままの商品は、在庫がなくなり次第お取り置きができなくなります。
{% if voucher.code %}今回のお買い物にお使いいただけるクーポンをご用意しました。クーポンコード：{{ voucher.code }}{% if voucher.expires_at %}（有効期限 {{ voucher.expires_at }}）{% endif %}{% endif %}""",
            "en": """Hi {{ customer.first_name|default:'there' }},

Items left in a cart are not reserved and may sell out.
{% if voucher.code %}Here is a code for this order: {{ voucher.code }}{% if voucher.expires_at %} (valid until {{ voucher.expires_at }}){% endif %}{% endif %}""",
        },
        # No voucher by default. To offer one, set the step's voucher, e.g.
        # {"voucher_id": "<the Saleor voucher to copy>", "valid_days": 7}: each customer then
        # gets a single-use code, shown by the text above.
        "voucher": {},
    },
]
