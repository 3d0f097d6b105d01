"""The API's step results, its rates and the CSV exports show the same figures for the same
mails, and they are the ones the hand-worked scenario of tests/engine/figures_data.py implies.
(tests/dashboard/test_figures_page.py adds the operator page.)"""

import csv
import io

import pytest

from ..engine.figures_data import END, EXPECTED, START, build_figures, from_csv
from .conftest import gid

pytestmark = pytest.mark.django_db

FIGURES = """figures { sent delivered bounced opened clicked converted unsubscribed complained
    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate
    revenue { currency amount } revenuePerMail { currency amount } }"""
RESULTS = f"""query($s: ID!, $start: DateTime!, $end: DateTime!) {{
  stepmailStepStats(scenario: $s, start: $start, end: $end) {{
    name {FIGURES} variants {{ name {FIGURES} }} }}
  stepmailMailRates(scenario: $s, start: $start, end: $end) {{
    level step {{ name }} variant {{ name }} {FIGURES} }} }}"""
CSV = """query($t: StepmailReportTable!, $s: ID, $start: DateTime!, $end: DateTime!) {
  stepmailReportCsv(table: $t, scenario: $s, start: $start, end: $end) }"""


def _label(level: str, step: str, variant: str) -> str:
    names = {"thanks": "step 1", "reorder": "step 2"}
    return {"scenario": "scenario", "step": names.get(step), "variant": f"variant {variant}"}[level]


def _csv(api, scenario, table: str) -> list[dict]:
    variables = {"t": table, "s": scenario, "start": START.isoformat(), "end": END.isoformat()}
    text = api(CSV, variables, token="support")["data"]["stepmailReportCsv"]
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_api_and_every_csv_show_the_figures_the_mails_imply(api):
    scenario = gid("StepmailScenario", build_figures().scenario.pk)

    data = api(
        RESULTS,
        {"s": scenario, "start": START.isoformat(), "end": END.isoformat()},
        token="support",
    )["data"]

    first, second = data["stepmailStepStats"]
    steps = {"step 1": first["figures"], "step 2": second["figures"]}
    steps |= {f"variant {v['name']}": v["figures"] for v in first["variants"]}
    rates = {
        _label(
            r["level"].lower(),
            (r["step"] or {}).get("name"),
            (r["variant"] or {}).get("name"),
        ): r["figures"]
        for r in data["stepmailMailRates"]
    }
    step_csv = {f"step {r['step']}": from_csv(r) for r in _csv(api, scenario, "STEP_STATS")}
    variant_csv = {
        f"variant {r['variant']}": from_csv(r) for r in _csv(api, scenario, "VARIANT_STATS")
    }
    rates_csv = {
        _label(r["level"], r["step_name"], r["variant"]): from_csv(r)
        for r in _csv(api, scenario, "RATES")
    }

    assert steps == {name: EXPECTED[name] for name in steps} and len(steps) == 4
    assert rates == EXPECTED
    assert step_csv | variant_csv == steps
    assert rates_csv == EXPECTED
