"""The repeat-rate queries and their CSV files over HTTP, on a recorded history."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from saleor_stepmail.models import Enrollment

from ..engine.test_repeat_rate import paid_order
from ..factories import make_scenario

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 1, tzinfo=UTC)
RANGE = {"start": MARCH.isoformat(), "end": datetime(2026, 4, 1, tzinfo=UTC).isoformat()}
RATES = """query($by: StepmailCohortDimension, $start: DateTime!, $end: DateTime!) {
  stepmailRepeatRates(by: $by, start: $start, end: $end) {
    key firstBuyers windows { days eligible returned rate } } }"""
DAYS = """query($start: DateTime!, $end: DateTime!) {
  stepmailDaysToSecondOrder(start: $start, end: $end) {
    returned medianDays buckets { upToDays customers } } }"""
REVENUE = """query($start: DateTime!, $end: DateTime!) {
  stepmailRevenuePerCustomer(start: $start, end: $end) {
    currency firstBuyers windows { days eligible revenue perCustomer } } }"""
EFFECTS = """query($start: DateTime!, $end: DateTime!, $days: Int) {
  stepmailProgramEffects(start: $start, end: $end, days: $days) {
    scenario { slug } days enrolled { eligible returned rate } holdout { eligible returned }
    liftPoints liftLowPoints liftHighPoints } }"""
CSV = """query($t: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {
  stepmailRepeatRateCsv(table: $t, start: $start, end: $end) }"""


@pytest.fixture
def history():
    """Ten first buyers in March, three of them back within 60 days; the first from an ad."""
    for i in range(10):
        email = f"c{i}@example.com"
        metadata = {"utm_source": '=HYPERLINK("http://evil")'} if i == 0 else {}
        paid_order(f"first-{i}", MARCH + timedelta(days=i), email=email, metadata=metadata)
        if i < 3:
            paid_order(f"again-{i}", MARCH + timedelta(days=i + 40), email=email, total="500")


def _csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_cohort_triangle_reads_30_percent_at_60_days(api, history):
    (row,) = api(RATES, RANGE, token="support")["data"]["stepmailRepeatRates"]

    assert (row["key"], row["firstBuyers"]) == ("2026-03", 10)
    assert {w["days"]: w["rate"] for w in row["windows"]} == {30: 0.0, 60: 0.3, 90: 0.3, 180: 0.3}


def test_days_and_revenue_per_customer(api, history):
    days = api(DAYS, RANGE, token="support")["data"]["stepmailDaysToSecondOrder"]
    (jpy,) = api(REVENUE, RANGE, token="support")["data"]["stepmailRevenuePerCustomer"]

    assert (days["returned"], days["medianDays"]) == (3, 40.0)
    assert {"upToDays": 60, "customers": 3} in days["buckets"]
    assert jpy["currency"] == "JPY"
    assert jpy["windows"][1] == {
        "days": 90,
        "eligible": 10,
        "revenue": "11500.000000",
        "perCustomer": "1150.000000",
    }


def test_the_csv_of_sources_keeps_a_hostile_source_from_running_as_a_formula(api, history):
    text = api(CSV, {**RANGE, "t": "BY_SOURCE"}, token="support")["data"]["stepmailRepeatRateCsv"]

    rows = {row["source"]: row for row in _csv(text)}
    assert rows['\'=hyperlink("http://evil")']["first_buyers"] == "1"
    assert rows["channel:web"]["rate_60d"] == str(2 / 9)


def test_program_effect_in_points(api):
    scenario = make_scenario(slug="second-purchase")
    for i in range(4):
        paid_order(f"p{i}", MARCH, email=f"p{i}@example.com")
        Enrollment.objects.create(
            scenario=scenario,
            email=f"p{i}@example.com",
            source_order_id=f"p{i}",
            triggered_at=MARCH,
            holdout=i >= 2,
        )
    paid_order("again", MARCH + timedelta(days=5), email="p0@example.com")

    (effect,) = api(EFFECTS, {**RANGE, "days": 30}, token="support")["data"][
        "stepmailProgramEffects"
    ]

    assert effect["scenario"] == {"slug": "second-purchase"}
    assert effect["enrolled"] == {"eligible": 2, "returned": 1, "rate": 0.5}
    assert effect["holdout"] == {"eligible": 2, "returned": 0}
    assert effect["liftPoints"] == pytest.approx(50)
    text = api(CSV, {**RANGE, "t": "PROGRAM_EFFECT"}, token="support")["data"][
        "stepmailRepeatRateCsv"
    ]
    assert _csv(text)[0]["lift_points"] == "50.0"


def test_repeat_rates_need_manage_orders(api, history):
    content = api(RATES, RANGE, token="designer")

    assert content["data"] is None
    assert "MANAGE_ORDERS" in content["errors"][0]["message"]


def test_a_range_over_three_years_is_refused(api):
    far = {"start": "2020-01-01T00:00:00+00:00", "end": "2026-01-01T00:00:00+00:00"}

    content = api(RATES, far, token="support")

    assert "at most" in content["errors"][0]["message"]
