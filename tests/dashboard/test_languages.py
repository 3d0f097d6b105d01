"""Every screen of the page in Japanese and in English, at desktop and phone width: it shows,
it logs no error, and the Japanese page shows no name of the API (an enum value such as
LINE_FRIEND_ADDED, a reason such as purchased_again, a field such as isActive). At phone
width a table's cells keep their column's label."""

import re

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from tests.factories import make_scenario  # noqa: E402

from .browser import DESKTOP, PHONE, screenshot  # noqa: E402
from .conftest import PAGE  # noqa: E402
from .test_browser import find, sign_in  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The words of the page shown as text, leaving out what the operator wrote or the shop holds
# (templates, previews, links, addresses) and the facts' reference (it names each fact's key).
VISIBLE_WORDS = """
const skip = "textarea, input, code, pre, iframe, .preview, .link-table, .facts, .sim-timeline";
const walker = document.createTreeWalker(document.getElementById("main"), NodeFilter.SHOW_TEXT);
const words = [];
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.parentElement.closest(skip)) words.push(node.textContent);
}
for (const option of document.querySelectorAll("#main option")) words.push(option.textContent);
return words.join(" ");
"""
API_NAMES = r"\b[A-Z]{2,}(?:_[A-Z]+)+\b|\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+[A-Z][a-z]+\w*\b"


def screens(seeded) -> list[tuple[str, str]]:
    scenario = to_global_id("StepmailScenario", seeded.scenario.pk)
    step = to_global_id("StepmailStep", seeded.second.pk)
    return [
        ("scenarios", "#/"),
        ("new", "#/new"),
        ("results", f"#/scenarios/{scenario}"),
        ("settings", f"#/scenarios/{scenario}/settings"),
        ("steps", f"#/scenarios/{scenario}/steps"),
        ("step", f"#/scenarios/{scenario}/steps/{step}"),
        ("simulator", f"#/scenarios/{scenario}/simulate?run=1"),
        ("backfill", f"#/scenarios/{scenario}/backfill"),
        ("calls", "#/calls"),
        ("enrolments", "#/enrollments?email=hana%40example.com"),
    ]


READY = {
    "scenarios": "tr[data-scenario]",
    "new": "form[data-preset]",
    "results": ".send-time",
    "settings": ".scenario-settings",
    "steps": ".step-row",
    "step": "#preview-subject",
    "simulator": ".sim-summary",
    "backfill": "#backfill-since",
    "calls": ".direct-mail",
    "enrolments": ".enrollment",
}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_screen_in_both_languages_at_desktop_and_phone_width(
    request, live_server, fake_saleor_site, seeded, language, size
):
    make_scenario(slug="line-welcome", trigger="line_friend_added", status="paused", delays=(0,))
    driver = request.getfixturevalue("browser_ja" if language == "ja" else "browser")
    driver.set_window_size(*size)
    sign_in(driver, live_server)
    find(driver, "tr[data-scenario=second-purchase]")
    for name, hash_ in screens(seeded):
        driver.get(f"{live_server.url}{PAGE}{hash_}")
        find(driver, READY[name])
        assert not driver.find_elements(By.CSS_SELECTOR, ".load-failed"), name
        if language == "ja":
            words = driver.execute_script(VISIBLE_WORDS)
            assert re.findall(API_NAMES, words) == [], name
        if size == PHONE:
            assert driver.execute_script("return document.documentElement.scrollWidth") <= 400
        screenshot(driver, f"20-{name}-{language}-{size[0]}", size)


def test_at_phone_width_a_tables_cells_keep_their_column_labels(
    browser, live_server, fake_saleor_site, seeded
):
    browser.set_window_size(*PHONE)
    sign_in(browser, live_server)
    find(browser, "tr[data-scenario=second-purchase]")
    scenario = to_global_id("StepmailScenario", seeded.scenario.pk)
    browser.get(f"{live_server.url}{PAGE}#/scenarios/{scenario}")

    cell = find(browser, ".rates-table td[data-figure=sent]")
    label = browser.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", cell
    )
    assert label == '"Sent"'
    frequency = browser.find_elements(By.CSS_SELECTOR, ".frequency-table td[data-figure]")
    assert all(td.get_attribute("data-label") for td in frequency)
    screenshot(browser, "19-rates-phone", PHONE)
