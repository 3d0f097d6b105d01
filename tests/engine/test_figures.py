"""What each figure counts (engine/figures.py), one behaviour at a time, and every figure of the
hand-worked scenario of figures_data.py as the engine reports it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_stepmail.engine.analysis import link_stats, mail_rates
from saleor_stepmail.engine.figures import FIGURES, RATES, MailFigures
from saleor_stepmail.engine.stats import holdout_lift, step_stats
from tests.factories import make_scenario

from .figures_data import DAY, END, EXPECTED, START, T0, as_api, build_figures, mail, order

pytestmark = pytest.mark.django_db


@pytest.fixture
def step():
    return make_scenario(delays=(0,)).steps.get()


def _figures(step) -> MailFigures:
    (row,) = step_stats(scenario=step.scenario, start=START, end=END)
    return row.figures


def test_a_mail_without_provider_events_counts_as_delivered(step):
    mail(step, "quiet", T0)

    assert (_figures(step).delivered, _figures(step).bounced) == (1, 0)


def test_a_bounced_mail_is_not_delivered(step):
    mail(step, "gone", T0, ("bounced", 0))

    assert (_figures(step).delivered, _figures(step).bounced) == (0, 1)


def test_a_soft_bounce_then_delivery_counts_as_delivered(step):
    mail(step, "late", T0, ("bounced", 0), ("delivered", 5))

    assert (_figures(step).delivered, _figures(step).bounced) == (1, 0)


def test_an_opened_mail_counts_as_delivered_whatever_bounced(step):
    mail(step, "reader", T0, ("bounced", 0), ("opened", 5))

    assert (_figures(step).delivered, _figures(step).opened) == (1, 1)


def test_a_click_without_an_open_counts_as_an_open(step):
    mail(step, "no-images", T0, ("clicked", 1))

    assert (_figures(step).opened, _figures(step).clicked) == (1, 1)


def test_five_opens_and_two_clicks_of_one_mail_are_one_open_and_one_click(step):
    mail(step, "keen", T0, *[("opened", h) for h in range(5)], ("clicked", 1), ("clicked", 2))

    figures = _figures(step)
    assert (figures.sent, figures.opened, figures.clicked) == (1, 1, 1)


def test_only_paid_orders_not_reversed_since_convert(step):
    paid, unpaid, refunded = (mail(step, name, T0) for name in ("paid", "unpaid", "refunded"))
    order(paid, "o1", "1000", "JPY")
    order(unpaid, "o2", "2000", "JPY", paid=False)
    order(refunded, "o3", "3000", "JPY", refund=24)

    figures = _figures(step)
    assert (figures.converted, figures.revenue) == (1, {"JPY": Decimal("1000")})


def test_two_orders_of_one_mail_are_one_conversion_with_revenue_per_currency(step):
    twice = mail(step, "twice", T0)
    order(twice, "o1", "1000", "JPY")
    order(twice, "o2", "12.50", "USD")

    figures = _figures(step)
    assert figures.converted == 1
    assert figures.revenue == {"JPY": Decimal("1000"), "USD": Decimal("12.5")}


def test_an_order_of_unknown_total_converts_and_adds_no_revenue(step):
    unknown = mail(step, "unknown", T0)
    order(unknown, "o1", "", "")

    figures = _figures(step)
    assert (figures.converted, figures.revenue) == (1, {})


def test_unsubscribes_and_complaints_count_mails(step):
    mail(step, "leaving", T0, ("unsubscribed", 1), ("complained", 1), ("complained", 2))
    mail(step, "staying", T0, ("opened", 1))

    figures = _figures(step)
    assert (figures.unsubscribed, figures.complained) == (1, 1)


def test_a_mail_of_the_range_counts_what_followed_it_after_the_range(step):
    slow = mail(step, "slow", T0, ("opened", 24 * 30))
    order(slow, "o1", "1000", "JPY", hours=24 * 30)

    figures = _figures(step)
    assert (figures.opened, figures.converted) == (1, 1)


def test_mails_sent_outside_the_range_and_holdout_skips_count_nowhere(step):
    before = mail(step, "before", START - DAY, ("opened", 1))
    order(before, "o1", "1000", "JPY")
    held_out = mail(step, "held", T0, state="skipped")
    order(held_out, "o2", "2000", "JPY")

    assert _figures(step) == MailFigures()


def test_a_links_conversions_count_converted_mails_not_orders(step):
    twice = mail(step, "twice", T0, ("clicked", 1))
    order(twice, "o1", "1000", "JPY")
    order(twice, "o2", "12.50", "USD")

    (link,) = link_stats(scenario=step.scenario, start=START, end=END)

    assert (link.clicks, link.conversions) == (1, _figures(step).converted) == (1, 1)


def test_rates_divide_by_their_own_denominators_and_are_zero_without_one():
    figures = MailFigures(sent=10, delivered=8, opened=4, clicked=2, converted=1)

    assert {name: figures.rate(name) for name in RATES} == {
        "delivery_rate": 8 / 10,
        "open_rate": 4 / 8,
        "click_through_rate": 2 / 8,
        "click_to_open_rate": 2 / 4,
        "conversion_rate": 1 / 8,
    }
    assert {MailFigures().rate(name) for name in RATES} == {0.0}
    assert MailFigures(sent=3, revenue={"JPY": Decimal(1000)}).revenue_per_mail() == {
        "JPY": Decimal("333.333")
    }


def test_every_figure_is_defined_once_with_its_meaning():
    names = [figure.name for figure in FIGURES]
    assert len(names) == len(set(names)) and all(figure.meaning for figure in FIGURES)
    assert set(names) | {"revenue"} == set(MailFigures.__dataclass_fields__)


def test_the_seeded_scenario_has_the_figures_its_mails_imply():
    seeded = build_figures()

    with CaptureQueriesContext(connection) as queries:
        rows = mail_rates(scenario=seeded.scenario, start=START, end=END)
    first, second = step_stats(scenario=seeded.scenario, start=START, end=END)

    assert len(queries) == 1
    by_level = {row.level: as_api(row.figures) for row in rows if row.level == "scenario"}
    assert by_level == {"scenario": EXPECTED["scenario"]}
    assert as_api(first.figures) == EXPECTED["step 1"]
    assert [as_api(v.figures) for v in first.variants] == [
        EXPECTED["variant a"],
        EXPECTED["variant b"],
    ]
    assert as_api(second.figures) == EXPECTED["step 2"]
    # The step and variant rows of the rates are the same figures as the steps'.
    steps = {(r.step_id, r.variant_id): r.figures for r in rows if r.level != "scenario"}
    assert steps[seeded.first.pk, None] == first.figures
    assert steps[seeded.first.pk, seeded.a.pk] == first.variants[0].figures
    assert steps[seeded.second.pk, None] == second.figures


def test_the_holdout_counts_the_same_paid_orders_per_enrolment():
    seeded = build_figures()

    lift = holdout_lift(scenario=seeded.scenario, start=START, end=END)

    # Enrolments started in the range: m1-m9 mailed, h1 held out; o2 unpaid, o6 refunded.
    assert (lift.treated.enrollments, lift.treated.converted) == (9, 4)
    assert lift.treated.revenue == {"JPY": Decimal("5300"), "USD": Decimal("32.5")}
    assert (lift.holdout.enrollments, lift.holdout.converted) == (1, 1)
    assert lift.holdout.revenue == {"JPY": Decimal("400")}
