"""Child processes for the reliability tests: started on the test database, read line by line."""

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from .recording import BACKEND_PATH, SENDS_KEY_SETTING, SendLog

REPO = Path(__file__).resolve().parents[2]
# The queue a test's Celery worker and beat use (read by beat_app).
QUEUE_ENV = "STEPMAIL_TEST_QUEUE"


def current_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test copy, not the dev one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_env(send_log: SendLog) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "standalone.settings",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_BACKEND": BACKEND_PATH,
        SENDS_KEY_SETTING: send_log.key,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }


class Child:
    """A subprocess whose merged output a thread reads into a queue, so reads can time out."""

    def __init__(self, args: list[str], *, env: dict[str, str]) -> None:
        self.args = args
        self.process = subprocess.Popen(
            args,
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self.output: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    @classmethod
    def celery(cls, *args: str, env: dict[str, str]) -> "Child":
        return cls([sys.executable, "-m", "celery", *args], env=env)

    @classmethod
    def python_module(cls, module: str, *args: str, env: dict[str, str]) -> "Child":
        return cls([sys.executable, "-m", module, *args], env=env)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def expect(self, prefix: str, *, timeout: float, anywhere: bool = False) -> str:
        """The rest of the next line starting with (or, `anywhere`, holding) `prefix`.

        Fails with the child's output if no such line comes within `timeout` seconds.
        """
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} within {timeout}s:\n{self.log()}") from None
            if line is None:
                raise AssertionError(f"exited before {prefix!r}:\n{self.log()}")
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
            if anywhere and prefix in line:
                return line.partition(prefix)[2].strip()

    def send_line(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def log(self) -> str:
        return f"$ {' '.join(self.args)}\n{''.join(self.output)}"

    def stop(self, *, timeout: float = 20) -> int:
        """SIGTERM (a Celery worker's warm shutdown) and wait; SIGKILL if it will not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"did not stop within {timeout}s:\n{self.log()}") from None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
