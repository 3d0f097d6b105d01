"""Reorder reminder: a few days before what the customer bought runs out, and once after.

Each step takes its delay from `order.reorder_in_days` (Step.delay_fact): the integration puts
there how long the order lasts, from each product's consumption days (product metadata
`consumption_days`) times the quantity bought, the shortest line first; without it the engine
computes it from the context's lines (engine/conditions.py). An order without those facts
falls back to the steps' delay_days (25 and 33 days: a month's supply).
"""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "reorder-reminder",
    "name": {"ja": "買い替え・定期購入リマインド", "en": "Reorder reminders"},
    "trigger": Trigger.ORDER_PAID,
    "goals": (Goal.PURCHASED_AGAIN,),
    "reentry": ReentryPolicy.AFTER_EXIT,
}

_LINES_JA = """{% for line in order.lines %}・{{ line.product_name }}{% if line.quantity %} × {{ line.quantity }}{% endif %}
{% endfor %}{% if shop.storefront_url %}ご注文はこちら：{{ shop.storefront_url }}{% endif %}"""
_LINES_EN = """{% for line in order.lines %}- {{ line.product_name }}{% if line.quantity %} x {{ line.quantity }}{% endif %}
{% endfor %}{% if shop.storefront_url %}Order again: {{ shop.storefront_url }}{% endif %}"""

STEPS = [
    {
        "delay_days": 25,
        "delay_fact": "order.reorder_in_days",
        "delay_fact_offset_days": -5,
        "name": "running low",
        "subject": {
            "ja": "{{ customer.first_name|default:'お客' }}様、そろそろなくなる頃ではありませんか？",
            "en": "Running low? Time to reorder",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

先日お届けした商品が、そろそろなくなる頃です。
切らしてしまう前に、お早めのご注文をおすすめします。

{_LINES_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

What you ordered last time should be running low by now.
Reorder today so that you do not run out:

{_LINES_EN}""",
        },
    },
    {
        "delay_days": 33,
        "delay_fact": "order.reorder_in_days",
        "delay_fact_offset_days": 3,
        "name": "ran out",
        "subject": {
            "ja": "お使いの商品、切らしていませんか？",
            "en": "Have you run out?",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

以前ご購入いただいた商品は、もうなくなってしまったかもしれません。
いつものお品物を、すぐにお届けします。

{_LINES_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

You may have run out of what you bought from us. We can ship it again right away:

{_LINES_EN}""",
        },
    },
]
