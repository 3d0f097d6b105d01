"""A voucher code for one delivery: a new code of the shop's voucher, for one customer, expiring.

A step's `voucher` ({"voucher_id": <Voucher pk or global id>, "valid_days": 14}) names a Saleor
voucher set up in the Dashboard (discount, channels, products) with "single use" on: Saleor then
deactivates each of its codes after one order. For every delivery we add one code to it and
keep it in IssuedVoucher, in the delivery's transaction: a retried send shows the same code, a
rolled-back chunk leaves no code behind. Saleor has no expiry per code (only the voucher's end
date), so the tick deactivates codes whose own expiry has passed (`vouchers_expire`).
"""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Subquery
from graphql_relay import from_global_id
from saleor.core.utils.promo_code import generate_promo_code
from saleor.discount.models import Voucher, VoucherCode

from ..models import Delivery, IssuedVoucher
from .config import channel_config

logger = logging.getLogger(__name__)

# Codes expired longer ago than this are assumed deactivated by an earlier tick.
EXPIRY_SWEEP_WINDOW = timedelta(days=7)
PREVIEW_CODE = "XXXX-XXXX-XXXX"


def _voucher(voucher_id) -> Voucher | None:
    text = str(voucher_id or "")
    if not text.isdigit():
        try:
            kind, text = from_global_id(text)
        except Exception:
            return None
        if kind != "Voucher" or not text.isdigit():
            return None
    return Voucher.objects.filter(pk=int(text)).first()


def _zone(channel_slug: str) -> ZoneInfo:
    try:
        return ZoneInfo(channel_config(channel_slug)["timezone"] or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _expiry(voucher: Voucher, valid_days: int, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The end of the `valid_days`-th day in the shop's time zone, or the voucher's end if
    earlier: "valid until 2026-12-09" means all of that day."""
    expires = voucher.end_date
    if valid_days > 0:
        last_day = (now.astimezone(zone) + timedelta(days=valid_days)).date()
        end_of_day = datetime.combine(last_day, datetime.max.time(), tzinfo=zone)
        expires = min(expires, end_of_day) if expires else end_of_day
    return expires


def voucher_issue(*, delivery: Delivery, now: datetime) -> IssuedVoucher | None:
    """The delivery's code, issued on first use; None when the step has no usable voucher."""
    issued = IssuedVoucher.objects.filter(delivery=delivery).first()
    if issued is not None:
        return issued
    spec = delivery.step.voucher or {}
    voucher = _voucher(spec.get("voucher_id"))
    problem = None
    if voucher is None:
        problem = "no such voucher"
    elif not voucher.single_use:
        problem = "the voucher is not single use: turn on single use in the Dashboard"
    elif voucher.end_date and voucher.end_date <= now:
        problem = "the voucher has ended"
    if problem:
        logger.error(
            "stepmail: no voucher code for delivery %s (enrollment %s, voucher %r): %s",
            delivery.pk,
            delivery.enrollment_id,
            spec.get("voucher_id"),
            problem,
        )
        return None
    zone = _zone(delivery.enrollment.channel_slug)
    code = VoucherCode.objects.create(voucher=voucher, code=generate_promo_code(), is_active=True)
    return IssuedVoucher.objects.create(
        delivery=delivery,
        code=code.code,
        shop_voucher_id=str(voucher.pk),
        expires_at=_expiry(voucher, int(spec.get("valid_days") or 0), zone, now),
    )


def voucher_for_mail(*, delivery: Delivery, now: datetime) -> dict | None:
    """{code, expires_at} for the template; a preview (an unsaved delivery) issues nothing."""
    if not (delivery.step.voucher or {}).get("voucher_id"):
        return None
    zone = _zone(delivery.enrollment.channel_slug)
    if delivery.pk is None:
        return {"code": PREVIEW_CODE, "expires_at": now.astimezone(zone).date().isoformat()}
    issued = voucher_issue(delivery=delivery, now=now)
    if issued is None:
        return None
    expires = issued.expires_at.astimezone(zone).date().isoformat() if issued.expires_at else ""
    return {"code": issued.code, "expires_at": expires}


def vouchers_expire(*, now: datetime) -> int:
    """Deactivate the codes we issued whose expiry has passed; returns how many."""
    expired = IssuedVoucher.objects.filter(
        expires_at__lte=now, expires_at__gt=now - EXPIRY_SWEEP_WINDOW
    ).values("code")
    return VoucherCode.objects.filter(code__in=Subquery(expired), is_active=True).update(
        is_active=False
    )
