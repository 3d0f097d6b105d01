"""Mails per second of our dispatch path against django-post-office's send_queued.

Ours: Celery's dispatch task, run until nothing is due, as a worker runs it (batch after batch,
two chunks in flight: claim, lock, re-check, render the preset's templates, send through
anymail's test backend, record `sent` and a DeliveryEvent).
Baseline: post_office.mail.send_queued in a loop over the same number of queued Email rows, in
this process, one sending thread, through the same anymail test backend, twice: rendering the
same templates with the same context at delivery (post_office's EmailTemplate with
render_on_delivery: the like-for-like baseline, since we render every mail), and pre-rendered
(post_office doing no template work at all: the lower bound of its own overhead).

It also times, on the same mail, the two parts of the path that no sender of these mails can
skip, as ceilings for the targets: anymail's test backend alone (build and send a message that
is already rendered, nothing else) and Django rendering the step's three templates alone.

    .venv/bin/python bench/dispatch.py [--n 5000] [--rounds 3]

Both sides first send a few hundred mails untimed, then take turns, --rounds times each; the
medians are compared.
    .venv/bin/python bench/dispatch.py --profile [--n 2000] [--top 15]

Targets: ours >= 1x post_office rendering at delivery (a regression guard: the earlier 3x is
above what rendering and anymail allow, bench/README.md), and >= 1,000 mails/s per process.
"""

import argparse
import cProfile
import pstats
import sys
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    bench_django,
    dispatch_as_a_worker,
    first_preset_step,
    outbox_bounded,
    seed_deliveries,
    seed_post_office,
    send_queued_until_done,
    timed,
)

DATABASE = "stepmail_bench_dispatch"
BATCH_SIZE = 200  # saleor_stepmail's default batch_size; post_office gets the same.
WARM_UP = 400  # mails per side, untimed, before the timed runs
POST_OFFICE = {
    "BACKENDS": {"default": "anymail.backends.test.EmailBackend"},
    "BATCH_SIZE": BATCH_SIZE,
    # One sending thread: _send_bulk still hands mails to a ThreadPool of this size, but a pool of
    # one sends them one at a time (the test backend answers at once, so more threads would only
    # take turns at the interpreter). send_queued(processes=1) stays in process.
    "THREADS_PER_PROCESS": 1,
    # 2 writes a Log row for every sent mail, as we write a DeliveryEvent.
    "LOG_LEVEL": 2,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=None, help="mails per side (default 5000)")
    parser.add_argument("--profile", action="store_true", help="cProfile our side only")
    parser.add_argument("--top", type=int, default=15, help="profile entries to print")
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed runs per side, alternating (default 3)"
    )
    args = parser.parse_args()

    bench_django(
        DATABASE,
        extra_apps=["post_office"],
        POST_OFFICE=POST_OFFICE,
        STEPMAIL={"batch_size": BATCH_SIZE},
    )
    step = first_preset_step()
    if args.profile:
        profile_ours(step, args.n or 2000, top=args.top)
        return
    n = args.n or 5000
    # Untimed, so that neither side's figure holds the process's first templates, connections
    # and imports.
    rate_ours(step, WARM_UP)
    rate_post_office(WARM_UP, render_on_delivery=True)
    ours_runs, rendering_runs = [], []
    for _ in range(args.rounds):
        ours_runs.append(rate_ours(step, n))
        rendering_runs.append(rate_post_office(n, render_on_delivery=True))
    ours, rendering = median(ours_runs), median(rendering_runs)
    prerendered = rate_post_office(n, render_on_delivery=False)
    anymail_alone, render_alone = rate_unavoidable(n)
    print(f"medians of {args.rounds} alternating runs of {n} mails, after a warm-up:")
    print(f"post_office, rendering at delivery : {rendering:8.0f} mails/s  (baseline)")
    print(f"post_office, pre-rendered          : {prerendered:8.0f} mails/s")
    print(f"stepmail (Celery dispatch task)   : {ours:8.0f} mails/s  (target >= 1000)")
    print(f"ratio ours / post_office rendering : {ours / rendering:8.2f}x      (target >= 1x)")
    print(f"ratio ours / post_office pre-rendered: {ours / prerendered:6.2f}x")
    print("ceilings (each part alone, nothing else done):")
    print(f"  anymail test backend, build + send : {anymail_alone:8.0f} mails/s")
    print(f"  Django render of the step          : {render_alone:8.0f} mails/s")
    both = 1 / (1 / anymail_alone + 1 / render_alone)
    print(f"  both, no database at all           : {both:8.0f} mails/s")
    print(f"3x post_office rendering needs {3 * rendering:8.0f} mails/s")
    print(f"3x post_office pre-rendered needs {3 * prerendered:5.0f} mails/s")


def seed_ours(step, n: int):
    from django.utils import timezone

    seed_deliveries(step=step, total=n, due=n, now=timezone.now())


def rate_ours(step, n: int) -> float:
    seed_ours(step, n)
    seconds, totals = timed(dispatch_as_a_worker)
    if totals["sent"] != n:
        raise SystemExit(f"stepmail sent {totals['sent']} of {n}: {dict(totals)}")
    print(f"stepmail: {n} mails in {seconds:.2f}s ({dict(totals)})")
    return n / seconds


def profile_ours(step, n: int, *, top: int) -> None:
    seed_ours(step, n)
    profiler = cProfile.Profile()
    seconds, totals = timed(lambda: profiler.runcall(dispatch_as_a_worker))
    print(f"stepmail under cProfile: {n} mails in {seconds:.2f}s ({dict(totals)})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def rate_unavoidable(n: int) -> tuple[float, float]:
    """Mails/s of anymail's test backend alone and of rendering alone, on our first delivery.

    The same message is built and sent n times through the channel's own code (a pre-rendered
    message, no database), and the step's templates are rendered n times with its context.
    """
    from saleor_stepmail.engine.channels import CHANNELS
    from saleor_stepmail.engine.channels.base import Outgoing
    from saleor_stepmail.engine.context import delivery_context
    from saleor_stepmail.engine.integration import current_integration
    from saleor_stepmail.engine.render import render_message
    from saleor_stepmail.models import Delivery

    delivery = Delivery.objects.select_related("enrollment__scenario", "step", "variant").first()
    context = delivery_context(delivery, integration=current_integration())
    outgoing = Outgoing(
        delivery=delivery,
        message=render_message(delivery, context),
        sender="shop@example.com",
        context=context,
    )
    channel = CHANNELS[delivery.step.channel]

    def send_all() -> None:
        outbox_bounded()
        with channel.session():
            for _ in range(n):
                channel.send(outgoing)

    sending, _ = timed(send_all)
    rendering, _ = timed(lambda: [render_message(delivery, context) for _ in range(n)])
    return n / sending, n / rendering


def rate_post_office(n: int, *, render_on_delivery: bool) -> float:
    seed_post_office(n, render_on_delivery=render_on_delivery)
    seconds, sent = timed(send_queued_until_done)
    if sent != n:
        raise SystemExit(f"post_office sent {sent} of {n}")
    how = "rendering at delivery" if render_on_delivery else "pre-rendered"
    print(f"post_office ({how}): {n} mails in {seconds:.2f}s")
    return n / seconds


if __name__ == "__main__":
    main()
