"""Fixtures for the reliability and worker tests: a shared send log, children cleaned up."""

import pytest

from .processes import Child, child_env
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

    def start(module: str, *args: str) -> Child:
        child = Child.python_module(module, *args, env=child_env(send_log))
        children.append(child)
        return child

    yield start
    for child in children:
        child.kill()
