"""The operator page in headless Chromium against a live server on Postgres: sign in, read a
scenario's results as the API counts them, edit a step through an error, find a customer.
Screenshots of each screen go to artifacts/dashboard/."""

import json

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from django.test import Client  # noqa: E402
from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as visible  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from saleor_stepmail.models import Scenario, Step  # noqa: E402

from .browser import PHONE, fill, screenshot
from .conftest import PAGE
from .fake_saleor import OPERATOR_EMAIL, OPERATOR_PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RESULTS = """
query($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailStepStats(scenario: $id, start: $start, end: $end) {
    figures { sent delivered opened clicked converted revenue { currency amount } }
  }
}
"""
ANALYSIS = """
query($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailSendTimeStats(scenario: $id, start: $start, end: $end) {
    weekday hour figures { sent clicked converted }
  }
  stepmailLinkStats(scenario: $id, start: $start, end: $end) {
    step { position } variant { name } url clicks customers conversions
  }
}
"""


def wait(driver, seconds: float = 10) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def find(driver, css: str):
    return wait(driver).until(visible.visibility_of_element_located((By.CSS_SELECTOR, css)))


def text_appears(driver, css: str, text: str):
    wait(driver).until(visible.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return driver.find_element(By.CSS_SELECTOR, css)


def sign_in(driver, live_server, *, password: str = OPERATOR_PASSWORD) -> None:
    driver.get(f"{live_server.url}{PAGE}")
    find(driver, "#signin-email").send_keys(OPERATOR_EMAIL)
    driver.find_element(By.ID, "signin-password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def api(query: str, variables: dict, token: str) -> dict:
    response = Client().post(
        "/plugins/stepmail/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.json()["data"]


def test_operator_signs_in_and_sees_scenarios_with_their_figures(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server, password="wrong")
    error = text_appears(browser, "#signin-error", "valid credentials")
    assert error.get_attribute("role") == "alert"
    screenshot(browser, "01-sign-in-error")

    fill(browser.find_element(By.ID, "signin-password"), OPERATOR_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

    row = find(browser, "tr[data-scenario=second-purchase]")
    active = text_appears(browser, "tr[data-scenario=second-purchase] .active-enrollments", "0")
    assert active.text == "0"  # every seeded enrolment has ended
    assert row.find_element(By.CSS_SELECTOR, ".status").text == "Active"
    assert find(browser, ".pause-note").text.startswith("Pausing stops new enrolments only")
    screenshot(browser, "02-scenarios")
    screenshot(browser, "02-scenarios-phone", PHONE, ready="td.conversions")

    paused = browser.find_element(By.CSS_SELECTOR, "tr[data-scenario=unpaid-reminders]")
    paused.find_element(By.TAG_NAME, "button").click()
    text_appears(browser, "tr[data-scenario=unpaid-reminders] .status", "Active")
    assert Scenario.objects.get(slug="unpaid-reminders").status == "active"
    assert fake_saleor_site.calls == ["tokenCreate", "tokenCreate"]


def test_scenario_page_shows_each_steps_funnel_as_the_api_counts_it(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase] a").click()

    results = find(browser, "section.results")
    find(browser, "[data-step='0'] svg.funnel")
    start, end = results.get_attribute("data-start"), results.get_attribute("data-end")
    scenario_id = to_global_id("StepmailScenario", seeded.scenario.pk)
    token = fake_saleor_site.used_tokens[-1]
    expected = api(RESULTS, {"id": scenario_id, "start": start, "end": end}, token)
    for position, row in enumerate(expected["stepmailStepStats"]):
        card = browser.find_element(By.CSS_SELECTOR, f"[data-step='{position}']")
        for event in ("sent", "delivered", "opened", "clicked", "converted"):
            bar = card.find_element(By.CSS_SELECTOR, f"g[data-event={event}]")
            assert int(bar.get_attribute("data-value")) == row["figures"][event], (position, event)
        revenue = card.find_element(By.CSS_SELECTOR, "[data-revenue]").get_attribute("data-revenue")
        money = row["figures"]["revenue"]
        assert revenue == " ".join(f"{m['amount']} {m['currency']}" for m in money)
    assert expected["stepmailStepStats"][0]["figures"]["sent"] == 401  # two A/B cohorts and hana

    comparison = browser.find_element(By.CSS_SELECTOR, "[data-step='0'] .comparisons li")
    assert "B vs A" in comparison.text and "significant" in comparison.text
    winner = browser.find_element(By.CSS_SELECTOR, "[data-step='0'] .variant.winner")
    assert winner.get_attribute("data-variant") == "B"
    lift = browser.find_element(By.CSS_SELECTOR, ".holdout .lift").text
    assert "95% CI" in lift
    assert browser.find_elements(By.CSS_SELECTOR, ".holdout svg.interval")
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map((r) => r.name)"
    )
    assert resources and all(name.startswith(live_server.url) for name in resources)
    screenshot(browser, "03-scenario")
    screenshot(browser, "03-scenario-phone", PHONE, ready=".holdout")


def _link_rows(browser) -> list[tuple]:
    return [
        (
            row.get_attribute("data-step"),
            row.get_attribute("data-variant"),
            row.get_attribute("data-url"),
            row.find_element(By.CSS_SELECTOR, "[data-column=clicks]").text,
            row.find_element(By.CSS_SELECTOR, "[data-column=customers]").text,
            row.find_element(By.CSS_SELECTOR, "[data-column=conversions]").text,
        )
        for row in browser.find_elements(By.CSS_SELECTOR, "table.link-table tbody tr")
    ]


def test_analysis_heatmap_and_link_table_show_what_the_api_counts(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase] a").click()
    results = find(browser, "section.results")
    find(browser, "table.heatmap")
    start, end = results.get_attribute("data-start"), results.get_attribute("data-end")
    scenario_id = to_global_id("StepmailScenario", seeded.scenario.pk)
    token = fake_saleor_site.used_tokens[-1]
    expected = api(ANALYSIS, {"id": scenario_id, "start": start, "end": end}, token)

    cells = expected["stepmailSendTimeStats"]
    assert sum(c["figures"]["sent"] for c in cells) == 552  # 400 A/B, 150 of step 2, hana's 2
    shown = browser.find_elements(By.CSS_SELECTOR, "table.heatmap td[data-sent]")
    assert len(shown) == len(cells) and len(browser.find_elements(
        By.CSS_SELECTOR, "table.heatmap tbody td")) == 7 * 24  # fmt: skip
    for cell in cells:
        td = browser.find_element(
            By.CSS_SELECTOR,
            f"table.heatmap td[data-weekday='{cell['weekday']}'][data-hour='{cell['hour']}']",
        )
        for figure in ("sent", "clicked", "converted"):
            assert int(td.get_attribute(f"data-{figure}")) == cell["figures"][figure]

    links = [
        (str(r["step"]["position"]), r["variant"]["name"] if r["variant"] else "", r["url"],
         str(r["clicks"]), str(r["customers"]), str(r["conversions"]))
        for r in expected["stepmailLinkStats"]
    ]  # fmt: skip
    assert len(links) == 10  # three links in A, B and step 2; hana's click has no URL
    assert _link_rows(browser) == links  # most clicked first, as the API answers
    browser.find_element(By.CSS_SELECTOR, "button.sort[data-sort=url]").click()
    assert [row[2] for row in _link_rows(browser)] == sorted(row[2] for row in links)
    header = browser.find_element(By.CSS_SELECTOR, "th[data-column=url]")
    assert header.get_attribute("aria-sort") == "ascending"

    browser.find_element(By.CSS_SELECTOR, "button[data-export=LINKS]").click()
    find(browser, "button[data-export=LINKS][data-downloaded=true]")
    screenshot(browser, "03b-analysis")


def test_step_editor_shows_the_apis_error_next_to_the_field_then_saves(
    browser, live_server, fake_saleor_site, seeded
):
    step = seeded.second
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', seeded.scenario.pk)}"
        f"/steps/{to_global_id('StepmailStep', step.pk)}"
    )
    text_appears(browser, "#preview-subject", "Step 1 for Hana")

    subject = find(browser, "#step-subjectTemplate")
    fill(subject, "Hello {% if customer %}")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()

    error = text_appears(browser, "#step-subjectTemplate-error", "subject")
    assert subject.get_attribute("aria-invalid") == "true"
    assert "endif" in error.text or "if" in error.text
    text_appears(browser, ".status-message", "Not saved")
    step.refresh_from_db()
    assert step.subject_template.startswith("Step ")
    screenshot(browser, "04-step-editor-error")

    fill(subject, "How is your tea, {{ customer.first_name }}?")
    text_appears(browser, "#preview-subject", "How is your tea, Hana?")
    assert browser.find_element(By.ID, "step-subjectTemplate-error").text == ""
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    text_appears(browser, ".status-message", "Saved.")
    assert Step.objects.get(pk=step.pk).subject_template == (
        "How is your tea, {{ customer.first_name }}?"
    )
    screenshot(browser, "05-step-editor-saved")
    screenshot(browser, "05-step-editor-phone", PHONE, ready="#preview-subject")


def test_test_send_goes_to_the_address_given(
    browser, live_server, fake_saleor_site, seeded, outbox
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', seeded.scenario.pk)}"
        f"/steps/{to_global_id('StepmailStep', seeded.first.pk)}"
    )
    to = find(browser, "#test-to")
    assert to.get_attribute("value") == OPERATOR_EMAIL
    browser.find_element(By.CSS_SELECTOR, ".test-send button").click()

    text_appears(browser, "#test-to-error", f"Test mail sent to {OPERATOR_EMAIL}")
    assert [m.to for m in outbox] == [[OPERATOR_EMAIL]]
    assert outbox[0].subject.startswith("[TEST]")


def test_enrolment_search_shows_what_was_sent_opened_clicked_and_why_it_ended(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.find_element(By.CSS_SELECTOR, "nav a[href='#/enrollments']").click()
    find(browser, "#search-email").send_keys("hana@example.com")
    browser.find_element(By.CSS_SELECTOR, "form.search button").click()

    card = find(browser, ".enrollment")
    states = [
        li.get_attribute("data-state") for li in card.find_elements(By.CSS_SELECTOR, ".path > li")
    ]
    assert states == ["SENT", "SENT", "CANCELLED"]
    second = card.find_elements(By.CSS_SELECTOR, ".path > li")[1]
    events = [
        e.get_attribute("data-event") for e in second.find_elements(By.CSS_SELECTOR, ".events li")
    ]
    assert events == ["OPENED", "CLICKED", "CONVERTED"]
    assert card.get_attribute("data-reason") == "purchased_again"
    assert "bought again" in card.find_element(By.CSS_SELECTOR, ".ending").text
    screenshot(browser, "06-enrolments")
    screenshot(browser, "06-enrolments-phone", PHONE, ready=".enrollment")


def test_access_token_is_refreshed_before_it_expires(
    browser, live_server, fake_saleor_site, seeded
):
    fake_saleor_site.first_token_ttl = 30  # inside the page's one-minute margin: renew first

    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")

    assert fake_saleor_site.calls[:2] == ["tokenCreate", "tokenRefresh"]
    first_token = next(iter(fake_saleor_site.access_tokens))
    assert fake_saleor_site.used_tokens and first_token not in fake_saleor_site.used_tokens


def test_japanese_browser_gets_japanese_labels_and_can_switch_to_english(
    browser_ja, live_server, fake_saleor_site, seeded
):
    browser_ja.get(f"{live_server.url}{PAGE}")
    text_appears(browser_ja, "#signin-title", "ログイン")
    assert browser_ja.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"

    sign_in(browser_ja, live_server)
    text_appears(browser_ja, "main h1", "シナリオ")
    screenshot(browser_ja, "07-scenarios-ja-phone", PHONE)
    browser_ja.find_element(By.ID, "language").click()

    text_appears(browser_ja, "main h1", "Scenarios")
    assert browser_ja.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_condition_builder_offers_the_catalogue_and_shows_the_apis_refusal_by_the_field(
    browser, live_server, fake_saleor_site, seeded
):
    step = seeded.second
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', seeded.scenario.pk)}"
        f"/steps/{to_global_id('StepmailStep', step.pk)}"
    )
    text_appears(browser, "#preview-subject", "Step 1 for Hana")
    assert browser.find_element(By.CSS_SELECTOR, "tr[data-fact='customer.orders_count']")

    find(browser, ".add-condition").click()
    row = find(browser, ".condition")
    facts = Select(row.find_element(By.CSS_SELECTOR, ".condition-fact"))
    assert "customer.orders_count" in [o.get_attribute("value") for o in facts.options]
    facts.select_by_value("customer.orders_count")
    Select(row.find_element(By.CSS_SELECTOR, ".condition-op")).select_by_value("gte")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    error = text_appears(browser, "#step-conditions-error", "customer.orders_count")
    assert error.text

    value = row.find_element(By.CSS_SELECTOR, ".condition-value")
    value.send_keys("3")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    text_appears(browser, ".status-message", "Saved.")
    step.refresh_from_db()
    assert step.conditions == [{"fact": "customer.orders_count", "op": "gte", "value": 3}]


def test_a_line_step_is_previewed_as_a_line_chat_bubble(
    browser, live_server, fake_saleor_site, seeded
):
    step = seeded.scenario.steps.get(position=2)
    Step.objects.filter(pk=step.pk).update(
        channel="line",
        subject_template="Thanks, {{ customer.first_name }}",
        html_template="",
        text_template="Hello {{ customer.first_name }}!\nOur tea is waiting.",
        channel_config={"buttons": [{"label": "Shop", "url": "https://shop.example/"}]},
    )
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', seeded.scenario.pk)}"
        f"/steps/{to_global_id('StepmailStep', step.pk)}"
    )

    bubble = text_appears(browser, ".line-chat .line-text", "Hello Hana!")
    assert "Our tea is waiting." in bubble.text
    buttons = find(browser, ".line-chat .line-buttons")
    assert buttons.text.splitlines() == ["Thanks, Hana", "Shop"]
    assert browser.find_elements(By.ID, "step-htmlTemplate") == []
    assert browser.find_elements(By.CSS_SELECTOR, ".test-send") == []
    find(browser, ".line-no-test")
    screenshot(browser, "06-line-step-preview")
