import pytest
from django.test import override_settings

from saleor_stepmail.engine import integration as integration_module
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery

from ..factories import make_scenario, order_created

PUBLIC_URL = "https://api.shop.example/plugins/stepmail"


@pytest.fixture
def public_url():
    with override_settings(STEPMAIL={"public_url": PUBLIC_URL}):
        yield PUBLIC_URL


@pytest.fixture
def sent_delivery(public_url, clock, outbox) -> Delivery:
    """One first-step mail sent to hana@example.com, with tracking on."""
    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    return Delivery.objects.select_related("enrollment").get(state="sent")


class NoTracking(integration_module.Integration):
    def tracking_enabled(self, enrollment) -> bool:
        return False


@pytest.fixture
def tracking_off():
    integration_module.current_integration.cache_clear()
    settings = {"public_url": PUBLIC_URL, "integration": "tests.tracking.conftest.NoTracking"}
    with override_settings(STEPMAIL=settings):
        yield
    integration_module.current_integration.cache_clear()
