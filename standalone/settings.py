"""Django settings for running saleor_stepmail on its own: the demo, the tests, the benchmarks.

Inside Saleor none of this is used: Saleor's settings load the app through its entry point.
DATABASE_URL and REDIS_URL override the local defaults.
"""

import os
from urllib.parse import unquote, urlparse

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stepmail")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _database(url: str) -> dict:
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, got {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/") or "stepmail",
        "USER": unquote(parts.username or "postgres"),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(parts.port or 5432),
        "TEST": {"NAME": (parts.path.lstrip("/") or "stepmail") + "_test"},
    }


SECRET_KEY = os.environ.get("SECRET_KEY", "stepmail-standalone-not-for-production")
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "anymail",
    "saleor_stepmail",
]
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "standalone.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {},
    }
]

# The app serves its own files (saleor_stepmail/dashboard/assets.py); Django's live server in the
# browser tests needs a STATIC_URL all the same.
STATIC_URL = "/static/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "anymail.backends.test.EmailBackend")
DEFAULT_FROM_EMAIL = "Stepmail Demo Shop <shop@example.com>"

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"saleor_stepmail": {"handlers": ["console"], "level": "WARNING"}},
}
