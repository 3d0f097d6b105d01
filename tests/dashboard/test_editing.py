"""Editing on the page as an operator notices it: unsaved edits are not lost to a click away or
a reload, "Saved." goes with the next edit, a channel's settings are a form from its schema
with each mistake at its field, goals are ticked one by one, Pause and Delete stand apart, a
day that is not one in the URL keeps the results page, and times say their zone."""

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from saleor_stepmail.models import Scenario, Step  # noqa: E402

from .browser import fill, screenshot  # noqa: E402
from .conftest import PAGE  # noqa: E402
from .test_browser import find, sign_in, text_appears, wait  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def open_step(browser, live_server, scenario: Scenario, step: Step) -> None:
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', scenario.pk)}"
        f"/steps/{to_global_id('StepmailStep', step.pk)}"
    )
    find(browser, "#preview-subject")


def leaving_would_ask(browser) -> bool:
    """Whether the page asks before a reload or closing the tab (its beforeunload)."""
    return browser.execute_script(
        "const e = new Event('beforeunload', {cancelable: true});"
        "window.dispatchEvent(e); return e.defaultPrevented;"
    )


def test_unsaved_step_edits_ask_before_leaving_and_saved_goes_with_the_next_edit(
    browser, live_server, fake_saleor_site, seeded
):
    step = seeded.second
    open_step(browser, live_server, seeded.scenario, step)
    assert not leaving_would_ask(browser)

    fill(find(browser, "#step-name"), "Tea follow-up")
    find(browser, ".unsaved")
    assert leaving_would_ask(browser)
    browser.find_element(By.CSS_SELECTOR, "a.back").click()
    wait(browser).until(lambda driver: driver.switch_to.alert).dismiss()
    assert browser.find_element(By.ID, "step-name").get_attribute("value") == "Tea follow-up"

    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    text_appears(browser, ".editor .status-message", "Saved.")
    assert not leaving_would_ask(browser)
    assert Step.objects.get(pk=step.pk).name == "Tea follow-up"

    find(browser, "#step-name").send_keys("!")
    wait(browser).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, ".editor .status-message").text == ""
    )
    assert leaving_would_ask(browser)


def test_channel_settings_are_a_form_from_the_channels_schema_with_errors_at_the_field(
    browser, live_server, fake_saleor_site, seeded
):
    step = seeded.second
    open_step(browser, live_server, seeded.scenario, step)

    Select(browser.find_element(By.ID, "step-channel")).select_by_value("WEBHOOK")
    url = find(browser, "#step-cfg-url")
    assert "Receiver URL" in browser.find_element(By.CSS_SELECTOR, "label[for=step-cfg-url]").text
    assert browser.find_element(By.ID, "step-cfg-secret").get_attribute("type") == "password"
    url.send_keys("ftp://crm.example/hook")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()

    text_appears(browser, "#step-cfg-url-error", "A web address starting with http(s)://")
    text_appears(browser, "#step-cfg-secret-error", "Required")
    text_appears(browser, ".editor .status-message", "Not saved")
    assert Step.objects.get(pk=step.pk).channel == "email"
    screenshot(browser, "17-channel-settings-error")

    fill(url, "https://crm.example/hook")
    find(browser, "#step-cfg-secret").send_keys("a-signing-secret-of-32-characters")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    text_appears(browser, ".editor .status-message", "Saved.")
    saved = Step.objects.get(pk=step.pk)
    assert saved.channel == "webhook"
    assert saved.channel_config["url"] == "https://crm.example/hook"
    assert saved.channel_config["secret"] == "a-signing-secret-of-32-characters"


def test_goals_are_ticked_one_by_one_and_pause_stands_apart_from_delete(
    browser, live_server, fake_saleor_site, seeded
):
    scenario = seeded.scenario
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', scenario.pk)}"
        "/settings"
    )
    goals = find(browser, "fieldset[data-name=goals]")
    for goal in ("PAID", "ORDER_CANCELLED"):
        goals.find_element(By.CSS_SELECTOR, f"[value={goal}]").click()
    browser.find_element(By.CSS_SELECTOR, ".scenario-settings button[type=submit]").click()
    text_appears(browser, ".scenario-settings .status-message", "Saved.")
    assert {"paid", "order_cancelled"} <= set(Scenario.objects.get(pk=scenario.pk).goals)

    pause = browser.find_element(By.CSS_SELECTOR, "button[data-action=pause]")
    delete = browser.find_element(By.CSS_SELECTOR, "button[data-action=delete]")
    gap = delete.rect["x"] - (pause.rect["x"] + pause.rect["width"])
    assert gap >= 24 or delete.rect["y"] >= pause.rect["y"] + pause.rect["height"] + 8
    screenshot(browser, "18-scenario-settings")


def test_a_day_that_is_not_one_in_the_url_keeps_the_results_page_and_times_say_their_zone(
    browser, live_server, fake_saleor_site, seeded
):
    scenario_id = to_global_id("StepmailScenario", seeded.scenario.pk)
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")

    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{scenario_id}?start=20261-01-01&end=2026-13-45"
    )

    find(browser, "[data-step='0'] svg.funnel")
    assert "20261" not in browser.current_url  # the bad day left the URL
    start = browser.find_element(By.ID, "range-start").get_attribute("value")
    assert len(start) == 10 and start.startswith("20")
    assert f"times in {seeded.scenario.timezone}" in find(browser, ".zone-label").text

    browser.find_element(By.CSS_SELECTOR, "nav a[href='#/enrollments']").click()
    find(browser, "#search-email").send_keys("hana@example.com")
    browser.find_element(By.CSS_SELECTOR, "form.search button").click()
    when = find(browser, ".enrollment .path time").text
    assert "UTC" in when or "GMT" in when
