"""What the schema gained, on the page: a win-back's days with the API's mistakes at their
fields, the warning when a second scenario starts on a trigger, and the repeat-rate screen
showing the API's figures in Japanese and English, at desktop and phone width."""

import re

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from django.utils import timezone  # noqa: E402
from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from saleor_stepmail.models import Scenario  # noqa: E402
from tests.factories import make_scenario  # noqa: E402

from .browser import DESKTOP, PHONE, fill, screenshot  # noqa: E402
from .conftest import PAGE  # noqa: E402
from .seed import seed_repeat_orders  # noqa: E402
from .test_browser import find, sign_in, text_appears, wait  # noqa: E402
from .test_languages import API_NAMES, VISIBLE_WORDS  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def open_settings(browser, live_server, scenario: Scenario) -> None:
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', scenario.pk)}"
        "/settings"
    )
    find(browser, ".scenario-settings")


def save_settings(browser) -> None:
    browser.find_element(By.CSS_SELECTOR, ".scenario-settings button[type=submit]").click()


def test_a_win_back_needs_its_days_and_without_saleor_refuses_days_per_category_at_the_field(
    browser, live_server, fake_saleor_site, seeded
):
    scenario = Scenario.objects.get(slug="unpaid-reminders")
    open_settings(browser, live_server, scenario)
    assert not browser.find_elements(By.ID, "f-dormantDays")

    Select(browser.find_element(By.ID, "f-trigger")).select_by_value("CUSTOMER_DORMANT")
    save_settings(browser)
    text_appears(browser, "#f-dormantDays-error", "needs the days without a paid order")
    text_appears(browser, ".scenario-settings .status-message", "Not saved")

    find(browser, "#f-dormantDays").send_keys("90")
    browser.find_element(By.ID, "add-category").click()
    find(browser, "#f-category-0-category").send_keys("apparel")
    browser.find_element(By.ID, "f-category-0-days").send_keys("180")
    save_settings(browser)
    text_appears(browser, "#f-dormantDaysByCategory-error", "do not say their categories")
    assert browser.find_element(By.ID, "f-dormantDays-error").text == ""
    screenshot(browser, "21-win-back-settings-error")
    assert Scenario.objects.get(pk=scenario.pk).trigger == "unpaid_order"

    browser.find_element(By.CSS_SELECTOR, ".remove-category").click()
    fill(browser.find_element(By.ID, "f-dormantDays"), "120")
    save_settings(browser)
    text_appears(browser, ".scenario-settings .status-message", "Saved.")
    saved = Scenario.objects.get(pk=scenario.pk)
    assert (saved.trigger, saved.dormant_days, saved.dormant_days_by_category) == (
        "customer_dormant",
        120,
        {},
    )


def test_activating_a_second_scenario_on_a_trigger_warns_naming_the_first(
    browser, live_server, fake_saleor_site, seeded
):
    assert seeded.scenario.status == "active" and seeded.scenario.trigger == "first_order"
    english = make_scenario(slug="thanks-in-english", status="paused", delays=(0,))
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=thanks-in-english]")
    assert not browser.find_elements(By.CSS_SELECTOR, ".same-trigger")

    browser.find_element(By.CSS_SELECTOR, "tr[data-scenario=thanks-in-english] button").click()
    warning = find(browser, "tr[data-scenario=thanks-in-english] .same-trigger")
    assert warning.find_element(By.CSS_SELECTOR, "[data-slug=second-purchase]").text == (
        "Second purchase"
    )
    assert "One scenario per trigger" in warning.text
    assert Scenario.objects.get(pk=english.pk).status == "active"
    screenshot(browser, "22-same-trigger-warning")

    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{to_global_id('StepmailScenario', english.pk)}"
        "/settings"
    )
    text_appears(browser, ".same-trigger", "Second purchase")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/"
        f"{to_global_id('StepmailScenario', Scenario.objects.get(slug='unpaid-reminders').pk)}"
        "/settings"
    )
    find(browser, ".scenario-settings")
    assert not browser.find_elements(By.CSS_SELECTOR, ".same-trigger")


