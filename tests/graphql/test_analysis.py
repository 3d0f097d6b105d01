"""The analysis queries and CSV exports over HTTP, on the hand-computed shop of the engine tests."""

import csv
import io
from datetime import UTC, timedelta

import pytest

from ..engine.analysis_data import END, START, build_shop
from .conftest import gid

pytestmark = pytest.mark.django_db

FIGURES = """figures { sent delivered opened clicked converted clickThroughRate
    clickToOpenRate conversionRate revenue { currency amount }
    revenuePerMail { currency amount } }"""
RATES = f"""query($s: ID, $start: DateTime!, $end: DateTime!) {{
  stepmailMailRates(scenario: $s, start: $start, end: $end) {{
    level scenario {{ slug }} step {{ name }} variant {{ name }} {FIGURES} }} }}"""
SEND_TIME = f"""query($s: ID, $start: DateTime!, $end: DateTime!) {{
  stepmailSendTimeStats(scenario: $s, start: $start, end: $end) {{ weekday hour {FIGURES} }} }}"""
FREQUENCY = f"""query($s: ID, $start: DateTime!, $end: DateTime!) {{
  stepmailFrequencyStats(scenario: $s, start: $start, end: $end) {{
    earlierMails orMore {FIGURES} }} }}"""
LINKS = """query($s: ID, $start: DateTime!, $end: DateTime!) {
  stepmailLinkStats(scenario: $s, start: $start, end: $end) {
    step { name } variant { name } url clicks customers share conversions } }"""
CSV = """query($t: StepmailReportTable!, $s: ID, $start: DateTime!, $end: DateTime!) {
  stepmailReportCsv(table: $t, scenario: $s, start: $start, end: $end) }"""


@pytest.fixture
def shop():
    return build_shop()


def _vars(shop, **extra) -> dict:
    return {
        "s": gid("StepmailScenario", shop.shop.pk),
        "start": START.isoformat(),
        "end": END.isoformat(),
        **extra,
    }


def _csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_rates_give_ctr_cvr_and_revenue_per_mail_per_currency(api, shop):
    rows = api(RATES, _vars(shop), token="support")["data"]["stepmailMailRates"]

    scenario = next(r for r in rows if r["level"] == "SCENARIO")
    assert scenario["figures"] == {
        "sent": 7, "delivered": 6, "opened": 4, "clicked": 3, "converted": 3,
        "clickThroughRate": 0.5, "clickToOpenRate": 0.75, "conversionRate": 0.5,
        "revenue": [{"currency": "JPY", "amount": "1700.000"},
                    {"currency": "USD", "amount": "25.000"}],
        "revenuePerMail": [{"currency": "JPY", "amount": "242.857"},
                           {"currency": "USD", "amount": "3.571"}],
    }  # fmt: skip
    variants = {r["variant"]["name"]: r["figures"] for r in rows if r["level"] == "VARIANT"}
    assert (variants["a"]["sent"], variants["a"]["converted"]) == (2, 1)
    assert (variants["b"]["delivered"], variants["b"]["revenue"]) == (1, [])
    assert [r["step"]["name"] for r in rows if r["level"] == "STEP"] == ["thanks", "reorder"]


def test_send_time_and_frequency_rows_carry_their_sample_size(api, shop):
    cells = api(SEND_TIME, _vars(shop), token="support")["data"]["stepmailSendTimeStats"]
    frequency = api(FREQUENCY, _vars(shop), token="support")["data"]["stepmailFrequencyStats"]

    assert {(c["weekday"], c["hour"]): c["figures"]["sent"] for c in cells} == {
        (1, 18): 2, (1, 19): 2, (2, 18): 2, (2, 4): 1,
    }  # fmt: skip
    assert [(r["earlierMails"], r["orMore"], r["figures"]["sent"]) for r in frequency] == [
        (0, False, 5),
        (1, False, 1),
        (2, False, 1),
    ]


def test_links_of_every_scenario_name_their_step_and_variant(api, shop):
    rows = api(LINKS, _vars(shop, s=None), token="support")["data"]["stepmailLinkStats"]

    assert rows[0] == {
        "step": {"name": "thanks"}, "variant": {"name": "a"}, "url": "https://shop.example/A",
        "clicks": 2, "customers": 1, "share": pytest.approx(2 / 3), "conversions": 1,
    }  # fmt: skip
    assert rows[-1]["variant"] is None and rows[-1]["url"] == "https://shop.example/C"


