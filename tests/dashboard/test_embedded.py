"""The operator page inside the Saleor Dashboard: a parent frame plays the Dashboard's side of
App Bridge, and the page works with the token of that handshake alone."""

import base64

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from saleor_stepmail.models import Enrollment  # noqa: E402

from .browser import PHONE, screenshot  # noqa: E402
from .test_browser import find, text_appears, wait  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def saleor_id(kind: str, pk: str) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def open_in_dashboard(browser, live_server, **params) -> None:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    browser.get(f"{live_server.url}/dashboard-host/?{query}")
    browser.switch_to.frame(find(browser, "iframe#app"))


def test_inside_the_dashboard_the_page_signs_in_with_the_handshake_token_alone(
    browser, live_server, fake_saleor_site, seeded
):
    open_in_dashboard(browser, live_server)

    find(browser, "tr[data-scenario=second-purchase]")
    assert not browser.find_elements(By.ID, "signin-email")
    assert not browser.find_elements(By.ID, "sign-out")
    assert fake_saleor_site.calls == []  # no tokenCreate: the Dashboard's token only
    (token,) = set(fake_saleor_site.used_tokens)
    assert fake_saleor_site.access_tokens[token].email == "ops@shop.test"
    screenshot(browser, "08-inside-dashboard")


def test_an_orders_more_actions_opens_that_customers_enrolments_and_can_end_one(
    browser, live_server, fake_saleor_site, seeded
):
    order = saleor_id("Order", "0c1e1a8e-8d4e-4b53-9c2b-5f8a3c9e2a11")
    fake_saleor_site.customers[order] = "ken@example.com"
    running = Enrollment.objects.create(
        scenario=seeded.scenario, email="ken@example.com", triggered_at=seeded.scenario.created_at
    )

    open_in_dashboard(browser, live_server, id=order)

    card = find(browser, ".enrollment[data-state=ACTIVE]")
    assert seeded.scenario.name in card.text
    card.find_element(By.CSS_SELECTOR, "button[data-action=exit]").click()
    wait(browser).until(lambda driver: driver.switch_to.alert).accept()
    text_appears(browser, ".enrollment[data-reason=manual] .ending", "ended by an operator")
    running.refresh_from_db()
    assert running.state == "exited"
    assert running.exit_reason == "manual"
    screenshot(browser, "09-customer-from-order")


def dashboard_actions(browser) -> list[dict]:
    """What the page asked of the Dashboard (App Bridge actions), as the parent frame saw it."""
    browser.switch_to.default_content()
    actions = browser.execute_script("return window.actions")
    browser.switch_to.frame(browser.find_element(By.ID, "app"))
    return actions


def test_inside_a_japanese_dark_dashboard_the_page_follows_its_locale_and_theme(
    browser, live_server, fake_saleor_site, seeded
):
    open_in_dashboard(browser, live_server, locale="ja", theme="dark")

    text_appears(browser, "main h1", "シナリオ")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    page = browser.find_element(By.CSS_SELECTOR, ".page")
    red, green, blue = (
        int(c) for c in page.value_of_css_property("background-color")[5:-1].split(",")[:3]
    )
    assert red + green + blue < 3 * 80  # dark, as the Dashboard is
    screenshot(browser, "08b-inside-dashboard-ja-dark")
    screenshot(browser, "08c-inside-dashboard-ja-phone", PHONE)


def test_inside_the_dashboard_a_save_notifies_and_an_order_opens_in_the_dashboard(
    browser, live_server, fake_saleor_site, seeded
):
    order = saleor_id("Order", "0c1e1a8e-8d4e-4b53-9c2b-5f8a3c9e2a11")
    fake_saleor_site.customers[order] = "hana@example.com"
    open_in_dashboard(browser, live_server, id=order)

    find(browser, ".enrollment")
    browser.find_element(By.CSS_SELECTOR, "button[data-action=open-in-dashboard]").click()
    wait(browser).until(
        lambda _: (
            {"type": "redirect", "to": f"/orders/{order}"}
            in [
                {"type": a["type"], "to": a["payload"].get("to")}
                for a in dashboard_actions(browser)
            ]
        )
    )

    scenario = to_global_id("StepmailScenario", seeded.scenario.pk)
    step = to_global_id("StepmailStep", seeded.second.pk)
    browser.execute_script(f"location.hash = '#/scenarios/{scenario}/steps/{step}'")
    find(browser, "#preview-subject")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    text_appears(browser, ".editor .status-message", "Saved.")
    notifications = [a for a in dashboard_actions(browser) if a["type"] == "notification"]
    assert notifications and notifications[-1]["payload"]["status"] == "success"
