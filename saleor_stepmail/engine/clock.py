"""The one clock every worker shares: the database's.

What is due, how long a claim holds, when a lease has run out: each worker compares its time
with times other workers wrote. Hosts' clocks drift apart (a worker minutes fast would send
due mail early, in quiet hours too, and take rows whose lease is still running; one minutes
slow would write leases that have already ended), so every worker reads the time from
Postgres, as the send rate does (engine/budget.py). A `now` passed in (tests, the demo, a
rehearsal) replaces it.
"""

from datetime import datetime

from django.db import connection


def database_now() -> datetime:
    """The database's time at this moment (clock_timestamp(), not the transaction's start)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]
