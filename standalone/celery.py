"""The Celery app of the standalone setup (the demo and the worker tests).

Inside Saleor, Saleor's own app (`saleor.celeryconf:app`) autodiscovers saleor_stepmail.tasks.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standalone.settings")

app = Celery("standalone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["saleor_stepmail"])
