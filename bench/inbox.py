"""A flash sale: how fast do the hooks' events become enrolments, with 1 and 2 worker processes?

    .venv/bin/python bench/inbox.py [--orders 20000] [--sale-minutes 10] [--workers 1,2]

A sale of `--orders` orders over `--sale-minutes` (20,000 in 10 minutes: 33 orders a second),
from customers of whom one in five orders twice; half the orders are paid in their checkout
(a card: order_created and order_fully_paid at once), half by bank transfer (order_created; the
payments arrive after the sale). The second-purchase program (first paid order) and unpaid
reminders (unpaid order) are active, with a condition on a step. For each number of worker
processes the inbox is reset and:

1. the whole sale is recorded at once, as the hooks would have recorded it, and the workers
   drain it (`inbound_apply_pending`, as the task after each commit and the tick run it):
   events applied a second, and the drain's time as a share of the sale's duration, which is
   when the last day-0 mail is due at the latest (a day-0 delivery is due when its enrolment
   exists);
2. while they drain, this process plays the shop: orders recorded through `inbound_record` in
   a transaction of their own, as the plugin's hook does in Saleor's, each timed with its
   commit and the hand-off to Redis; beside the same orders recorded before the drain;
3. the bank transfers' payments arrive, and the workers apply them (each ends an enrolment).

Then the enrolments of every run are compared: a customer's events must have been applied in
the order they happened (a repeat customer's second order ends the first one's program,
never the reverse), so every run ends with the same enrolments as one worker.
Database `stepmail_bench_inbox`; Redis database 14 for the hand-off.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django  # noqa: E402

DATABASE = "stepmail_bench_inbox"
REDIS_URL = "redis://127.0.0.1:6379/14"
SALE_START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
REPEAT_SHARE = 0.2
HOOK_SAMPLES = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--sale-minutes", type=float, default=10)
    parser.add_argument("--workers", default="1,2", help="worker process counts, in turn")
    parser.add_argument(
        "--checkout-ms",
        type=float,
        default=816,
        help="Saleor's checkoutComplete median (bench/checkout_overhead.py), beside the hook's",
    )
    parser.add_argument("--drainer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["REDIS_URL"] = REDIS_URL
    if args.drainer:
        return drainer()

    bench_django(DATABASE)
    scenarios_create()
    sale_seconds = args.sale_minutes * 60
    sale = sale_events(args.orders, sale_seconds)
    payments = payment_events(args.orders, sale_seconds)
    print(
        f"sale: {args.orders} orders in {args.sale_minutes:g} min "
        f"({args.orders / sale_seconds:.1f} orders/s): {len(sale)} events at once, "
        f"then {len(payments)} bank-transfer payments"
    )
    outcomes: dict[int, Counter] = {}
    rates: dict[int, float] = {}
    for workers in [int(n) for n in args.workers.split(",")]:
        inbox_reset()
        idle = hook_times(HOOK_SAMPLES, tag=f"idle-{workers}")
        events_insert(sale)
        seconds, during = drain(
            workers, while_draining=lambda w=workers: hook_times(HOOK_SAMPLES, tag=f"busy-{w}")
        )
        applied = len(sale) + len(during)
        rates[workers] = applied / seconds
        events_insert(payments)
        paid_seconds, _ = drain(workers)
        outcomes[workers] = enrollment_outcomes()
        print(f"{workers} worker process(es):")
        print(f"  sale applied            : {applied / seconds:8.0f} events/s ({seconds:.1f} s)")
        print(f"  drain / sale duration   : {seconds / sale_seconds:8.2f}  (target well under 1)")
        print(f"  payments applied        : {len(payments) / paid_seconds:8.0f} events/s")
        print(
            f"  hook, idle / draining   : {ms(idle)} / {ms(during)} "
            "(record + commit + hand-off, median and p99)"
        )
        share = statistics.median(during) * 1000 / args.checkout_ms
        print(
            f"  hook / checkoutComplete : {share:8.1%} of {args.checkout_ms:g} ms, while draining"
        )
    first = min(outcomes)
    for workers, outcome in outcomes.items():
        same = "same as" if outcome == outcomes[first] else "DIFFERENT from"
        print(f"enrolments with {workers}: {dict(sorted(outcome.items()))} ({same} {first})")
    if len(rates) > 1:
        print(f"ratio {max(rates)} workers / {first}: {rates[max(rates)] / rates[first]:.2f}x")


def scenarios_create() -> None:
    from saleor_stepmail.models import Step
    from saleor_stepmail.presets import scenario_create_from_preset

    program = scenario_create_from_preset(preset="second-purchase", activate=True)
    scenario_create_from_preset(preset="unpaid-reminder", activate=True)
    Step.objects.filter(scenario=program, position=1).update(
        conditions=[{"fact": "customer.orders_count", "op": "lt", "value": 2}]
    )


def customer_of(order: int, orders: int) -> int:
    """Four orders in five from new customers; the rest from earlier ones (a second order)."""
    firsts = int(orders * (1 - REPEAT_SHARE))
    return order if order < firsts else random.Random(order).randrange(firsts)


def sale_events(orders: int, sale_seconds: float) -> list[tuple]:
    events = []
    for order in range(orders):
        at = SALE_START + timedelta(seconds=sale_seconds * order / orders)
        email = f"c{customer_of(order, orders)}@example.com"
        events.append(("order_created", at, f"order-{order}", email))
        if order % 2 == 0:  # a card: paid in its checkout
            events.append(("order_fully_paid", at, f"order-{order}", email))
    return events


def payment_events(orders: int, sale_seconds: float) -> list[tuple]:
    paid_from = SALE_START + timedelta(seconds=sale_seconds, hours=1)
    return [
        (
            "order_fully_paid",
            paid_from + timedelta(seconds=order),
            f"order-{order}",
            f"c{customer_of(order, orders)}@example.com",
        )
        for order in range(1, orders, 2)
    ]


def events_insert(events: list[tuple]) -> None:
    from saleor_stepmail.models import InboundEvent

    InboundEvent.objects.bulk_create(
        (
            InboundEvent(
                type=kind, occurred_at=at, order_id=order_id, email=email, channel_slug="jp"
            )
            for kind, at, order_id, email in events
        ),
        batch_size=2000,
    )


def inbox_reset() -> None:
    from django.db import connection

    from saleor_stepmail.models import Delivery, Enrollment, InboundEvent

    with connection.cursor() as cursor:
        for model in (InboundEvent, Delivery, Enrollment):
            cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")


def hook_times(n: int, *, tag: str) -> list[float]:
    """`n` orders recorded as the plugin's hook records them, each in its own transaction."""
    from django.db import transaction

    from saleor_stepmail.engine.inbox import inbound_record

    times = []
    at = SALE_START + timedelta(days=1)
    for i in range(n):
        started = time.perf_counter()
        with transaction.atomic():
            inbound_record(
                type="order_created",
                occurred_at=at + timedelta(seconds=i),
                order_id=f"hook-{tag}-{i}",
                email=f"hook-{tag}-{i}@example.com",
                channel_slug="jp",
            )
        times.append(time.perf_counter() - started)
        time.sleep(0.01)
    return times


