"""The demo's shop (standalone/demo.py): its products and orders, what its three customers do,
and an integration that reads its hooks' events against its orders and issues voucher codes, as
a shop does.

Inside Saleor the adapter adds a new single-use code to a Saleor voucher for each mail; here a
code is made up for each delivery and kept in IssuedVoucher all the same, so a retried send
shows the same code and the tick's expiry sweep sees it.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from saleor_stepmail.engine.events import Event
from saleor_stepmail.engine.integration import Integration
from saleor_stepmail.models import IssuedVoucher
from saleor_stepmail.vocabulary import EventType

TOKYO = ZoneInfo("Asia/Tokyo")
STOREFRONT = "https://shop.example.jp/"
# The second-purchase program's offer, as a shop would set it up: a code per customer, 14 days.
OFFER_VOUCHER = {"voucher_id": "SECOND", "valid_days": 14}
PRODUCT_SLUGS = {
    "宇治煎茶 100g": "uji-sencha-100g",
    "ほうじ茶ティーバッグ": "hojicha-tea-bags",
    "玉露 50g": "gyokuro-50g",
    "急須": "kyusu-teapot",
}
START = datetime(2026, 11, 2, 9, 0, tzinfo=TOKYO)
SHOP = {
    "name": "みどり茶舗",
    "storefront_url": STOREFRONT,
    "legal": {
        "sender_name": "みどり茶舗 株式会社",
        "postal_address": "〒600-8216 京都府京都市下京区東塩小路町 1-1",
        "contact": "support@shop.example.jp / 075-000-0000",
    },
}


@dataclass(frozen=True)
class DemoOrder:
    """An order as the demo shop's data tells it when a hook's event is applied."""

    number: str
    email: str
    first_order: bool  # the customer's first order at the shop
    paid_when_placed: bool  # by card; False: a bank transfer, paid later (its own hook)
    context: dict  # the facts its mails show


def _order(
    number: str,
    email: str,
    first_name: str,
    total: int,
    lines: list[tuple[str, int]],
    *,
    first_order: bool,
    paid_when_placed: bool = True,
) -> DemoOrder:
    context = {
        "customer": {"first_name": first_name},
        "order": {
            "number": number,
            "total": {"amount": f"{total:,}", "currency": "JPY"},
            "lines": [
                {
                    "product_name": name,
                    "quantity": qty,
                    "product_url": f"{STOREFRONT}products/{PRODUCT_SLUGS[name]}/",
                }
                for name, qty in lines
            ],
        },
        "shop": SHOP,
        "payment": {
            "instructions": "みどり銀行 京都支店 普通 1234567 ミドリチャホ",
            "due_date": "2026年11月9日",
        },
    }
    return DemoOrder(number, email, first_order, paid_when_placed, context)


# 美咲 has bought before the month; she pays her bank transfer on day 4.
ORDERS = {order.number: order for order in (
    _order("1001", "hana@example.com", "花子", 3240, [("宇治煎茶 100g", 2)], first_order=True),
    _order("1002", "ken@example.com", "健", 5400, [("ほうじ茶ティーバッグ", 3)], first_order=True),
    _order("1003", "misaki@example.com", "美咲", 8640, [("玉露 50g", 1), ("急須", 1)],
           first_order=False, paid_when_placed=False),
    _order("1004", "hana@example.com", "花子", 1620, [("宇治煎茶 100g", 1)], first_order=False),
)}  # fmt: skip

# (day, hour, event, order): what the shop's hooks record during the month, as the plugin's
# hooks do inside Saleor (engine/inbox.py); DemoShop.event_for reads each against ORDERS.
STORY = [
    (0, 10, EventType.ORDER_CREATED, "1001"),
    (0, 11, EventType.ORDER_CREATED, "1002"),
    (0, 14, EventType.ORDER_CREATED, "1003"),
    (4, 16, EventType.ORDER_FULLY_PAID, "1003"),
    (9, 20, EventType.ORDER_CREATED, "1004"),
]


def voucher_expiry(issued_at: datetime, valid_days: int, zone: ZoneInfo) -> datetime:
    """The end of the code's last day in the shop's time zone, as inside Saleor."""
    last_day = issued_at.astimezone(zone).date() + timedelta(days=valid_days)
    return datetime.combine(last_day, time.max, tzinfo=zone)


class DemoShop(Integration):
    def event_for(self, inbound) -> Event | None:
        """The hook's event with the facts of its order, as the Saleor adapter reads Saleor's."""
        event = super().event_for(inbound)
        order = ORDERS.get(inbound.order_id)
        if order is None:
            return event
        return replace(
            event,
            is_first_order=order.first_order,
            is_paid=order.paid_when_placed or inbound.type == EventType.ORDER_FULLY_PAID,
            context=order.context,
        )

    def voucher_for(self, delivery) -> dict | None:
        spec = delivery.step.voucher or {}
        if not spec.get("voucher_id") or delivery.pk is None:
            return None
        zone = ZoneInfo(delivery.enrollment.scenario.timezone)
        issued, _ = IssuedVoucher.objects.get_or_create(
            delivery=delivery,
            defaults={
                "code": f"{spec['voucher_id']}-{secrets.token_hex(3)}".upper(),
                "shop_voucher_id": spec["voucher_id"],
                "expires_at": voucher_expiry(delivery.due_at, int(spec.get("valid_days", 0)), zone),
            },
        )
        return {
            "code": issued.code,
            "expires_at": issued.expires_at.astimezone(zone).date().isoformat(),
        }
