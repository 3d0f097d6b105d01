import importlib.util

import pytest
from django.conf import settings


def test_saleor_suite_runs_in_a_saleor_environment():
    if importlib.util.find_spec("saleor") is None:
        pytest.skip(
            "Saleor is not installed: tests/saleor/ needs it "
            "(docs/development.md, 'Testing against Saleor')"
        )
    if not settings.SETTINGS_MODULE.startswith("saleor."):
        pytest.skip(
            "tests/saleor/ runs with --ds=saleor.tests.settings "
            "(docs/development.md, 'Testing against Saleor')"
        )
