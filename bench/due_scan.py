"""Does claiming due deliveries cost the same whatever the backlog of not-yet-due ones?

Claims 1,000 due deliveries among 10,000 scheduled, then among 1,000,000 scheduled (the same
1,000 due, the rest due from tomorrow on), and prints the median claim time of each and their
ratio, with the claim query's plan at 1,000,000.

    .venv/bin/python bench/due_scan.py [--small 10000] [--large 1000000] [--repeat 7]

Target: large / small <= 1.5.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, first_preset_step, seed_deliveries, timed

DATABASE = "stepmail_bench_due_scan"
DUE = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="scheduled rows, baseline")
    parser.add_argument("--large", type=int, default=1_000_000, help="scheduled rows, backlog")
    parser.add_argument("--repeat", type=int, default=7, help="claims per size; median is shown")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.utils import timezone

    now = timezone.now()
    step = first_preset_step()
    seed_deliveries(step=step, total=args.small, due=DUE, now=now)
    small = median_claim_seconds(now=now, repeat=args.repeat)
    seconds, _ = timed(
        lambda: seed_deliveries(step=step, total=args.large - args.small, due=0, now=now)
    )
    print(f"seeded {args.large - args.small:,} more not-due deliveries in {seconds:.1f}s")
    large = median_claim_seconds(now=now, repeat=args.repeat)
    print(claim_plan(now=now))
    print(f"claim {DUE:,} among {args.small:>9,} scheduled: {small * 1000:7.1f} ms (baseline)")
    print(f"claim {DUE:,} among {args.large:>9,} scheduled: {large * 1000:7.1f} ms")
    print(f"ratio large/small: {large / small:.2f} (target <= 1.5)")


def median_claim_seconds(*, now, repeat: int) -> float:
    from saleor_stepmail.engine.claim import claim_due_deliveries

    times = []
    for _ in range(repeat):
        seconds, (_, claimed) = timed(lambda: claim_due_deliveries(now=now, limit=DUE))
        if len(claimed) != DUE:
            raise SystemExit(f"claimed {len(claimed)} deliveries, expected {DUE}")
        times.append(seconds)
        unclaim()
    return statistics.median(times)


def unclaim() -> None:
    """Put the claimed rows back as they were seeded, and vacuum away the old row versions."""
    from django.db import connection

    from saleor_stepmail.models import Delivery

    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = 'scheduled', claim_token = NULL, available_at = due_at,"
            " attempts = 0 WHERE state = 'claimed'"
        )
        cursor.execute(f"VACUUM ANALYZE {table}")


def claim_plan(*, now) -> str:
    """EXPLAIN ANALYZE of the SELECT ... FOR UPDATE that claim_due_deliveries sends."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from saleor_stepmail.engine.claim import claim_due_deliveries

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        claim_due_deliveries(now=now, limit=DUE)
        transaction.set_rollback(True)
    (select,) = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {select}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return f"{select}\n{plan}"


if __name__ == "__main__":
    main()
