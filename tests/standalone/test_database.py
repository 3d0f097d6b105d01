"""A newcomer's DATABASE_URL naming a database that does not exist yet (standalone/database.py)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from standalone.database import DatabaseProblem, database_prepare

ROOT = Path(__file__).resolve().parents[2]


def _server() -> dict:
    """The test server, as Django's settings name it."""
    return dict(settings.DATABASES["default"])


def _url(name: str) -> str:
    server = _server()
    return f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{name}"


def _run(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "standalone.settings"}
    return subprocess.run(
        [sys.executable, "-m", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _drop(name: str) -> None:
    server = _server()
    with psycopg.connect(
        host=server["HOST"], port=server["PORT"], user=server["USER"], dbname="postgres",
        autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def missing_database():
    """A database name nobody has created, unique to this test run's own database."""
    name = f"{_server()['NAME']}_newcomer"
    _drop(name)
    yield name
    _drop(name)


def test_make_demos_setup_creates_the_database_its_url_names_on_the_local_server(
    missing_database,
):
    url = _url(missing_database)

    first = _run("standalone.database", url=url)
    again = _run("standalone.database", url=url)
    migrated = _run("django", "migrate", "-v", "0", url=url)  # the next line of `make demo`

    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout == f"Created the database {missing_database!r} on {_server()['HOST']}.\n"
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert (migrated.returncode, migrated.stderr) == (0, "")


def test_a_database_missing_on_a_server_not_ours_to_change_is_one_line_saying_what_to_do(
    missing_database,
):
    server = {**_server(), "NAME": missing_database}

    with pytest.raises(DatabaseProblem) as refused:
        database_prepare(server, may_create=False)

    assert str(refused.value) == (
        f"Database {missing_database!r} does not exist on {server['HOST']}:{server['PORT']}: "
        f"create it there (createdb -h {server['HOST']} -p {server['PORT']} -U {server['USER']} "
        f"{missing_database}) or point DATABASE_URL at one that does."
    )


@pytest.mark.parametrize(
    ("url", "start"),
    [
        (
            "postgres://postgres@127.0.0.1:1/stepmail",
            "PostgreSQL at 127.0.0.1:1 did not let us in (",
        ),
        ("mysql://root@127.0.0.1/stepmail", "DATABASE_URL: DATABASE_URL must be a postgres://"),
    ],
    ids=["server-not-answering", "not-postgres"],
)
def test_a_server_that_does_not_answer_or_a_url_not_for_postgres_is_one_line(url, start):
    run = _run("standalone.database", url=url)

    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith(start) and run.stderr.count("\n") == 1


@pytest.mark.parametrize("target", ["demo", "page"])
def test_make_demo_and_make_page_prepare_the_database_before_migrating(target):
    commands = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    prepare = next(i for i, line in enumerate(commands) if "-m standalone.database" in line)
    migrate = next(i for i, line in enumerate(commands) if "-m django migrate" in line)
    assert prepare < migrate
