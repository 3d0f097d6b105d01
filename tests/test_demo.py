import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.engine.simulate import (
    NOT_REACHED,
    SENT,
    SKIPPED,
    SimulationResult,
    scenario_simulate,
)
from saleor_stepmail.models import Delivery, IssuedVoucher, Scenario, Step
from saleor_stepmail.presets import scenario_create_from_preset
from saleor_stepmail.vocabulary import DeliveryState
from standalone.demo_shop import OFFER_VOUCHER, ORDERS, START

DEMO_ROOT = "http://localhost:8000/plugins/stepmail"
TRACKED = re.compile(rf'<a href="{re.escape(DEMO_ROOT)}/t/c/[^"]+"')


def run_demo(days: int, out: Path) -> subprocess.CompletedProcess:
    """`make demo` for `days`, on the test database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        # The demo's own root, whatever the environment running the tests sets.
        "STEPMAIL_PUBLIC_URL": DEMO_ROOT,
    }
    return subprocess.run(
        [sys.executable, "-m", "standalone.demo", "--days", str(days), "--out", str(out)],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_runs_ten_days_through_a_worker_and_writes_each_mail(tmp_path):
    run = run_demo(10, tmp_path)

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


@contextmanager
def integration(path: str) -> Iterator[None]:
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"integration": path}):
        yield
    integration_module.current_integration.cache_clear()


@pytest.fixture
def demo_shop():
    with integration("standalone.demo_shop.DemoShop"):
        yield


@pytest.mark.django_db
def test_the_demos_offer_mail_shows_a_voucher_code_of_the_demo_shop(demo_shop):
    scenario = scenario_create_from_preset(preset="second-purchase", activate=True)
    Step.objects.filter(scenario=scenario, name="offer").update(voucher=OFFER_VOUCHER)
    # 健's first order, as the demo's hook records it and the worker applies it.
    inbound_record(
        type="order_created", occurred_at=START, order_id="1002", email=ORDERS["1002"].email
    )
    inbound_apply_pending(now=START)
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


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simulating_the_demos_month_predicts_each_mail_of_its_timeline(tmp_path):
    run = run_demo(31, tmp_path)
    assert run.returncode == 0, run.stderr

    # As the demo simulates it, and as the operator page does on the demo's data (`make page`).
    for path in ("standalone.demo_shop.DemoShop", "standalone.signin.DemoSignInIntegration"):
        with integration(path):
            for scenario in Scenario.objects.order_by("pk"):
                result = scenario_simulate(
                    scenario=scenario, since=START, until=START + timedelta(days=31)
                )
                predicted, predicted_at = simulated_outcomes(result)
                outcomes, sent_at = timeline_outcomes(scenario)

                assert outcomes and predicted == outcomes, (path, scenario.slug)
                # The demo ticks on the hour: a mail goes at the first tick from its predicted time.
                assert predicted_at.keys() == sent_at.keys()
                for key, at in predicted_at.items():
                    assert timedelta(0) <= sent_at[key] - at < timedelta(hours=1), (path, key)


Outcomes = dict[tuple[str, int], tuple[str, str]]  # (customer, step): (outcome, why)
Times = dict[tuple[str, int], datetime]  # (customer, step): when it is sent


def simulated_outcomes(result: SimulationResult) -> tuple[Outcomes, Times]:
    """What the simulator says of each step: sent, skipped and why, or not reached because the
    enrolment ended first, and by which goal."""
    outcomes, times = {}, {}
    for enrollment in result.enrollments:
        for step in enrollment.steps:
            key = (enrollment.email, step.position)
            why = enrollment.left_reason if step.outcome == NOT_REACHED else step.reason
            outcomes[key] = (step.outcome, why)
            if step.outcome == SENT:
                times[key] = step.at
    return outcomes, times


# A delivery's state as the simulator names its outcome; cancelled: its enrolment ended first.
_OUTCOMES = {
    DeliveryState.SENT: SENT,
    DeliveryState.SKIPPED: SKIPPED,
    DeliveryState.CANCELLED: NOT_REACHED,
}


def timeline_outcomes(scenario: Scenario) -> tuple[Outcomes, Times]:
    """The same, from what the demo's run recorded of each delivery."""
    outcomes, times = {}, {}
    deliveries = Delivery.objects.filter(enrollment__scenario=scenario).select_related(
        "enrollment", "step"
    )
    for delivery in deliveries:
        key = (delivery.enrollment.email, delivery.step.position)
        cancelled = delivery.state == DeliveryState.CANCELLED
        why = delivery.enrollment.exit_reason if cancelled else delivery.reason
        outcomes[key] = (_OUTCOMES.get(delivery.state, delivery.state), why)
        if delivery.state == DeliveryState.SENT:
            times[key] = delivery.sent_at
    return outcomes, times
