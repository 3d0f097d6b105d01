import pytest
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.inbox import MAX_ATTEMPTS, inbound_apply_pending, inbound_record
from saleor_stepmail.models import Enrollment, InboundEvent

from ..factories import make_scenario

pytestmark = pytest.mark.django_db


class PickyIntegration(integration_module.Integration):
    """Refuses to build events for one order, as when the shop's order row is unreadable."""

    def event_for(self, inbound):
        if inbound.order_id == "broken":
            raise LookupError("order broken not found")
        event = super().event_for(inbound)
        return type(event)(**{**event.__dict__, "is_first_order": True, "is_paid": False})


@pytest.fixture(autouse=True)
def picky_integration():
    integration_module.current_integration.cache_clear()
    with override_settings(STEPMAIL={"integration": "tests.engine.test_inbox.PickyIntegration"}):
        yield
    integration_module.current_integration.cache_clear()


def _record(kind, clock, order_id="o1", **delta):
    return inbound_record(
        type=kind,
        occurred_at=clock.advance(**delta) if delta else clock.now,
        order_id=order_id,
        email="hana@example.com",
        channel_slug="default-channel",
    )


def test_hook_records_are_applied_in_the_order_they_happened(
    clock, django_capture_on_commit_callbacks
):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order")
    with django_capture_on_commit_callbacks() as queued:
        _record("order_created", clock)
        _record("order_fully_paid", clock, minutes=5)

    assert len(queued) == 2  # each hook asks a worker to apply it after the commit
    assert inbound_apply_pending(now=clock.now) == 2
    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "paid")
    assert not InboundEvent.objects.filter(processed_at__isnull=True).exists()


def test_a_failing_event_is_kept_with_its_error_and_does_not_block_the_others(clock):
    make_scenario(trigger="unpaid_order", goals=("paid",), reentry="per_order")
    _record("order_created", clock, order_id="broken")
    _record("order_created", clock, order_id="fine", minutes=1)

    assert inbound_apply_pending(now=clock.now) == 1

    broken = InboundEvent.objects.get(order_id="broken")
    assert (broken.attempts, broken.processed_at) == (1, None)
    assert "order broken not found" in broken.error
    assert Enrollment.objects.get().source_order_id == "fine"


def test_an_event_that_keeps_failing_is_set_aside_after_the_last_attempt(clock):
    _record("order_created", clock, order_id="broken")

    for _ in range(MAX_ATTEMPTS + 2):
        inbound_apply_pending(now=clock.advance(seconds=30))

    broken = InboundEvent.objects.get()
    assert broken.attempts == MAX_ATTEMPTS
    assert broken.processed_at is not None


def test_a_customers_events_share_one_inbox_partition_however_the_shop_spells_the_address(clock):
    spellings = ["hana@example.com", " Hana@Example.COM", "HANA@EXAMPLE.COM "]
    for n, email in enumerate(spellings):
        inbound_record(type="order_created", occurred_at=clock.now, order_id=f"o{n}", email=email)
    inbound_record(type="order_created", occurred_at=clock.now, order_id="o9", email="ken@a.jp")

    partitions = dict(InboundEvent.objects.values_list("order_id", "partition"))
    assert partitions["o0"] == partitions["o1"] == partitions["o2"]
    assert 0 <= partitions["o9"] < 256
