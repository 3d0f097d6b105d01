"""The standalone site with the demo staff sign-in (standalone/signin.py): `make page`
serves the operator page on the demo's data. For trying the product on one machine only."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "standalone.page_urls"
STEPMAIL = {"integration": "standalone.signin.DemoSignInIntegration"}

# A backfill started on the page is queued on the standalone Celery app (Redis, where the worker
# `make page` starts reads it), not on Celery's unconfigured default app, where it would wait
# forever.
from . import celery  # noqa: E402, F401
