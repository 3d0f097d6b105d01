"""The page server of `make page` hands its jobs (a backfill) to the worker that `make page`
starts: the standalone Celery app on Redis, not Celery's default app without a broker."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import django
django.setup()
from saleor_stepmail import tasks
print(tasks.backfill.app.main, tasks.backfill.app.conf.broker_url)
"""


def test_a_backfill_started_on_the_page_server_goes_to_the_workers_broker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "standalone.page_settings",
        "PYTHONPATH": str(ROOT),
    }

    probe = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    app, broker = probe.stdout.split()
    assert app == "standalone"
    assert broker == os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
