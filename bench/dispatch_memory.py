"""Peak memory of one process dispatching a large backlog.

Seeds 100,000 due deliveries in SQL, then runs dispatch_due until nothing is due, printing
the resident set after setup, as it goes, and at its peak (ru_maxrss). With --tracemalloc it
also reports the peak of Python allocations (several times slower).

    .venv/bin/python bench/dispatch_memory.py [--n 100000] [--every 20000] [--tracemalloc]

Target: peak RSS < 200 MB.
"""

import argparse
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    bench_django,
    current_rss_mb,
    dispatch_until_done,
    first_preset_step,
    peak_rss_mb,
    seed_deliveries,
    timed,
)

DATABASE = "stepmail_bench_memory"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="mails to dispatch")
    parser.add_argument("--every", type=int, default=20_000, help="print RSS every this many")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.utils import timezone

    seed_deliveries(step=first_preset_step(), total=args.n, due=args.n, now=timezone.now())
    baseline = current_rss_mb()
    print(f"after setup: RSS {baseline:.1f} MB, peak so far {peak_rss_mb():.1f} MB")
    if args.tracemalloc:
        tracemalloc.start()

    marks = iter(range(args.every, args.n + args.every, args.every))
    next_mark = next(marks)

    def report_progress(totals) -> None:
        nonlocal next_mark
        if totals["claimed"] >= next_mark:
            print(f"  {totals['claimed']:>9,} dispatched: RSS {current_rss_mb():.1f} MB")
            next_mark = next(marks, float("inf"))

    seconds, totals = timed(lambda: dispatch_until_done(on_batch=report_progress))
    print(f"dispatched {totals['claimed']:,} in {seconds:.1f}s: {dict(totals)}")
    if args.tracemalloc:
        _, traced_peak = tracemalloc.get_traced_memory()
        print(f"tracemalloc peak during dispatch: {traced_peak / 2**20:.1f} MB")
    peak = peak_rss_mb()
    print(f"RSS after setup {baseline:.1f} MB, peak {peak:.1f} MB (target < 200 MB)")
    print(f"growth during dispatch: {peak - baseline:.1f} MB")


if __name__ == "__main__":
    main()
