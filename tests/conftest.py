"""Shared fixtures. Tests use the real PostgreSQL and Redis and stop early when they are down."""

import socket
from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail

from .factories import Clock

START_SERVICES = "Start them with `make services` (see README.md, 'Services')."


def _reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        address = (parts.hostname or "127.0.0.1", parts.port or default_port)
        with socket.create_connection(address, timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = [
        f"{name} at {url}"
        for name, url, port in (
            ("PostgreSQL", settings.DATABASE_URL, 5432),
            ("Redis", settings.REDIS_URL, 6379),
        )
        if not _reachable(url, port)
    ]
    if missing:
        pytest.exit(f"Not reachable: {', '.join(missing)}. {START_SERVICES}", returncode=3)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
