"""The standalone site with the demo staff sign-in (standalone/signin.py): `make page`
serves the operator page on the demo's data. For trying the product on one machine only."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "standalone.page_urls"
STEPMAIL = {"integration": "standalone.signin.DemoSignInIntegration"}
