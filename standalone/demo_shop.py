"""The demo's shop: the engine's standalone integration, plus voucher codes as a shop issues them.

Inside Saleor the adapter adds a new single-use code to a Saleor voucher for each mail; here a
code is made up for each delivery and kept in IssuedVoucher all the same, so a retried send
shows the same code and the tick's expiry sweep sees it.
"""

import secrets
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from saleor_stepmail.engine.integration import Integration
from saleor_stepmail.models import IssuedVoucher


def voucher_expiry(issued_at: datetime, valid_days: int, zone: ZoneInfo) -> datetime:
    """The end of the code's last day in the shop's time zone, as inside Saleor."""
    last_day = issued_at.astimezone(zone).date() + timedelta(days=valid_days)
    return datetime.combine(last_day, time.max, tzinfo=zone)


class DemoShop(Integration):
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