def drain(workers: int, while_draining=None) -> tuple[float, list[float]]:
    """Start `workers` drainer processes, let them go at once; seconds until all are done."""
    command = [sys.executable, __file__, "--drainer"]
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]}
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        for _ in range(workers)
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    during = while_draining() if while_draining else []
    for process in processes:
        process.wait()
    return time.perf_counter() - started, during


def drainer() -> None:
    bench_django(DATABASE, fresh=False)
    from saleor_stepmail.engine.inbox import inbound_apply_pending
    from saleor_stepmail.models import InboundEvent

    now = SALE_START + timedelta(days=2)
    print("ready", flush=True)
    sys.stdin.readline()
    pending = InboundEvent.objects.filter(processed_at__isnull=True)
    while True:
        if inbound_apply_pending(now=now):
            continue
        if not pending.exists():
            return
        time.sleep(0.005)  # what is left is another drainer's for now


def enrollment_outcomes() -> Counter:
    from saleor_stepmail.models import Enrollment

    return Counter(
        f"{slug}:{state}"
        for slug, state in Enrollment.objects.exclude(email__startswith="hook-").values_list(
            "scenario__slug", "state"
        )
    )


def ms(times: list[float]) -> str:
    if not times:
        return "-"
    p99 = sorted(times)[int(len(times) * 0.99) - 1]
    return f"{statistics.median(times) * 1000:.1f} ms, {p99 * 1000:.1f} ms"


if __name__ == "__main__":
    main()
