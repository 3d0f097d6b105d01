"""Operator reads: scenarios with filters, enrolments page by page, a delivery's history, stats."""

from datetime import timedelta
from decimal import Decimal

import pytest

from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment
from tests.factories import make_scenario, order_created

from .conftest import gid

pytestmark = pytest.mark.django_db

SCENARIOS = """
query($active: Boolean, $trigger: StepmailTrigger, $channel: String) {
  stepmailScenarios(first: 10, active: $active, trigger: $trigger, channel: $channel) {
    totalCount edges { node { slug } }
  }
}
"""
ENROLLMENTS = """
query($first: Int, $after: String, $email: String, $state: StepmailEnrollmentState) {
  stepmailEnrollments(first: $first, after: $after, email: $email, state: $state) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { email state nextSendAt scenario { slug } } }
  }
}
"""


def _slugs(payload) -> list[str]:
    return [e["node"]["slug"] for e in payload["data"]["stepmailScenarios"]["edges"]]


def test_scenarios_filter_by_active_trigger_and_channel(api):
    make_scenario(slug="everywhere", trigger="first_order")
    make_scenario(slug="jp-only", trigger="unpaid_order", channels=("jp",))
    make_scenario(slug="paused", status="paused")

    assert _slugs(api(SCENARIOS, {"active": True}, token="support")) == ["jp-only", "everywhere"]
    assert _slugs(api(SCENARIOS, {"trigger": "UNPAID_ORDER"}, token="designer")) == ["jp-only"]
    assert _slugs(api(SCENARIOS, {"channel": "default-channel"}, token="designer")) == [
        "paused",
        "everywhere",
    ]


def test_a_scenario_by_id_with_its_steps_and_variants(api):
    scenario = make_scenario(delays=(0, 3), variants=(("A", 1), ("B", 2)))

    payload = api(
        """query($id: ID!) { stepmailScenario(id: $id) {
             slug steps { position delayDays variants { name weight } } } }""",
        {"id": gid("StepmailScenario", scenario.pk)},
        token="designer",
    )

    assert payload["data"]["stepmailScenario"] == {
        "slug": "follow-up",
        "steps": [
            {
                "position": 0,
                "delayDays": 0,
                "variants": [{"name": "A", "weight": 1}, {"name": "B", "weight": 2}],
            },
            {
                "position": 1,
                "delayDays": 3,
                "variants": [{"name": "A", "weight": 1}, {"name": "B", "weight": 2}],
            },
        ],
    }


def test_enrolments_are_paged_with_first_and_after(api, clock):
    make_scenario(delays=(0, 3))
    for n in range(3):
        record_event(
            order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"), now=clock.now
        )

    first = api(ENROLLMENTS, {"first": 2}, token="support")["data"]["stepmailEnrollments"]
    rest = api(ENROLLMENTS, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token="support")

    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["email"] for e in first["edges"]] == ["c2@example.com", "c1@example.com"]
    page_two = rest["data"]["stepmailEnrollments"]
    assert [e["node"]["email"] for e in page_two["edges"]] == ["c0@example.com"]
    assert page_two["pageInfo"]["hasNextPage"] is False
    assert page_two["edges"][0]["node"]["nextSendAt"] == clock.now.isoformat()


def test_enrolments_filter_by_email_and_state(api, clock):
    make_scenario()
    record_event(order_created(clock.now, email="hana@example.com"), now=clock.now)
    record_event(order_created(clock.now, email="ken@example.com", order_id="o2"), now=clock.now)

    by_email = api(ENROLLMENTS, {"email": "HANA@example.com"}, token="support")
    ended = api(ENROLLMENTS, {"state": "CONVERTED"}, token="support")

    assert [e["node"]["email"] for e in by_email["data"]["stepmailEnrollments"]["edges"]] == [
        "hana@example.com"
    ]
    assert ended["data"]["stepmailEnrollments"]["totalCount"] == 0


def test_designers_cannot_read_customers_enrolments(api):
    payload = api(ENROLLMENTS, {"first": 1}, token="designer")

    assert payload["data"]["stepmailEnrollments"] is None
    assert (
        payload["errors"][0]["message"]
        == "You need one of the following permissions: MANAGE_ORDERS"
    )


