"""The Celery app of the standalone setup (the demo and the worker tests).

Inside Saleor, Saleor's own app (`saleor.celeryconf:app`) autodiscovers saleor_stepmail.tasks
and its beat picks up the tick (saleor_stepmail/beat.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standalone.settings")

app = Celery("standalone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["saleor_stepmail"])


@app.on_after_configure.connect
def schedule_tick(sender: Celery, **kwargs) -> None:
    # Django may start before this app exists, so AppConfig.ready registered the tick elsewhere.
    from saleor_stepmail.beat import register_tick

    register_tick(sender)
