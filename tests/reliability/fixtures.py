"""Fixtures for the reliability and worker tests: a shared send log, children cleaned up."""

import pytest

from .processes import Child, child_env
from .provider import LoopbackProvider
from .recording import BACKEND_PATH, SENDS_KEY_SETTING, SendLog


@pytest.fixture
def send_log(settings):
    """A fresh Redis log of sends; this process's mail goes to it too."""
    log = SendLog.unique()
    settings.EMAIL_BACKEND = BACKEND_PATH
    setattr(settings, SENDS_KEY_SETTING, log.key)
    yield log
    log.clear()


@pytest.fixture
def spawn(send_log):
    """Start `python -m MODULE ARGS...` on the test database; every child is killed at the end.

    Children must be gone before pytest-django flushes the database, or the flush waits on them.
    """
    children: list[Child] = []

    def start(module: str, *args: str, env: dict[str, str] | None = None) -> Child:
        child = Child.python_module(module, *args, env={**child_env(send_log), **(env or {})})
        children.append(child)
        return child

    yield start
    for child in children:
        child.kill()


@pytest.fixture
def provider(settings, send_log):
    """A loopback Postmark answering after 20 ms; this process's mail goes to it through
    anymail's real Postmark backend (child processes: STEPMAIL_TEST_PROVIDER_URL).

    After send_log, whose backend it replaces in this process."""
    with LoopbackProvider(latency=0.02) as loopback:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = loopback.anymail_settings()
        yield loopback
