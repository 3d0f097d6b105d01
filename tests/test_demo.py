import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import IssuedVoucher, Step
from saleor_stepmail.presets import scenario_create_from_preset
from standalone.demo_shop import OFFER_VOUCHER, START, STORY

DEMO_ROOT = "http://localhost:8000/plugins/stepmail"
TRACKED = re.compile(rf'<a href="{re.escape(DEMO_ROOT)}/t/c/[^"]+"')


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_runs_ten_days_through_a_worker_and_writes_each_mail(tmp_path):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        # The demo's own root, whatever the environment running the tests sets.
        "STEPMAIL_PUBLIC_URL": DEMO_ROOT,
    }

    run = subprocess.run(
        [sys.executable, "-m", "standalone.demo", "--days", "10", "--out", str(tmp_path)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert "misaki@example.com" in run.stdout and "converted  paid" in run.stdout
    assert "converted  purchased_again" in run.stdout
    mails = sorted(tmp_path.glob("*.eml"))
    assert len(mails) == 8  # 花子 3 before buying again, 健 3 so far, 美咲 2 before paying
    first = mails[0].read_bytes()
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in first
    # As the customer gets them: dated by the simulated clock, the products' links tracked.
    messages = [message_from_bytes(m.read_bytes(), policy=policy.default) for m in mails]
    assert messages[0]["Date"] == "Mon, 02 Nov 2026 10:00:00 +0900"
    assert all(TRACKED.search(m.get_body(("html",)).get_content()) for m in messages)


@pytest.fixture
def demo_shop():
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"integration": "standalone.demo_shop.DemoShop"}):
        yield
    integration_module.current_integration.cache_clear()


@pytest.mark.django_db
def test_the_demos_offer_mail_shows_a_voucher_code_of_the_demo_shop(demo_shop):
    scenario = scenario_create_from_preset(preset="second-purchase", activate=True)
    Step.objects.filter(scenario=scenario, name="offer").update(voucher=OFFER_VOUCHER)
    first_order = next(event for _, _, event in STORY if event.email == "ken@example.com")
    record_event(first_order)
    mail.outbox = []

    dispatch_due(now=START + timedelta(days=30))

    offer = next(m for m in mail.outbox if "特典" in m.subject)
    issued = IssuedVoucher.objects.get()
    last_day = (START + timedelta(days=21 + 14)).date().isoformat()
    assert f"クーポンコード：{issued.code}（有効期限 {last_day}）" in offer.body
    assert issued.code.startswith("SECOND-")
    assert issued.expires_at == datetime.combine(
        START.date() + timedelta(days=35), datetime.max.time(), tzinfo=ZoneInfo("Asia/Tokyo")
    )
    assert sum("クーポンコード" in m.body for m in mail.outbox) == 1
