"""What a simulation costs beside living the same history.

The simulator replays history through the engine itself (engine/rehearsal.py), so it should
cost about what the engine spends when that history happens: the baseline is the engine
living it (each hook recorded and applied, the tick at each moment a mail falls due), in the
same run, on the same data. N first orders over 60 days (paid at checkout) into the
second-purchase program (six mails); prints both times, the simulation's time per trigger and
per mail, and their ratio.

    .venv/bin/python bench/simulate.py [--customers 100]

Target: simulation / living <= 1.5 (they do the same work; the simulation adds the temporary
tables and its reading back). MAX_SIMULATED_TRIGGERS in engine/simulate.py follows from the
time per trigger.
"""

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from itertools import groupby
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, outbox_bounded, timed

DATABASE = "stepmail_bench_simulate"
START = datetime(2026, 6, 1, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100, help="first orders in 60 days")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.db import transaction

    from saleor_stepmail.engine.simulate import scenario_simulate
    from saleor_stepmail.presets import scenario_create_from_preset

    program = scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    history = orders(args.customers)
    with transaction.atomic():  # one transaction, as the simulation's: the same commit costs
        living, _ = timed(lambda: live(history))
        transaction.set_rollback(True)
    record(history)
    simulating, result = timed(
        lambda: scenario_simulate(scenario=program, since=START, until=START + timedelta(days=61))
    )
    mails = sum(len(e.steps) for e in result.enrollments)
    print(f"{args.customers} first orders, {mails} mails planned, {result.sent_count} sent")
    print(f"living the history:     {living:7.2f} s (baseline)")
    print(f"simulating it:          {simulating:7.2f} s")
    print(
        f"per trigger: {simulating / args.customers * 1000:.0f} ms, per mail: "
        f"{simulating / max(mails, 1) * 1000:.1f} ms"
    )
    print(f"ratio simulation/living: {simulating / living:.2f} (target <= 1.5)")


def orders(n: int) -> list[tuple[datetime, str, str]]:
    """n first orders at random minutes of 60 days, each paid in its checkout."""
    draw = random.Random(1)
    return sorted(
        (START + timedelta(minutes=draw.randrange(60 * 24 * 60)), f"o-{i}", f"c{i}@example.com")
        for i in range(n)
    )


def record(history) -> None:
    from saleor_stepmail.engine.inbox import inbound_record

    for at, order_id, email in history:
        for kind in ("order_created", "order_fully_paid"):
            inbound_record(type=kind, occurred_at=at, order_id=order_id, email=email)


def live(history) -> None:
    """The engine living the history: the tick at each due moment before an event, the event
    recorded by its hooks and applied by the worker."""
    from django.db.models import Min

    from saleor_stepmail.engine.dispatch import dispatch_due
    from saleor_stepmail.engine.inbox import inbound_apply_pending
    from saleor_stepmail.models import Delivery
    from saleor_stepmail.vocabulary import PENDING_DELIVERY_STATES

    pending = Delivery.objects.filter(state__in=PENDING_DELIVERY_STATES)

    def tick_before(moment) -> None:
        while (due := pending.aggregate(first=Min("available_at"))["first"]) is not None:
            if moment is not None and due >= moment:
                return
            dispatch_due(now=due)
            outbox_bounded()

    for at, moment in groupby(history, key=lambda order: order[0]):
        tick_before(at)
        record(list(moment))
        inbound_apply_pending(now=at)
    tick_before(None)


if __name__ == "__main__":
    main()
