"""The standalone database, made ready before `make demo` and `make page` migrate it.

DATABASE_URL (standalone/settings.py) may name a database that does not exist yet. On the local
server, the one `make services` starts (127.0.0.1, localhost), it is created; anywhere else, or
when the server does not answer, one line says what to do, instead of a traceback from
`migrate`. Run as `python -m standalone.database`: exit 0 when the database is there, 2 if not.
"""

import sys

import psycopg
from psycopg import sql

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Every PostgreSQL server has it: where to ask whether a database exists and to create one.
MAINTENANCE_DATABASE = "postgres"


class DatabaseProblem(Exception):
    """The database is not there and this setup cannot make it so: one line saying what to do."""


def _connect(database: dict, name: str) -> psycopg.Connection:
    return psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=name,
        connect_timeout=5,
        autocommit=True,
    )


def _reason(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    return first.removeprefix("connection failed: ")


def database_prepare(database: dict, *, may_create: bool) -> bool:
    """Make sure Django's `database` exists; True when this created it. DatabaseProblem when it
    is missing and not `may_create`, or the server does not let us in."""
    name, server = database["NAME"], f"{database['HOST']}:{database['PORT']}"
    try:
        _connect(database, name).close()
        return False
    except psycopg.OperationalError as exc:
        refused = exc
    try:
        with _connect(database, MAINTENANCE_DATABASE) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists:
                raise DatabaseProblem(f"Cannot open database {name!r}: {_reason(refused)}")
            if not may_create:
                raise DatabaseProblem(
                    f"Database {name!r} does not exist on {server}: create it there "
                    f"(createdb -h {database['HOST']} -p {database['PORT']} "
                    f"-U {database['USER']} {name}) or point DATABASE_URL at one that does."
                )
            try:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except psycopg.errors.DuplicateDatabase:
                return False  # another setup created it a moment ago
            return True
    except psycopg.Error as exc:
        raise DatabaseProblem(
            f"PostgreSQL at {server} did not let us in ({_reason(exc)}): check that it runs "
            "(`make services` starts the local one) and that DATABASE_URL's user may connect."
        ) from None


def main() -> int:
    try:
        from standalone.settings import DATABASES
    except ValueError as exc:  # a URL that is not postgres://
        print(f"DATABASE_URL: {exc}", file=sys.stderr)
        return 2
    database = DATABASES["default"]
    try:
        created = database_prepare(database, may_create=database["HOST"] in LOCAL_HOSTS)
    except DatabaseProblem as exc:
        print(exc, file=sys.stderr)
        return 2
    if created:
        print(f"Created the database {database['NAME']!r} on {database['HOST']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