def cell(browser, table: str, key: str, days: int):
    return browser.find_element(
        By.CSS_SELECTOR, f".{table} tr[data-key='{key}'] td[data-days='{days}']"
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_repeat_rate_screen_shows_the_apis_figures_in_both_languages(
    request, live_server, fake_saleor_site, seeded, language, size
):
    now = timezone.now()
    seed_repeat_orders(now=now)
    month = (now - timezone.timedelta(days=200)).strftime("%Y-%m")
    young = (now - timezone.timedelta(days=20)).strftime("%Y-%m")
    driver = request.getfixturevalue("browser_ja" if language == "ja" else "browser")
    driver.set_window_size(*size)
    sign_in(driver, live_server)
    find(driver, "tr[data-scenario=second-purchase]")
    driver.find_element(By.CSS_SELECTOR, "nav a[href='#/repeat']").click()

    find(driver, f".cohort-heatmap tr[data-key='{month}']")
    # Twelve first buyers that month: four back within 60 days, five within 180.
    rate = float(cell(driver, "cohort-heatmap", month, 60).get_attribute("data-rate"))
    assert rate == pytest.approx(4 / 12)
    assert cell(driver, "cohort-heatmap", month, 180).text == "41.7%"
    assert "rgba" in cell(driver, "cohort-heatmap", month, 60).get_attribute("style")
    too_young = cell(driver, "cohort-heatmap", young, 30)
    assert too_young.text == "" and "empty" in too_young.get_attribute("class")

    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".by-table tr[data-key]"))
    assert cell(driver, "by-table", "instagram", 60).text == "60%"
    assert cell(driver, "by-table", "newsletter", 60).text == "20%"
    Select(driver.find_element(By.ID, "repeat-by")).select_by_value("CHANNEL")
    find(driver, ".by-table tr[data-key=web]")

    assert "40" in find(driver, ".second-order .median").text  # the median, in days
    buckets = {
        row.get_attribute("data-up-to"): row.find_element(By.TAG_NAME, "td").get_attribute(
            "data-customers"
        )
        for row in driver.find_elements(By.CSS_SELECTOR, ".buckets tr[data-up-to]")
    }
    assert (buckets["60"], buckets["180"], buckets["30"]) == ("4", "1", "0")
    revenue = driver.find_elements(By.CSS_SELECTOR, ".revenue-table tr[data-currency]")
    assert [r.get_attribute("data-currency") for r in revenue] == ["JPY", "USD"]
    lift = driver.find_element(By.CSS_SELECTOR, ".effects-table tr[data-scenario=thank-you] .lift")
    assert float(lift.get_attribute("data-lift")) == pytest.approx(25)
    assert re.search(r"\+25 pt", lift.text)

    if language == "ja":
        assert re.findall(API_NAMES, driver.execute_script(VISIBLE_WORDS)) == []
    if size == PHONE:
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 400
    else:
        driver.find_element(By.CSS_SELECTOR, "button[data-export=PROGRAM_EFFECT]").click()
        find(driver, "button[data-export=PROGRAM_EFFECT][data-downloaded=true]")
        wait(driver).until(lambda d: list(d.downloads.glob("repeat-rate-program-effect-*.csv")))
        (csv,) = driver.downloads.glob("repeat-rate-program-effect-*.csv")
        assert "thank-you" in csv.read_text(encoding="utf-8-sig")
    screenshot(driver, f"23-repeat-rate-{language}-{size[0]}", size)


def test_the_repeat_rate_screen_says_when_there_is_no_data(
    browser, live_server, fake_saleor_site, seeded
):
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    browser.get(f"{live_server.url}{PAGE}#/repeat")
    text_appears(browser, ".cohorts", "No first buyers in this range.")
    text_appears(browser, ".repeat-by", "No first buyers in this range.")
    text_appears(browser, ".second-order", "No first buyer")
    text_appears(browser, ".program-effects", "No program")
