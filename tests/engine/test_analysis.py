"""Every figure of the analysis reports against the table in analysis_data.py, by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_stepmail.engine.analysis import (
    frequency_stats,
    link_stats,
    mail_rates,
    send_time_stats,
)
from saleor_stepmail.engine.figures import MailFigures
from saleor_stepmail.models import Delivery, Enrollment

from .analysis_data import END, START, build_shop

pytestmark = pytest.mark.django_db

JPY, USD = "JPY", "USD"


@pytest.fixture
def shop():
    return build_shop()


def _f(sent, delivered, opened, clicked, converted, **revenue) -> MailFigures:
    """No mail of this data is unsubscribed or complained of; every undelivered one bounced."""
    return MailFigures(
        sent=sent,
        delivered=delivered,
        bounced=sent - delivered,
        opened=opened,
        clicked=clicked,
        converted=converted,
        revenue={c: Decimal(v) for c, v in revenue.items()},
    )


def test_rates_per_scenario_step_and_variant_count_paid_orders_per_currency(shop):
    with CaptureQueriesContext(connection) as queries:
        rows = mail_rates(scenario=shop.shop, start=START, end=END)

    assert len(queries) == 1
    by_key = {(r.level, r.step_id, r.variant_id): r.figures for r in rows}
    assert by_key == {
        # m2's order is unpaid, m3's cancelled, m6's first refunded: none of them counts.
        ("scenario", None, None): _f(7, 6, 4, 3, 3, JPY="1700", USD="25"),
        ("step", shop.first.pk, None): _f(4, 3, 3, 2, 1, JPY="1000"),
        ("variant", shop.first.pk, shop.a.pk): _f(2, 2, 2, 1, 1, JPY="1000"),
        ("variant", shop.first.pk, shop.b.pk): _f(2, 1, 1, 1, 0),
        ("step", shop.second.pk, None): _f(3, 3, 1, 1, 2, JPY="700", USD="25"),
    }
    scenario = by_key["scenario", None, None]
    assert scenario.rate("click_through_rate") == pytest.approx(3 / 6)
    assert scenario.rate("click_to_open_rate") == pytest.approx(3 / 4)
    assert scenario.rate("conversion_rate") == pytest.approx(3 / 6)
    assert scenario.revenue_per_mail() == {JPY: Decimal("242.857"), USD: Decimal("3.571")}
    first = by_key["step", shop.first.pk, None]
    assert first.rate("click_through_rate") == pytest.approx(2 / 3)
    assert first.rate("conversion_rate") == pytest.approx(1 / 3)
    assert first.revenue_per_mail() == {JPY: Decimal("250.000")}


def test_rates_of_every_scenario_have_a_row_per_scenario(shop):
    rows = mail_rates(scenario=None, start=START, end=END)

    totals = {r.scenario_id: r.figures for r in rows if r.level == "scenario"}
    assert totals == {shop.shop.pk: _f(7, 6, 4, 3, 3, JPY="1700", USD="25"),
                      shop.other.pk: _f(1, 1, 0, 0, 0)}  # fmt: skip


def test_send_time_cells_use_the_customers_valid_zone_else_the_scenarios(shop):
    with CaptureQueriesContext(connection) as queries:
        cells = send_time_stats(scenario=None, start=START, end=END)

    assert len(queries) == 1
    assert {(c.weekday, c.hour): c.figures for c in cells} == {
        (1, 18): _f(2, 2, 2, 1, 1, JPY="1000"),  # m1, m2 at 18:00 in Tokyo
        (1, 19): _f(2, 1, 1, 1, 0),  # m3, m4
        (1, 9): _f(1, 1, 0, 0, 0),  # x2: the other scenario's zone is UTC
        (2, 18): _f(2, 2, 1, 1, 1, USD="25"),  # m5, and m7 whose zone is not a zone
        (2, 4): _f(1, 1, 0, 0, 1, JPY="700"),  # m6: 09:00 UTC is 04:00 in New York
    }


def test_frequency_counts_the_customers_mails_of_any_scenario_in_the_week_before(shop):
    with CaptureQueriesContext(connection) as queries:
        rows = frequency_stats(scenario=shop.shop, start=START, end=END)

    assert len(queries) == 1
    assert {r.earlier_mails: r.figures for r in rows} == {
        0: _f(5, 4, 2, 1, 1, JPY="700"),  # m2, m3, m4, m6, m7
        1: _f(1, 1, 1, 1, 1, JPY="1000"),  # m1: x1 two days before
        2: _f(1, 1, 1, 1, 1, USD="25"),  # m5: x1 and m1
    }


def test_links_count_clicks_customers_share_and_paid_conversions_after_the_click(shop):
    with CaptureQueriesContext(connection) as queries:
        rows = link_stats(scenario=shop.shop, start=START, end=END)

    assert len(queries) == 1
    assert [
        (r.step_id, r.variant_id, r.url, r.clicks, r.customers, r.conversions) for r in rows
    ] == [
        (shop.first.pk, shop.a.pk, "https://shop.example/A", 2, 1, 1),  # o1 after the 1st click
        (shop.first.pk, shop.a.pk, "https://shop.example/B", 1, 1, 0),  # o1 came before it
        (shop.first.pk, shop.b.pk, "https://shop.example/A", 1, 1, 0),  # o3 was cancelled
        (shop.second.pk, None, "https://shop.example/C", 1, 1, 1),
    ]
    assert [r.share for r in rows] == [pytest.approx(2 / 3), pytest.approx(1 / 3), 1.0, 1.0]


def test_reports_of_an_empty_range_are_empty(shop):
    later = END + (END - START)
    assert mail_rates(scenario=shop.shop, start=END, end=later) == []
    assert send_time_stats(scenario=shop.shop, start=END, end=later) == []
    assert frequency_stats(scenario=shop.shop, start=END, end=later) == []
    assert link_stats(scenario=shop.shop, start=END, end=later) == []


def test_frequency_follows_a_line_user_without_an_address(shop):
    for day in (0, 1):
        sent = START + timedelta(days=day, hours=5)
        enrollment = Enrollment.objects.create(
            scenario=shop.shop, line_user_id="U123", triggered_at=sent, state="completed",
            ended_at=sent,
        )  # fmt: skip
        Delivery.objects.create(
            enrollment=enrollment, step=shop.first, due_at=sent, available_at=sent,
            state="sent", sent_at=sent,
        )  # fmt: skip

    rows = frequency_stats(scenario=shop.shop, start=START, end=END)

    # The LINE user's second mail had one before it.
    assert {r.earlier_mails: r.figures.sent for r in rows} == {0: 5 + 1, 1: 1 + 1, 2: 1}
