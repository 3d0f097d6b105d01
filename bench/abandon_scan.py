"""Does finding abandoned checkouts cost the same whatever the number of checkout snapshots?

Runs the tick's detection query (engine/abandonment.py: the oldest `batch` snapshots idle for
an hour, FOR UPDATE SKIP LOCKED) with 1,000 abandoned checkouts among 10,000 snapshots, then
among 1,000,000 (the same 1,000 abandoned; the others completed, already mailed, empty, without
an email, or changed within the hour), and prints the median time of each, their ratio and the
query's plan at 1,000,000.

    .venv/bin/python bench/abandon_scan.py [--small 10000] [--large 1000000] [--repeat 7]

Target: large / small <= 1.5 (the partial index `checkoutsnapshot_waiting`, not a scan).
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, timed

DATABASE = "stepmail_bench_abandon"
ABANDONED = 1000
BATCH = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="snapshots, baseline")
    parser.add_argument("--large", type=int, default=1_000_000, help="snapshots, large table")
    parser.add_argument("--repeat", type=int, default=7, help="queries per size; median shown")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.utils import timezone

    now = timezone.now()
    seed_snapshots(first=1, last=args.small, now=now)
    small = median_detect_seconds(now=now, repeat=args.repeat)
    seconds, _ = timed(lambda: seed_snapshots(first=args.small + 1, last=args.large, now=now))
    print(f"seeded {args.large - args.small:,} more snapshots in {seconds:.1f}s")
    large = median_detect_seconds(now=now, repeat=args.repeat)
    print(detect_plan(now=now))
    print(f"find {BATCH} among {args.small:>9,} snapshots: {small * 1000:7.2f} ms (baseline)")
    print(f"find {BATCH} among {args.large:>9,} snapshots: {large * 1000:7.2f} ms")
    print(f"ratio large/small: {large / small:.2f} (target <= 1.5)")


def seed_snapshots(*, first: int, last: int, now) -> None:
    """Snapshots `first`..`last` in SQL. Ids up to ABANDONED are abandoned (idle two hours and
    more); the others, by id modulo 10: 0-3 completed, 4-6 already found abandoned, 7 empty,
    8 without an email, 9 changed within the hour (waiting in the index, not idle yet)."""
    from django.db import connection

    from saleor_stepmail.models import CheckoutSnapshot

    table = CheckoutSnapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (checkout_token, email, user_id, channel_slug, line_count,
                content, changed_at, completed_at, abandoned_at)
            SELECT 'token-' || i,
                CASE WHEN i > %(abandoned)s AND i %% 10 = 8 THEN ''
                     ELSE 'customer' || i || '@example.com' END,
                i::text, 'default-channel',
                CASE WHEN i > %(abandoned)s AND i %% 10 = 7 THEN 0 ELSE 2 END,
                %(content)s::jsonb,
                CASE WHEN i <= %(abandoned)s
                         THEN %(now)s - interval '2 hours' - i * interval '1 second'
                     WHEN i %% 10 = 9 THEN %(now)s - (i %% 3600) * interval '1 second'
                     ELSE %(now)s - interval '3 days' - (i %% 86400) * interval '1 second' END,
                CASE WHEN i > %(abandoned)s AND i %% 10 <= 3 THEN %(now)s END,
                CASE WHEN i > %(abandoned)s AND i %% 10 BETWEEN 4 AND 6 THEN %(now)s END
            FROM generate_series(%(first)s, %(last)s) AS i
            """,
            {
                "abandoned": ABANDONED,
                "now": now,
                "first": first,
                "last": last,
                "content": '{"lines": [{"variant_id": "1", "quantity": 2}]}',
            },
        )
        cursor.execute(f"VACUUM ANALYZE {table}")


def _detect_query(now):
    from saleor_stepmail.conf import stepmail_settings
    from saleor_stepmail.engine.abandonment import abandoned_checkouts

    idle_since = now - stepmail_settings().checkout_idle
    return abandoned_checkouts(idle_since=idle_since).select_for_update(skip_locked=True)[:BATCH]


def median_detect_seconds(*, now, repeat: int) -> float:
    """The detection query, each time in a transaction rolled back (the rows stay abandoned)."""
    from django.db import transaction

    times = []
    for _ in range(repeat + 1):
        with transaction.atomic():
            seconds, found = timed(lambda: list(_detect_query(now)))
            transaction.set_rollback(True)
        if len(found) != BATCH:
            raise SystemExit(f"found {len(found)} abandoned checkouts, expected {BATCH}")
        times.append(seconds)
    return statistics.median(times[1:])  # the first run warms the cache


def detect_plan(*, now) -> str:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # Compiled inside the transaction: Django refuses FOR UPDATE in autocommit.
        sql, params = _detect_query(now).query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


if __name__ == "__main__":
    main()
