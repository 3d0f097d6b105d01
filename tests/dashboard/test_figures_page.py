"""The operator page, the CSV files it downloads and the API show the same figures for the
hand-worked scenario of tests/engine/figures_data.py, and they are the ones its mails imply:
the step cards, the A/B variants and the rates table, in headless Chromium."""

import csv
import io

import pytest

pytest.importorskip("selenium", reason="the browser tests need selenium: pip install -e '.[dev]'")

from graphql_relay import to_global_id  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from tests.engine.figures_data import EXPECTED, build_figures, from_csv  # noqa: E402
from tests.graphql.test_figures import RESULTS  # noqa: E402

from .browser import screenshot  # noqa: E402
from .conftest import PAGE  # noqa: E402
from .test_browser import api, find, sign_in  # noqa: E402
from .test_operator_actions import downloaded  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The days the page is asked for, in the browser's time zone: the mails are sent at noon UTC.
FIRST_DAY, LAST_DAY = "2026-11-09", "2026-11-11"
FUNNEL = {
    "sent": None,
    "delivered": "deliveryRate",
    "opened": "openRate",
    "clicked": "clickThroughRate",
    "converted": "conversionRate",
}
VARIANT = ("sent", "delivered", "opened", "clicked", "converted", "conversionRate", "revenue")
RATES_TABLE = (
    "sent",
    "clickThroughRate",
    "clickToOpenRate",
    "conversionRate",
    "revenue",
    "revenuePerMail",
)


def _value(figures: dict, name: str):
    """A figure as the page writes it in data-value: money as "amount currency ..."."""
    value = figures[name]
    if isinstance(value, list):
        return " ".join(f"{m['amount']} {m['currency']}" for m in value)
    return value


def _shown(figures: dict, names) -> dict:
    return {name: _value(figures, name) for name in names}


def _parsed(raw: str):
    """A data-value: a count, a rate, or money as text."""
    try:
        return float(raw) if "." in raw else int(raw)
    except ValueError:
        return raw


def _read(element, selector: str, attribute: str = "data-figure") -> dict:
    """{figure: value} of the [data-figure] (or [data-event]) elements inside `element`."""
    return {
        node.get_attribute(attribute): _parsed(node.get_attribute("data-value"))
        for node in element.find_elements(By.CSS_SELECTOR, selector)
    }


def _card(browser, position: int) -> dict:
    """A step card's funnel (each figure, and the rate shown beside it) and its revenue."""
    card = browser.find_element(By.CSS_SELECTOR, f"article.step[data-step='{position}']")
    shown = _read(card, "g[data-event]", "data-event")
    for bar in card.find_elements(By.CSS_SELECTOR, "g[data-event]"):
        rate = FUNNEL[bar.get_attribute("data-event")]
        if rate:
            shown[rate] = float(bar.get_attribute("data-rate"))
    shown["revenue"] = card.find_element(By.CSS_SELECTOR, "[data-revenue]").get_attribute(
        "data-revenue"
    )
    return shown


def _expected_card(figures: dict) -> dict:
    return _shown(figures, [*FUNNEL, *filter(None, FUNNEL.values()), "revenue"])


def test_page_csv_and_api_show_the_figures_the_mails_imply(browser, live_server, fake_saleor_site):
    seeded = build_figures()
    scenario_id = to_global_id("StepmailScenario", seeded.scenario.pk)
    sign_in(browser, live_server)
    find(browser, f"tr[data-scenario={seeded.scenario.slug}]")
    browser.get(
        f"{live_server.url}{PAGE}#/scenarios/{scenario_id}?start={FIRST_DAY}&end={LAST_DAY}"
    )
    results = find(browser, "section.results")
    find(browser, "table.rates-table")
    screenshot(browser, "08-figures")

    # The page: step cards, the variants of step 1, the rates table.
    assert _card(browser, 0) == _expected_card(EXPECTED["step 1"])
    assert _card(browser, 1) == _expected_card(EXPECTED["step 2"])
    for name in ("a", "b"):
        variant = browser.find_element(By.CSS_SELECTOR, f".variant[data-variant='{name}']")
        assert _read(variant, "[data-figure]") == _shown(EXPECTED[f"variant {name}"], VARIANT)
    table = browser.find_element(By.CSS_SELECTOR, "table.rates-table")
    rows = {
        "scenario": "tr.scenario",
        "step 1": "tr.step[data-step='0']",
        "variant a": "tr.variant[data-variant='a']",
        "variant b": "tr.variant[data-variant='b']",
        "step 2": "tr.step[data-step='1']",
    }
    for group, selector in rows.items():
        row = table.find_element(By.CSS_SELECTOR, selector)
        assert _read(row, "td[data-figure]") == _shown(EXPECTED[group], RATES_TABLE), group

    # The CSV files the page downloads.
    slug = f"{seeded.scenario.slug}-{{}}-{FIRST_DAY}-{LAST_DAY}.csv"
    tables = {}
    for table_name in ("STEP_STATS", "VARIANT_STATS", "RATES"):
        browser.find_element(By.CSS_SELECTOR, f"button[data-export={table_name}]").click()
        text = downloaded(browser, slug.format(table_name.lower()))
        tables[table_name] = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    steps = {f"step {r['step']}": from_csv(r) for r in tables["STEP_STATS"]}
    variants = {f"variant {r['variant']}": from_csv(r) for r in tables["VARIANT_STATS"]}
    assert steps | variants == {name: EXPECTED[name] for name in steps | variants}
    assert len(steps | variants) == 4
    scenario_row = next(r for r in tables["RATES"] if r["level"] == "scenario")
    assert from_csv(scenario_row) == EXPECTED["scenario"]

    # The API, asked for the range the page asked for.
    data = api(
        RESULTS,
        {
            "s": scenario_id,
            "start": results.get_attribute("data-start"),
            "end": results.get_attribute("data-end"),
        },
        fake_saleor_site.used_tokens[-1],
    )
    first, second = data["stepmailStepStats"]
    assert (first["figures"], second["figures"]) == (EXPECTED["step 1"], EXPECTED["step 2"])
    assert [v["figures"] for v in first["variants"]] == [
        EXPECTED["variant a"],
        EXPECTED["variant b"],
    ]
    scenario_rates = next(r for r in data["stepmailMailRates"] if r["level"] == "SCENARIO")
    assert scenario_rates["figures"] == EXPECTED["scenario"]
