import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from saleor_stepmail.conf import stepmail_settings


@pytest.fixture(autouse=True)
def fresh_settings():
    # The environment is read once per process; these tests change it on purpose.
    stepmail_settings.cache_clear()
    yield
    stepmail_settings.cache_clear()


def test_environment_sets_what_a_saleor_deployment_cannot_put_in_settings(monkeypatch):
    monkeypatch.setenv("STEPMAIL_TICK_SECONDS", "60")
    monkeypatch.setenv("STEPMAIL_FROM_EMAIL", "shop@example.jp")

    config = stepmail_settings()

    assert (config.tick_seconds, config.from_email) == (60, "shop@example.jp")


@override_settings(STEPMAIL={"tick_seconds": 15})
def test_django_settings_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("STEPMAIL_TICK_SECONDS", "60")

    assert stepmail_settings().tick_seconds == 15


def test_a_malformed_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("STEPMAIL_BATCH_SIZE", "lots")

    with pytest.raises(ImproperlyConfigured, match="STEPMAIL_BATCH_SIZE must be a int, not 'lots'"):
        stepmail_settings()


@override_settings(STEPMAIL={"tick_secs": 15})
def test_an_unknown_setting_is_refused_with_the_known_names():
    with pytest.raises(ImproperlyConfigured, match="Unknown STEPMAIL settings: tick_secs; known:"):
        stepmail_settings()
