"""Does finding dormant customers cost the same whatever the number of customers?

Runs the tick's win-back query without a shop (engine/history.py `dormancies_in_history`, one
statement: the paid orders placed in the window that puts their dormancy in the last day, each
without a paid order of the same address in the 120 days after it), for one batch of 200, over
the recorded history of 10,000 customers, then of 1,000,000 (one to three orders each over two
years, most paid, a few cancelled), and prints the median time of each, their ratio and the
statement's plan at 1,000,000.

    .venv/bin/python bench/dormancy_scan.py [--small 10000] [--large 1000000] [--repeat 7]

Target: large / small <= 2 (the indexes `inboundevent_type_time`, `inboundevent_order` and
`inboundevent_customer_history`, not a scan: three lookups per dormancy found, whose cost grows
with the indexes' depth); the abandoned-checkout scan's figure beside it in docs/benchmarks.md.
"""

import argparse
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, timed

DATABASE = "stepmail_bench_dormancy"
DAYS = 120
BATCH = 200
# Customers whose last order makes them dormant within the scanned day, at every size; the
# orders of all the others are outside it.
QUIET = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="customers, baseline")
    parser.add_argument("--large", type=int, default=1_000_000, help="customers, large history")
    parser.add_argument("--repeat", type=int, default=7, help="queries per size; median shown")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.utils import timezone

    now = timezone.now()
    seed_history(first=1, last=args.small, now=now)
    small, found = median_scan_seconds(now=now, repeat=args.repeat)
    seconds, _ = timed(lambda: seed_history(first=args.small + 1, last=args.large, now=now))
    print(f"seeded the orders of {args.large - args.small:,} more customers in {seconds:.1f}s")
    large, found_large = median_scan_seconds(now=now, repeat=args.repeat)
    print(scan_plan(now=now))
    print(f"{found} dormancies among {args.small:>9,} customers: {small * 1000:7.2f} ms (baseline)")
    print(f"{found_large} dormancies among {args.large:>9,} customers: {large * 1000:7.2f} ms")
    print(f"ratio large/small: {large / small:.2f} (target <= 2)")


def seed_history(*, first: int, last: int, now) -> None:
    """The orders of customers `first`..`last` as the hooks record them, in SQL: customer i
    places 1 + i % 3 orders, 150 days apart; the latest is 120 days and i minutes old for the
    first QUIET customers (dormant within the last day), else at an hour spread over the last
    two years outside that day. An order is paid unless (i + k) % 10 = 0, and cancelled when
    (i + k) % 25 = 0."""
    from django.db import connection

    from saleor_stepmail.models import InboundEvent

    table = InboundEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH orders AS (
                SELECT i, k, 'order-' || i || '-' || k AS order_id,
                    'customer' || i || '@example.com' AS email,
                    CASE WHEN i <= %(quiet)s
                        THEN %(now)s - interval '120 days' - i * interval '1 minute'
                        ELSE %(now)s - (CASE WHEN h BETWEEN 120 * 24 AND 121 * 24 + 1
                                             THEN h + 48 ELSE h END) * interval '1 hour'
                    END - k * interval '150 days' AS at
                FROM generate_series(%(first)s, %(last)s) AS i,
                     LATERAL (SELECT (i::bigint * 7919) %% (700 * 24) AS h) AS spread,
                     LATERAL generate_series(0, i %% 3) AS k
            )
            INSERT INTO {table} (type, occurred_at, order_id, user_id, email, channel_slug,
                line_user_id, external_id, processed_at, attempts, error)
            SELECT kind, at + delay, order_id, '', email, 'default-channel', '', '', %(now)s, 0, ''
            FROM orders,
                LATERAL (VALUES ('order_created', interval '0'),
                                ('order_fully_paid', interval '5 minutes'),
                                ('order_cancelled', interval '1 hour')) AS e(kind, delay)
            WHERE kind = 'order_created'
               OR (kind = 'order_fully_paid' AND (i + k) %% 10 <> 0)
               OR (kind = 'order_cancelled' AND (i + k) %% 25 = 0)
            """,
            {"now": now, "first": first, "last": last, "quiet": QUIET},
        )
        cursor.execute(f"VACUUM ANALYZE {table}")


def _scan(now):
    from saleor_stepmail.engine.history import dormancies_in_history

    return dormancies_in_history(days=DAYS, since=now - timedelta(days=1), until=now, limit=BATCH)


def median_scan_seconds(*, now, repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat + 1):
        seconds, found = timed(lambda: _scan(now))
        times.append(seconds)
    return statistics.median(times[1:]), len(found)  # the first run warms the cache


def scan_plan(*, now) -> str:
    """The statement's plan, captured as Django runs it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _scan(now)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {captured.captured_queries[-1]['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())


if __name__ == "__main__":
    main()
