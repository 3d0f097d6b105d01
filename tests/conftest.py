"""Shared fixtures. Tests use the real PostgreSQL and Redis and stop early when they are down."""

import socket
from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from .factories import HOST_ROOT, Clock, make_scenario, order_created
from .line_double import LINE_SECRET, LINE_TOKEN, start_line_double

# tests/saleor/ runs under Saleor's own settings (docs/development.md, "Testing against Saleor");
# under the standalone settings it is left out and tests/test_saleor_suite.py says why.
RUNNING_IN_SALEOR = settings.SETTINGS_MODULE.startswith("saleor.")
collect_ignore = [] if RUNNING_IN_SALEOR else ["saleor"]

START_SERVICES = "Start them with `make services` (see docs/development.md, 'Services')."


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _services() -> list[tuple[str, str, int]]:
    database = settings.DATABASES["default"]
    redis = urlparse(getattr(settings, "REDIS_URL", "") or settings.CELERY_BROKER_URL or "")
    services = [("PostgreSQL", database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))]
    if redis.scheme == "redis":
        services.append(("Redis", redis.hostname or "127.0.0.1", redis.port or 6379))
    return services


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = [
        f"{name} at {host}:{port}" for name, host, port in _services() if not _reachable(host, port)
    ]
    if missing:
        pytest.exit(f"Not reachable: {', '.join(missing)}. {START_SERVICES}", returncode=3)


PUBLIC_URL = "https://api.shop.example/plugins/stepmail"


@pytest.fixture
def public_url():
    """The plugin's public root for links in mail (tracked links, unsubscribe)."""
    with override_settings(STEPMAIL={"public_url": PUBLIC_URL}):
        yield PUBLIC_URL


@pytest.fixture
def no_public_url():
    """No public root for the plugin, whatever STEPMAIL_PUBLIC_URL a deployment's environment
    sets: mail carries no tracked links, no open pixel and no unsubscribe link."""
    with override_settings(STEPMAIL={"public_url": ""}):
        yield


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def line_api():
    """The double, with STEPMAIL pointing at it and a LINE channel's token and secret set."""
    double, server = start_line_double()
    stepmail = {
        "line_api_url": double.url,
        "line_channel_access_token": LINE_TOKEN,
        "line_channel_secret": LINE_SECRET,
    }
    with override_settings(STEPMAIL=stepmail):
        yield double
    server.shutdown()
    server.server_close()


@pytest.fixture
def sent_delivery(public_url, clock, outbox):
    """One first-step mail sent to hana@example.com, with tracking on."""
    from saleor_stepmail.engine.dispatch import dispatch_due
    from saleor_stepmail.engine.enrollment import record_event
    from saleor_stepmail.models import Delivery

    make_scenario(delays=(0, 3))
    record_event(order_created(clock.now))
    dispatch_due(now=clock.now)
    return Delivery.objects.select_related("enrollment").get(state="sent")


@pytest.fixture
def tracking_off():
    """Tracking switched off by the integration (NoTracking): links stay as written."""
    from saleor_stepmail.engine import integration as integration_module

    integration_module.current_integration.cache_clear()
    settings = {"public_url": PUBLIC_URL, "integration": "tests.factories.NoTracking"}
    with override_settings(STEPMAIL=settings):
        yield
    integration_module.current_integration.cache_clear()


@pytest.fixture
def host_root():
    """No STEPMAIL public_url; the host (HostKnowsThePluginsRoot) says where the plugin is."""
    from saleor_stepmail.engine import integration as integration_module

    integration_module.current_integration.cache_clear()
    settings = {"public_url": "", "integration": "tests.factories.HostKnowsThePluginsRoot"}
    with override_settings(STEPMAIL=settings):
        yield HOST_ROOT
    integration_module.current_integration.cache_clear()
