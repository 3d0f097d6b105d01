"""A step's voucher: one new code of the shop's voucher per mail, usable once, expiring."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from graphql_relay import to_global_id
from saleor.core.utils.promo_code import InvalidPromoCode
from saleor.discount.models import VoucherCode
from saleor.discount.utils.voucher import get_voucher_code_instance, increase_voucher_usage
from saleor.plugins.manager import get_plugins_manager

from saleor_stepmail.adapter.integration import SaleorIntegration
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.inbox import inbound_apply_pending
from saleor_stepmail.models import Delivery, IssuedVoucher
from saleor_stepmail.presets import scenario_create_from_preset

OFFER_DAY = 21


@pytest.fixture
def offer(stepmail_plugin, voucher, order_with_lines) -> Delivery:
    """The second-purchase offer mail, due, with a 14-day code of `voucher`; the others gone."""
    voucher.single_use = True
    voucher.save(update_fields=["single_use"])
    scenario = scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    step = scenario.steps.get(name="offer")
    step.voucher = {"voucher_id": to_global_id("Voucher", voucher.pk), "valid_days": 14}
    step.save(update_fields=["voucher"])
    get_plugins_manager(allow_replica=False).order_fully_paid(order_with_lines)
    inbound_apply_pending(now=timezone.now())
    Delivery.objects.exclude(step=step).update(state="cancelled")
    return Delivery.objects.get(step=step)


def _send(outbox) -> str:
    dispatch_due(now=timezone.now() + timedelta(days=OFFER_DAY, minutes=1))
    (message,) = outbox
    return message.body


def test_the_offer_mail_shows_a_new_code_of_the_voucher_and_its_last_day(offer, voucher, outbox):
    body = _send(outbox)

    issued = IssuedVoucher.objects.get(delivery=offer)
    code = VoucherCode.objects.get(code=issued.code)
    assert code.voucher == voucher and code.is_active and code.used == 0
    tokyo = ZoneInfo("Asia/Tokyo")  # the channel's configured time zone (the default)
    last_day = (timezone.now().astimezone(tokyo) + timedelta(days=14)).date()
    assert f"Your code: {issued.code} (valid until {last_day.isoformat()})" in body
    assert issued.expires_at.astimezone(tokyo).date() == last_day
    assert issued.expires_at.astimezone(tokyo).hour == 23


def test_the_code_works_once_in_its_channel(offer, voucher, channel_USD, outbox):
    _send(outbox)
    issued = IssuedVoucher.objects.get(delivery=offer)

    code = get_voucher_code_instance(issued.code, channel_USD.slug)
    increase_voucher_usage(voucher, code, "someone@example.com")  # what an order does

    with pytest.raises(InvalidPromoCode):
        get_voucher_code_instance(issued.code, channel_USD.slug)


def test_the_tick_switches_the_code_off_once_it_expired(offer, channel_USD, outbox):
    _send(outbox)
    issued = IssuedVoucher.objects.get(delivery=offer)
    integration = SaleorIntegration()

    assert integration.vouchers_expire(now=issued.expires_at - timedelta(seconds=1)) == 0
    assert integration.vouchers_expire(now=issued.expires_at + timedelta(seconds=1)) == 1

    with pytest.raises(InvalidPromoCode):
        get_voucher_code_instance(issued.code, channel_USD.slug)


def test_a_retried_send_shows_the_same_code(offer):
    integration = SaleorIntegration()

    first = integration.voucher_for(offer)
    again = integration.voucher_for(offer)

    assert first == again
    assert VoucherCode.objects.filter(code=first["code"]).count() == 1
    assert IssuedVoucher.objects.count() == 1


def test_a_preview_issues_no_code(offer):
    preview = Delivery(enrollment=offer.enrollment, step=offer.step)

    shown = SaleorIntegration().voucher_for(preview)

    assert shown["code"] == "XXXX-XXXX-XXXX"
    assert not IssuedVoucher.objects.exists()


def test_a_voucher_that_is_not_single_use_issues_nothing_and_says_why(
    offer, voucher, outbox, caplog
):
    voucher.single_use = False
    voucher.save(update_fields=["single_use"])

    body = _send(outbox)

    assert "Your code" not in body
    assert not IssuedVoucher.objects.exists()
    assert "not single use" in caplog.text
    assert f"delivery {offer.pk}" in caplog.text
