"""The operator page against a live server: the plugin's URL space plus a fake Saleor sign-in,
the fake's tokens accepted by the API, seeded results on real Postgres."""

import shutil
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from saleor_stepmail.engine import integration as integration_module
from tests.factories import make_scenario

from . import fake_saleor
from .browser import chromium, console_errors
from .seed import seed_customer_path, seed_results

PAGE = "/plugins/stepmail/dashboard/"


@pytest.fixture
def fake_saleor_site(settings):
    """Saleor's sign-in at /saleor/graphql/ of the same server; the page is told to use it."""
    settings.ROOT_URLCONF = "tests.dashboard.urls"
    fake_saleor.SALEOR.reset()
    integration_module.current_integration.cache_clear()
    with override_settings(
        STEPMAIL={
            "integration": "tests.dashboard.fake_saleor.FakeSaleorIntegration",
            "saleor_api_url": "/saleor/graphql/",
        }
    ):
        yield fake_saleor.SALEOR
    integration_module.current_integration.cache_clear()


@pytest.fixture
def seeded(transactional_db):
    now = timezone.now()
    results = seed_results(at=now - timedelta(days=10))
    seed_customer_path(results.scenario, email="hana@example.com", at=now - timedelta(days=12))
    make_scenario(slug="unpaid-reminders", trigger="unpaid_order", status="paused", delays=(0, 3))
    return results


def _driven(language: str):
    """A browser for one test; the page must have logged no error to the console by its end."""
    driver = chromium(language=language)
    try:
        yield driver
        assert console_errors(driver) == []
    finally:
        driver.quit()
        shutil.rmtree(driver.profile_dir, ignore_errors=True)


@pytest.fixture
def browser():
    yield from _driven("en-US")


@pytest.fixture
def browser_ja():
    yield from _driven("ja-JP")
