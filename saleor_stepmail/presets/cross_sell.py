"""Cross-sell: products bought together with what the customer bought (day 10 and 20)."""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "cross-sell",
    "name": {"ja": "クロスセル", "en": "Cross-sell"},
    "trigger": Trigger.ORDER_PAID,
    "goals": (Goal.PURCHASED_AGAIN,),
    "reentry": ReentryPolicy.AFTER_EXIT,
}

# `cross_sell` is a list of {name, url, price: {amount, currency}, thumbnail_url} that the shop
# integration computes from what was bought together (see adapter/cross_sell.py).
_PRODUCTS_JA = """{% for product in cross_sell %}・{{ product.name }}{% if product.price %}（{{ product.price.amount }} {{ product.price.currency }}）{% endif %} {{ product.url }}
{% empty %}{% if shop.storefront_url %}おすすめ商品はこちら：{{ shop.storefront_url }}{% endif %}{% endfor %}"""
_PRODUCTS_EN = """{% for product in cross_sell %}- {{ product.name }}{% if product.price %} ({{ product.price.amount }} {{ product.price.currency }}){% endif %} {{ product.url }}
{% empty %}{% if shop.storefront_url %}See what is new: {{ shop.storefront_url }}{% endif %}{% endfor %}"""

STEPS = [
    {
        "delay_days": 10,
        "name": "bought together",
        "subject": {
            "ja": "{{ customer.first_name|default:'お客' }}様へ：一緒に選ばれている商品",
            "en": "Often bought together with your order",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

先日お買い上げいただいた商品と、よく一緒に選ばれている商品をご紹介します。

{_PRODUCTS_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

Customers who bought what you bought often pick these too:

{_PRODUCTS_EN}""",
        },
    },
    {
        "delay_days": 20,
        "name": "complete the set",
        "subject": {
            "ja": "組み合わせるともっと便利に",
            "en": "Complete the set",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

お持ちの商品と組み合わせると、もっと便利にお使いいただけます。

{_PRODUCTS_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

These go well with what you already have:

{_PRODUCTS_EN}""",
        },
    },
]