def test_link_csv_is_excel_ready_with_one_row_per_link(api, shop):
    text = api(CSV, _vars(shop, t="LINKS"), token="support")["data"]["stepmailReportCsv"]

    rows = _csv(text)
    assert [(r["step"], r["variant"], r["url"], r["clicks"], r["conversions"]) for r in rows] == [
        ("1", "a", "https://shop.example/A", "2", "1"),
        ("1", "a", "https://shop.example/B", "1", "0"),
        ("1", "b", "https://shop.example/A", "1", "0"),
        ("2", "", "https://shop.example/C", "1", "1"),
    ]


def test_rates_csv_has_one_revenue_column_per_currency(api, shop):
    text = api(CSV, _vars(shop, t="RATES"), token="support")["data"]["stepmailReportCsv"]

    scenario, *_ = _csv(text)
    assert (scenario["level"], scenario["sent"], scenario["conversion_rate"]) == (
        "scenario",
        "7",
        "0.5",
    )
    assert (scenario["revenue_JPY"], scenario["revenue_USD"]) == ("1700.000", "25.000")
    assert scenario["revenue_per_mail_JPY"] == "242.857"


@pytest.mark.parametrize(
    ("table", "first_column"),
    [
        ("STEP_STATS", "step"),
        ("VARIANT_STATS", "step"),
        ("SEND_TIME", "weekday"),
        ("FREQUENCY", "mails_in_previous_7_days"),
        ("HOLDOUT", "group"),
    ],
)
def test_every_table_exports_as_csv(api, shop, table, first_column):
    text = api(CSV, _vars(shop, t=table), token="support")["data"]["stepmailReportCsv"]

    assert text.startswith("\ufeff" + first_column + ",")


def test_a_step_name_written_as_a_formula_reaches_the_report_csv_as_text(api, shop):
    shop.shop.steps.filter(position=0).update(name="@SUM(1)")

    text = api(CSV, _vars(shop, t="STEP_STATS"), token="support")["data"]["stepmailReportCsv"]

    assert [row["step_name"] for row in _csv(text)] == ["'@SUM(1)", "reorder"]


def test_step_stats_csv_counts_paid_revenue_per_currency(api, shop):
    text = api(CSV, _vars(shop, t="STEP_STATS"), token="support")["data"]["stepmailReportCsv"]

    first, second = _csv(text)
    assert (first["step_name"], first["sent"], first["converted"]) == ("thanks", "4", "1")
    assert (first["revenue_JPY"], first["revenue_USD"]) == ("1000.000", "0")
    assert (second["revenue_JPY"], second["revenue_USD"]) == ("700.000", "25.000")


def test_variant_csv_lists_each_variant_with_its_paid_revenue(api, shop):
    text = api(CSV, _vars(shop, t="VARIANT_STATS"), token="support")["data"]["stepmailReportCsv"]

    assert [(r["variant"], r["sent"], r["converted"], r["revenue_JPY"]) for r in _csv(text)] == [
        ("a", "2", "1", "1000.000"),
        ("b", "2", "0", "0"),
    ]


def test_scenario_tables_need_a_scenario(api, shop):
    payload = api(CSV, _vars(shop, t="HOLDOUT", s=None), token="support")

    assert payload["errors"][0]["message"] == "The holdout table needs a scenario."


def test_analysis_needs_manage_orders(api, shop):
    payload = api(LINKS, _vars(shop), token="designer")

    assert "MANAGE_ORDERS" in payload["errors"][0]["message"]


@pytest.mark.parametrize(
    "start", ["2026-11-01T00:00:00", "2026-11-01T00:00:00+99:00"], ids=["no-offset", "+99:00"]
)
@pytest.mark.parametrize(("query", "table"), [(RATES, None), (CSV, "RATES")], ids=["rates", "csv"])
def test_a_report_date_without_a_real_offset_is_refused_naming_the_variable(
    api, shop, query, table, start
):
    response = api.post(query, _vars(shop, t=table, start=start), token="support")

    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message.startswith(f'Variable "$start" got invalid value "{start}".')
    assert 'Expected type "DateTime"' in message


def test_a_report_date_at_an_offset_postgres_cannot_store_is_read_as_its_instant(api, shop):
    # 23:59 ahead of UTC (PostgreSQL's own limit is 15:59): the same instant as START.
    shifted = (START.astimezone(UTC) + timedelta(hours=23, minutes=59)).replace(tzinfo=None)
    at_far_offset = _vars(shop, start=f"{shifted.isoformat()}+23:59")

    rows = api(RATES, at_far_offset, token="support")["data"]["stepmailMailRates"]

    assert rows == api(RATES, _vars(shop), token="support")["data"]["stepmailMailRates"]