def test_a_delivery_shows_its_history(api, clock):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now), now=clock.now)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(state="sent", sent_at=clock.now)
    for minutes, kind in ((0, "sent"), (5, "delivered"), (60, "opened")):
        DeliveryEvent.objects.create(
            delivery=delivery, type=kind, occurred_at=clock.now + timedelta(minutes=minutes)
        )

    payload = api(
        """query($id: ID!) { stepmailDelivery(id: $id) {
             state step { position } enrollment { email } events { type occurredAt } } }""",
        {"id": gid("StepmailDelivery", delivery.pk)},
        token="support",
    )

    result = payload["data"]["stepmailDelivery"]
    assert result["state"] == "SENT" and result["enrollment"] == {"email": "hana@example.com"}
    assert [e["type"] for e in result["events"]] == ["SENT", "DELIVERED", "OPENED"]


def test_step_stats_follow_the_mails_sent_in_the_range_until_now(api, clock):
    scenario = make_scenario(delays=(0, 3))
    record_event(order_created(clock.now), now=clock.now)
    first = Delivery.objects.get(step__position=0)
    Delivery.objects.filter(pk=first.pk).update(state="sent", sent_at=clock.now)
    for kind in ("sent", "opened", "clicked"):
        DeliveryEvent.objects.create(delivery=first, type=kind, occurred_at=clock.now)
    DeliveryEvent.objects.create(
        delivery=first,
        type="converted",
        occurred_at=clock.now,
        order_id="o-9",
        revenue=Decimal("3240"),
        currency="JPY",
        paid_at=clock.now,
    )
    # After the range, of a mail sent in it: counted.
    DeliveryEvent.objects.create(
        delivery=first, type="unsubscribed", occurred_at=clock.now + timedelta(days=2)
    )

    payload = api(
        """query($s: ID!, $start: DateTime!, $end: DateTime!) {
             stepmailStepStats(scenario: $s, start: $start, end: $end) {
               position step { delayDays }
               figures { sent opened clicked converted unsubscribed openRate
                         revenue { currency amount } } } }""",
        {
            "s": gid("StepmailScenario", scenario.pk),
            "start": (clock.now - timedelta(days=1)).isoformat(),
            "end": (clock.now + timedelta(days=1)).isoformat(),
        },
        token="support",
    )

    first_row, second_row = payload["data"]["stepmailStepStats"]
    assert first_row == {
        "position": 0,
        "step": {"delayDays": 0},
        "figures": {
            "sent": 1,
            "opened": 1,
            "clicked": 1,
            "converted": 1,
            "unsubscribed": 1,
            "openRate": 1.0,
            "revenue": [{"currency": "JPY", "amount": "3240.000"}],
        },
    }
    assert second_row["figures"]["sent"] == 0 and second_row["figures"]["openRate"] == 0.0


def test_step_stats_refuse_an_inverted_range(api, clock):
    scenario = make_scenario()

    payload = api(
        """query($s: ID!, $a: DateTime!, $b: DateTime!) {
             stepmailStepStats(scenario: $s, start: $a, end: $b) { name } }""",
        {
            "s": gid("StepmailScenario", scenario.pk),
            "a": clock.now.isoformat(),
            "b": clock.now.isoformat(),
        },
        token="support",
    )

    assert "start must come before end" in payload["errors"][0]["message"]
    assert Enrollment.objects.count() == 0


def test_step_stats_break_down_by_ab_variant(api, clock):
    scenario = make_scenario(delays=(0,), variants=(("A", 1), ("B", 1)))
    for n in range(4):
        record_event(
            order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"), now=clock.now
        )
    Delivery.objects.update(state="sent", sent_at=clock.now)
    for delivery in Delivery.objects.all():
        DeliveryEvent.objects.create(delivery=delivery, type="sent", occurred_at=clock.now)

    payload = api(
        """query($s: ID!, $a: DateTime!, $b: DateTime!) {
             stepmailStepStats(scenario: $s, start: $a, end: $b) {
               figures { sent } variants { name isWinner figures { sent converted } } } }""",
        {
            "s": gid("StepmailScenario", scenario.pk),
            "a": (clock.now - timedelta(days=1)).isoformat(),
            "b": (clock.now + timedelta(days=1)).isoformat(),
        },
        token="support",
    )

    (row,) = payload["data"]["stepmailStepStats"]
    assert row["figures"]["sent"] == 4
    assert [v["name"] for v in row["variants"]] == ["A", "B"]
    assert sum(v["figures"]["sent"] for v in row["variants"]) == 4
    assert not any(v["isWinner"] for v in row["variants"])
