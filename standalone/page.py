"""The operator page without Saleor (`make page`): http://127.0.0.1:8000/plugins/stepmail/dashboard/
(`python -m standalone.page 8001` for another port).

Serves the standalone site on its own database (`<DATABASE_URL's name>_page`, made afresh at
each start) with the results the browser tests look at, and the browser tests' stand-in for
Saleor's sign-in (tests/dashboard/fake_saleor.py): sign in as ops@shop.test with the password
"correct horse battery". Inside Saleor the page signs staff in with their Saleor account.
"""

import os
import sys
from datetime import timedelta

import django
import psycopg

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standalone.settings")
os.environ["STEPMAIL_INTEGRATION"] = "tests.dashboard.fake_saleor.FakeSaleorIntegration"
os.environ["STEPMAIL_SALEOR_API_URL"] = "/saleor/graphql/"

from django.conf import settings  # noqa: E402

DATABASE = settings.DATABASES["default"]["NAME"] + "_page"
settings.DATABASES["default"]["NAME"] = DATABASE
settings.ROOT_URLCONF = "tests.dashboard.urls"
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.dashboard.fake_saleor import OPERATOR_EMAIL, OPERATOR_PASSWORD  # noqa: E402
from tests.dashboard.seed import seed_customer_path, seed_results  # noqa: E402
from tests.factories import make_scenario  # noqa: E402


def database_recreate() -> None:
    server = settings.DATABASES["default"]
    with psycopg.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"],
        host=server["HOST"],
        port=server["PORT"],
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')


def main(argv: list[str]) -> int:
    port = argv[0] if argv else "8000"
    database_recreate()
    call_command("migrate", verbosity=0)
    now = timezone.now()
    results = seed_results(at=now - timedelta(days=10))
    seed_customer_path(results.scenario, email="hana@example.com", at=now - timedelta(days=12))
    make_scenario(slug="unpaid-reminders", trigger="unpaid_order", status="paused", delays=(0, 3))
    print(
        f"Operator page: http://127.0.0.1:{port}/plugins/stepmail/dashboard/\n"
        f"Sign in as {OPERATOR_EMAIL} / {OPERATOR_PASSWORD} (a stand-in for Saleor's sign-in).\n"
        f"Database {DATABASE}; Ctrl-C stops the server."
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
