"""The repeat-rate reports (engine/repeat_rate.py) over 100,000 and over 1,000,000 orders.

Seeds a recorded history (the order rows without a shop, engine/order_rows.py) by INSERT ...
SELECT generate_series: orders of customers spread over two years, one order in three by a
returning customer, guests and accounts, five acquisition sources, three categories, two
currencies; 95% paid, 3% of those cancelled or refunded later; and enrolments of a program
with a 10% holdout for one first order in ten. Each report is checked to be one statement,
then timed at the small size, the history grown to the large size and timed again: the least
of --repeat runs, as the shared machine's other load only ever adds to a run (at 100,000
orders it doubled some medians). Prints each report's time at both sizes and the ratio large /
small, which is no worse than linear when it is at most large / small orders (10x).

    .venv/bin/python bench/repeat_rate.py [--small 100000] [--large 1000000] [--repeat 5]
"""

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, timed

DATABASE = "stepmail_bench_repeat_rate"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
HISTORY_DAYS = 730


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=100_000, help="orders, first run")
    parser.add_argument("--large", type=int, default=1_000_000, help="orders, second run")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the least is shown")
    args = parser.parse_args()

    bench_django(DATABASE)
    from saleor_stepmail.models import Scenario

    scenario = Scenario.objects.create(
        slug="bench-second-purchase", name="Bench", trigger="first_paid_order", status="active"
    )
    times = {}
    for size, first in ((args.small, 1), (args.large, args.small + 1)):
        seconds, _ = timed(lambda f=first, s=size: seed_orders(first=f, last=s, scenario=scenario))
        print(f"seeded orders {first:,} to {size:,} in {seconds:.1f}s")
        times[size] = {name: least_seconds(report, args) for name, report in reports()}
        for name, seconds in times[size].items():
            print(f"  {name:<32} {seconds * 1000:9.1f} ms")
    grown = args.large / args.small
    print(f"\nratio {args.large:,} / {args.small:,} orders ({grown:.0f}x the orders):")
    for name in times[args.small]:
        ratio = times[args.large][name] / times[args.small][name]
        verdict = "linear or better" if ratio <= grown else "WORSE than linear"
        print(f"  {name:<32} {ratio:5.1f}x  {verdict}")


def reports():
    from saleor_stepmail.engine.repeat_rate import (
        CohortDimension,
        days_to_second_order,
        program_effects,
        repeat_rates,
        revenue_per_customer,
    )

    cohort = {"start": NOW - timedelta(days=HISTORY_DAYS), "end": NOW, "now": NOW}
    found = [
        (f"repeat_rates by {by.value}", lambda by=by: repeat_rates(by=by, **cohort))
        for by in CohortDimension
    ]
    return [
        *found,
        ("days_to_second_order", lambda: days_to_second_order(**cohort)),
        ("revenue_per_customer", lambda: revenue_per_customer(**cohort)),
        ("program_effects", lambda: program_effects(**cohort)),
    ]


def least_seconds(report, args) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report()  # also warms the cache: every run reads the same pages
    if len(queries) != 1:
        raise SystemExit(f"a report took {len(queries)} queries, not one")
    return min(timed(report)[0] for _ in range(args.repeat))


def seed_orders(*, first: int, last: int, scenario) -> None:
    """Orders `first` to `last`: created, paid (19 in 20), cancelled or refunded (1 in 33 of
    the paid), and an enrolment for one first order in ten."""
    from django.db import connection

    from saleor_stepmail.models import Enrollment, InboundEvent

    inbound, enrollment = InboundEvent._meta.db_table, Enrollment._meta.db_table
    # Order i belongs to customer c: one order in three goes to an earlier customer.
    customer = "CASE WHEN i %% 3 = 0 THEN abs(hashint8(i)) %% (i - 1) + 1 ELSE i END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {inbound} (type, occurred_at, order_id, user_id, email, channel_slug,
                line_user_id, external_id, processed_at, attempts, error, facts)
            SELECT 'order_created', at, 'o' || i,
                CASE WHEN c %% 4 = 0 THEN (c / 4)::text ELSE '' END,
                'c' || c || '@example.com', CASE WHEN c %% 7 = 0 THEN 'jp' ELSE 'web' END,
                '', '', at, 0, '',
                jsonb_build_object(
                    'total', (1000 + i %% 5000)::text,
                    'currency', CASE WHEN c %% 10 = 0 THEN 'USD' ELSE 'JPY' END,
                    'category', (ARRAY['green-tea', 'teapots', 'sweets'])[1 + c %% 3],
                    'metadata', CASE WHEN c %% 5 = 0 THEN '{{}}'::jsonb ELSE jsonb_build_object(
                        'utm_source',
                        (ARRAY['instagram', 'google', 'line', 'newsletter'])[1 + c %% 4],
                        'utm_medium', 'cpc', 'utm_campaign', 'spring') END)
            FROM (
                SELECT i, {customer} AS c,
                    %(now)s - interval '{HISTORY_DAYS} days' + (i %% 7919) * interval '1 hour'
                        * {HISTORY_DAYS * 24 / 7919} + (i / 97) * interval '1 second' AS at
                FROM generate_series(%(first)s, %(last)s) AS i
            ) orders
            """,
            {"now": NOW, "first": first, "last": last},
        )
        cursor.execute(
            f"""
            INSERT INTO {inbound} (type, occurred_at, order_id, user_id, email, channel_slug,
                line_user_id, external_id, processed_at, attempts, error, facts)
            SELECT t.type, e.occurred_at + t.after, e.order_id, '', '', '', '', '',
                e.occurred_at, 0, '', '{{}}'::jsonb
            FROM {inbound} e
            CROSS JOIN (VALUES ('order_fully_paid', interval '1 minute', 1),
                ('order_cancelled', interval '3 days', 33),
                ('order_fully_refunded', interval '9 days', 66)) AS t(type, after, every)
            WHERE e.type = 'order_created' AND substr(e.order_id, 2)::bigint
                BETWEEN %(first)s AND %(last)s
                AND substr(e.order_id, 2)::bigint %% 20 <> 0
                AND (t.every = 1 OR substr(e.order_id, 2)::bigint %% t.every = 1)
            """,
            {"first": first, "last": last},
        )
        cursor.execute(
            f"""
            INSERT INTO {enrollment} (scenario_id, email, user_id, line_user_id,
                source_order_id, reentry_key, channel_slug, triggered_at, state, exit_reason,
                ended_at, context, holdout, created_at)
            SELECT %(scenario)s, e.email, e.user_id, '', e.order_id, '', e.channel_slug,
                e.occurred_at, 'completed', '', e.occurred_at, '{{}}'::jsonb,
                substr(e.order_id, 2)::bigint %% 100 < 10, e.occurred_at
            FROM {inbound} e
            WHERE e.type = 'order_created' AND substr(e.order_id, 2)::bigint
                BETWEEN %(first)s AND %(last)s AND substr(e.order_id, 2)::bigint %% 30 = 1
            """,
            {"scenario": scenario.pk, "first": first, "last": last},
        )
        cursor.execute(f"VACUUM ANALYZE {inbound}")
        cursor.execute(f"VACUUM ANALYZE {enrollment}")


if __name__ == "__main__":
    main()
