"""Win-back: customers with no paid order for a scenario's days since their last one.

The shop has no event for a customer going quiet, so the tick finds them, as it finds abandoned
checkouts. A customer's dormancy begins `dormant_days` after a paid order (not cancelled, expired or
fully refunded) that no paid order followed within those days; its event happens then, names that
last order (the goal `purchased_again` ends the enrolment on any new order, and a new paid order
starts the count again), and fires once: each active scenario's scan goes forward in time from where
it stopped (`Scenario.dormancy_scanned_until`, the moment of its activation at first). The
integration reads the orders (inside Saleor, Saleor's; without a shop, the recorded history), in one
statement per scan; backfills and the simulator read the same dormancies over a past period
(scenario_past_events).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from ..conf import stepmail_settings
from ..models import Scenario
from ..vocabulary import ScenarioStatus, Trigger
from .clock import database_now
from .enrollment import ActiveScenarios, record_event
from .events import Event
from .integration import Integration, current_integration

logger = logging.getLogger(__name__)

# Outcome names beside the dispatch's and the abandoned checkouts': the tick reports them all.
FOUND = "customers_dormant"
FAILED = "customers_dormant_failed"


def customers_detect_dormant(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """For each active win-back scenario, apply the dormancies that began since its last scan
    and by `now`, up to `limit` each (the batch size); returns the outcomes.

    A scenario another tick is scanning is skipped (SKIP LOCKED): a dormancy fires once.
    """
    now = now or database_now()
    limit = limit or stepmail_settings().batch_size
    integration = current_integration()
    outcomes: Counter = Counter()
    scenarios = Scenario.objects.filter(
        status=ScenarioStatus.ACTIVE, trigger=Trigger.CUSTOMER_DORMANT, dormant_days__isnull=False
    )
    for scenario_id in scenarios.values_list("pk", flat=True):
        with transaction.atomic():
            scenario = (
                Scenario.objects.select_for_update(skip_locked=True)
                .filter(pk=scenario_id, status=ScenarioStatus.ACTIVE)
                .first()
            )
            if scenario is None:
                continue
            if scenario.dormancy_scanned_until is None:
                # Activated without scenario_status_set (a preset created active): from now on.
                scenario.dormancy_scanned_until = now
                scenario.save(update_fields=["dormancy_scanned_until"])
                continue
            events = integration.dormancies(
                days=scenario.dormant_days,
                days_by_category=scenario.dormant_days_by_category,
                since=scenario.dormancy_scanned_until,
                until=now,
                limit=limit,
            )
            outcomes += _apply(scenario, events, now=now)
            # A full batch stops at its last dormancy; the next tick goes on from there.
            scenario.dormancy_scanned_until = (
                events[-1].occurred_at if len(events) == limit else now
            )
            scenario.save(update_fields=["dormancy_scanned_until"])
    return outcomes


def _apply(scenario: Scenario, events: Iterable[Event], *, now: datetime) -> Counter:
    outcomes: Counter = Counter()
    only_this = _OneScenario(scenario)
    for event in events:
        try:
            with transaction.atomic():
                record_event(event, now=now, scenarios=only_this)
        except Exception:
            # Counted and left: one lost mail is better than a scan stuck on one customer.
            logger.exception(
                "stepmail: dormancy of order %s in scenario %s could not be applied",
                event.order_id,
                scenario.slug,
            )
            outcomes[FAILED] += 1
        else:
            outcomes[FOUND] += 1
    return outcomes


class _OneScenario(ActiveScenarios):
    """A dormancy is the scenario's own (its days): it enrols in that scenario only."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self._only = scenario.pk

    def fired_by(self, triggers: list) -> list[Scenario]:
        return [s for s in super().fired_by(triggers) if s.pk == self._only]


def scenario_past_events(
    shop: Integration, scenario: Scenario, since: datetime, until: datetime
) -> list[Event]:
    """The events since `since` that fire the scenario's trigger, oldest first, for a backfill
    or the simulator: for win-back, the dormancies of the scenario's days that began by
    `until`; for every other trigger, the integration's past events."""
    if scenario.trigger == Trigger.CUSTOMER_DORMANT:
        if not scenario.dormant_days:
            return []
        return shop.dormancies(
            days=scenario.dormant_days,
            days_by_category=scenario.dormant_days_by_category,
            since=since,
            until=until,
            limit=None,
        )
    return [e for e in shop.past_events(Trigger(scenario.trigger), since) if e.occurred_at < until]
