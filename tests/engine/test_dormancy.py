"""Win-back: customers with no paid order for a scenario's days, found by the tick's scan from
the orders the shop recorded (here, without a shop, the inbox's history)."""

from datetime import timedelta

import pytest

from saleor_stepmail.api.scenarios import scenario_status_set
from saleor_stepmail.engine.dormancy import customers_detect_dormant, scenario_past_events
from saleor_stepmail.engine.inbox import inbound_apply_pending, inbound_record
from saleor_stepmail.engine.integration import current_integration
from saleor_stepmail.engine.simulate import scenario_simulate
from saleor_stepmail.models import Enrollment
from saleor_stepmail.presets import scenario_create_from_preset
from saleor_stepmail.vocabulary import ScenarioStatus

pytestmark = pytest.mark.django_db

DAYS = 120


def order(
    clock, email: str, order_id: str, *, days_ago: float, paid=True, cancelled=False, refunded=False
):
    """An order the shop recorded `days_ago` before the clock, applied as the hooks' would be."""
    at = clock.now - timedelta(days=days_ago)
    refs = {"order_id": order_id, "email": email, "channel_slug": "jp"}
    inbound_record(type="order_created", occurred_at=at, **refs)
    if paid:
        inbound_record(type="order_fully_paid", occurred_at=at + timedelta(minutes=5), **refs)
    if cancelled:
        inbound_record(type="order_cancelled", occurred_at=at + timedelta(hours=1), **refs)
    if refunded:
        inbound_record(type="order_fully_refunded", occurred_at=at + timedelta(days=2), **refs)
    inbound_apply_pending(now=clock.now)


@pytest.fixture
def win_back(clock):
    scenario = scenario_create_from_preset(preset="win-back")
    scenario.status = ScenarioStatus.PAUSED
    scenario.save()
    return scenario


def activate(scenario, clock):
    scenario_status_set(scenario=scenario, status=ScenarioStatus.ACTIVE)
    scenario.refresh_from_db()
    scenario.dormancy_scanned_until = clock.now  # the database's clock, pinned to the test's
    scenario.save()


def enrolled(scenario) -> list[tuple[str, str, str]]:
    return sorted(
        (e.email, e.source_order_id, e.state) for e in Enrollment.objects.filter(scenario=scenario)
    )


def test_a_customer_quiet_for_the_days_since_a_paid_order_is_won_back_once(win_back, clock):
    start = clock.now
    activate(win_back, clock)
    order(clock, "hana@example.com", "h1", days_ago=DAYS - 1)
    order(clock, "ken@example.com", "k1", days_ago=DAYS - 3)
    order(clock, "ken@example.com", "k2", days_ago=DAYS - 10)  # ordered again within the days

    customers_detect_dormant(now=clock.advance(hours=30))
    assert enrolled(win_back) == [("hana@example.com", "h1", "active")]
    customers_detect_dormant(now=clock.advance(days=20))
    assert enrolled(win_back) == [
        ("hana@example.com", "h1", "active"),
        ("ken@example.com", "k2", "active"),
    ]
    customers_detect_dormant(now=clock.advance(days=1))  # once per dormancy
    assert len(enrolled(win_back)) == 2
    # The dormancy happened the days after the order, and the steps count from then.
    hana = Enrollment.objects.get(email="hana@example.com")
    assert hana.triggered_at == start - timedelta(days=DAYS - 1) + timedelta(days=DAYS)


def test_unpaid_cancelled_and_refunded_orders_neither_start_nor_reset_the_count(win_back, clock):
    activate(win_back, clock)
    order(clock, "hana@example.com", "h1", days_ago=DAYS - 1, paid=False)  # never paid
    order(clock, "ken@example.com", "k1", days_ago=DAYS - 1)
    order(clock, "ken@example.com", "k2", days_ago=DAYS - 20, cancelled=True)
    order(clock, "ken@example.com", "k3", days_ago=DAYS - 30, refunded=True)
    order(clock, "mai@example.com", "m1", days_ago=DAYS - 1, refunded=True)

    customers_detect_dormant(now=clock.advance(days=2))

    assert enrolled(win_back) == [("ken@example.com", "k1", "active")]


def test_a_new_order_ends_the_win_back_and_a_new_quiet_spell_starts_it_again(win_back, clock):
    activate(win_back, clock)
    order(clock, "hana@example.com", "h1", days_ago=DAYS - 1)
    customers_detect_dormant(now=clock.advance(days=2))
    order(clock, "hana@example.com", "h2", days_ago=0)
    assert enrolled(win_back) == [("hana@example.com", "h1", "converted")]

    customers_detect_dormant(now=clock.advance(days=DAYS + 1))

    assert enrolled(win_back) == [
        ("hana@example.com", "h1", "converted"),
        ("hana@example.com", "h2", "active"),
    ]


def test_quiet_spells_that_began_before_activation_are_for_a_backfill(win_back, clock):
    order(clock, "hana@example.com", "h1", days_ago=DAYS + 30)
    activate(win_back, clock)

    customers_detect_dormant(now=clock.advance(days=1))

    assert enrolled(win_back) == []
    past = scenario_past_events(
        current_integration(), win_back, clock.now - timedelta(days=60), clock.now
    )
    assert [(e.type, e.order_id, e.occurred_at) for e in past] == [
        ("customer_dormant", "h1", clock.now - timedelta(days=31))
    ]


def test_a_long_list_of_quiet_customers_is_taken_a_batch_per_tick(win_back, clock):
    activate(win_back, clock)
    for n in range(5):
        order(clock, f"c{n}@example.com", f"o{n}", days_ago=DAYS - 1 + n / 100)

    counts = [customers_detect_dormant(now=clock.advance(days=2), limit=2) for _ in range(4)]

    assert [c["customers_dormant"] for c in counts] == [2, 2, 1, 0]
    assert len(enrolled(win_back)) == 5


def test_the_simulator_replays_a_quiet_spell_and_the_order_that_ended_it(win_back, clock):
    order(clock, "hana@example.com", "h1", days_ago=200)  # quiet from 80 days ago
    order(clock, "hana@example.com", "h2", days_ago=70)  # back ten days later

    result = scenario_simulate(
        scenario=win_back, since=clock.now - timedelta(days=100), until=clock.now
    )

    (hana,) = result.enrollments
    assert (hana.order_id, hana.triggered_at) == ("h1", clock.now - timedelta(days=80))
    assert [s.outcome for s in hana.steps] == ["sent", "sent", "not_reached"]
    assert (hana.left_at, hana.left_reason) == (clock.now - timedelta(days=70), "purchased_again")
