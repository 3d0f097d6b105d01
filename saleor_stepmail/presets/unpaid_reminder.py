"""Unpaid reminders for bank-transfer orders: day 0, 3, 5 and 7, stopped the moment it is paid."""

from ..vocabulary import Goal, ReentryPolicy, Trigger

SCENARIO = {
    "slug": "unpaid-reminder",
    "name": {"ja": "未入金リマインド", "en": "Unpaid order reminders"},
    "trigger": Trigger.UNPAID_ORDER,
    "goals": (Goal.PAID, Goal.ORDER_CANCELLED),
    "reentry": ReentryPolicy.PER_ORDER,
}

_PAYMENT_JA = """{% if payment.instructions %}お振込先：{{ payment.instructions }}{% endif %}
{% if payment.due_date %}お支払い期限：{{ payment.due_date }}{% endif %}"""
_PAYMENT_EN = """{% if payment.instructions %}Pay to: {{ payment.instructions }}{% endif %}
{% if payment.due_date %}Please pay by {{ payment.due_date }}.{% endif %}"""

STEPS = [
    {
        "delay_days": 0,
        "name": "payment instructions",
        "subject": {
            "ja": "【ご入金のお願い】ご注文番号 {{ order.number }}",
            "en": "How to pay for order {{ order.number }}",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

ご注文（注文番号 {{{{ order.number }}}}）ありがとうございます。
以下の内容でお振込みをお願いいたします。ご入金を確認しだい、商品を発送いたします。

{_PAYMENT_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

Thank you for order no. {{{{ order.number }}}}. We ship as soon as your payment arrives.

{_PAYMENT_EN}""",
        },
    },
    {
        "delay_days": 3,
        "name": "first reminder",
        "subject": {
            "ja": "ご入金の確認ができておりません（注文番号 {{ order.number }}）",
            "en": "We have not received your payment yet (order {{ order.number }})",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

ご注文（注文番号 {{{{ order.number }}}}）のご入金がまだ確認できておりません。
行き違いでお振込み済みの場合は、ご容赦ください。

{_PAYMENT_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

We have not received the payment for order no. {{{{ order.number }}}} yet. If you have
already paid, please ignore this mail.

{_PAYMENT_EN}""",
        },
    },
    {
        "delay_days": 5,
        "name": "second reminder",
        "subject": {
            "ja": "お支払い期限が近づいています（注文番号 {{ order.number }}）",
            "en": "Your payment is due soon (order {{ order.number }})",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

ご注文（注文番号 {{{{ order.number }}}}）のお支払い期限が近づいております。
期限を過ぎますと、ご注文は自動的にキャンセルとなります。

{_PAYMENT_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

The payment for order no. {{{{ order.number }}}} is due soon. After the due date the order
is cancelled automatically.

{_PAYMENT_EN}""",
        },
    },
    {
        # A day before the order's deadline (expireOrdersAfter, else payment_due_days).
        "delay_fact": "order.payment_due_in_days",
        "delay_fact_offset_days": -1,
        "delay_days": 7,
        "name": "last reminder",
        "subject": {
            "ja": "【最終のご案内】ご注文番号 {{ order.number }} のお支払いについて",
            "en": "Last reminder: payment for order {{ order.number }}",
        },
        "body": {
            "ja": f"""{{{{ customer.first_name|default:'お客' }}}}様

ご注文（注文番号 {{{{ order.number }}}}）のご入金が確認できないため、最終のご案内をお送りします。
ご不明な点がございましたら、このメールにご返信ください。

{_PAYMENT_JA}""",
            "en": f"""Hi {{{{ customer.first_name|default:'there' }}}},

This is our last reminder for order no. {{{{ order.number }}}}. If anything stops you from
paying, reply to this mail and we will help.

{_PAYMENT_EN}""",
        },
    },
]
