"""Mails per second against a provider with a real round trip: ours vs django-post-office.

A Postmark-compatible API runs on 127.0.0.1 in a process of its own
(tests/reliability/provider.py) and answers every call after `--latency-ms`. Both sides send
through anymail's real Postmark backend, with ANYMAIL["POSTMARK_API_URL"] pointed at it, the
same mails (the second-purchase preset's first step, rendered at delivery on both sides):

- ours: dispatch_due until nothing is due, in this process, with the default settings
  (send_concurrency calls in flight per process);
- post_office: send_queued until nothing is queued, in this process, with its defaults
  (THREADS_PER_PROCESS = 5, BATCH_SIZE = 100);
- ours again in 1 and then 2 worker processes started side by side on the same backlog.

It prints mails/s, the ratio, the ceiling `send_concurrency / latency`, the most calls the
provider saw at once, and the idempotency keys it accepted more than once.

    .venv/bin/python bench/provider_latency.py [--n 2000] [--latency-ms 50]

Targets: ours >= 3x post_office at 50 ms; ours >= 0.8 of the ceiling until the CPU is the
limit; 2 processes >= 1.7x one; 0 duplicates.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, bench_django, dispatch_until_done, first_preset_step, seed_deliveries

DATABASE = "stepmail_bench_provider"
BACKEND = "anymail.backends.postmark.EmailBackend"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Ten batches of 200 by default: two processes share a backlog batch by batch.
    parser.add_argument("--n", type=int, default=2000, help="mails per run (default 2000)")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--provider-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args.provider_url)
        return

    provider = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.provider", f"--latency-ms={args.latency_ms}"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = provider.stdout.readline().split()[1]
        run(args.n, latency=args.latency_ms / 1000, url=url)
    finally:
        provider.stdin.close()
        provider.wait()


def django_for(url: str, *, fresh: bool) -> None:
    bench_django(
        DATABASE,
        fresh=fresh,
        extra_apps=["post_office"],
        EMAIL_BACKEND=BACKEND,
        ANYMAIL={"POSTMARK_SERVER_TOKEN": "loopback", "POSTMARK_API_URL": url},
    )


def run(n: int, *, latency: float, url: str) -> None:
    django_for(url, fresh=True)
    from saleor_stepmail.conf import stepmail_settings

    concurrency = stepmail_settings().send_concurrency
    step = first_preset_step()

    ours = rate_ours(step, n, url=url)
    ours_stats = provider_stats(url)
    post_office = rate_post_office(n, url=url)
    one = rate_processes(step, n, processes=1, url=url)
    two = rate_processes(step, n, processes=2, url=url)
    two_stats = provider_stats(url)

    ceiling = concurrency / latency
    print(f"provider latency                   : {latency * 1000:8.0f} ms")
    print(f"post_office (defaults, 5 threads)  : {post_office:8.1f} mails/s  (baseline)")
    print(f"stepmail dispatch_due, 1 process   : {ours:8.1f} mails/s")
    print(f"ratio ours / post_office           : {ours / post_office:8.2f}x      (target >= 3x)")
    print(
        f"ceiling send_concurrency / latency : {ceiling:8.1f} mails/s  "
        f"(ours at {ours / ceiling:.2f} of it, target >= 0.8)"
    )
    print(f"most provider calls at once (ours) : {ours_stats['max_in_flight']:8d}")
    print(f"duplicate idempotency keys (ours)  : {ours_stats['duplicates']:8d}      (target 0)")
    print(f"stepmail, 1 worker process         : {one:8.1f} mails/s")
    print(f"stepmail, 2 worker processes       : {two:8.1f} mails/s")
    print(f"ratio 2 processes / 1              : {two / one:8.2f}x      (target >= 1.7x)")
    print(f"most provider calls at once (2 p.) : {two_stats['max_in_flight']:8d}")
    print(f"duplicate idempotency keys (2 p.)  : {two_stats['duplicates']:8d}      (target 0)")


def provider_stats(url: str, *, reset: bool = True) -> dict:
    with urllib.request.urlopen(url + "stats") as response:
        stats = json.load(response)
    if reset:
        urllib.request.urlopen(urllib.request.Request(url + "reset", data=b"{}")).close()
    return stats


def rate_ours(step, n: int, *, url: str) -> float:
    from django.utils import timezone

    provider_stats(url)
    seed_deliveries(step=step, total=n, due=n, now=timezone.now())
    started = time.perf_counter()
    totals = dispatch_until_done()
    seconds = time.perf_counter() - started
    if totals["sent"] != n:
        raise SystemExit(f"stepmail sent {totals['sent']} of {n}: {dict(totals)}")
    print(f"stepmail: {n} mails in {seconds:.2f}s")
    return n / seconds


def rate_processes(step, n: int, *, processes: int, url: str) -> float:
    """Ours in `processes` worker processes started together on a backlog of n due mails."""
    from django.utils import timezone

    provider_stats(url)
    seed_deliveries(step=step, total=n, due=n, now=timezone.now())
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", f"--provider-url={url}"],
            cwd=ROOT,
            env={**os.environ},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        if worker.stdout.readline().strip() != "ready":
            raise SystemExit("a worker did not start")
    started = time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    sent = sum(int(worker.stdout.readline().split()[1]) for worker in workers)
    seconds = time.perf_counter() - started
    for worker in workers:
        worker.wait()
    if sent != n:
        raise SystemExit(f"{processes} processes sent {sent} of {n}")
    print(f"stepmail, {processes} process(es): {n} mails in {seconds:.2f}s")
    return n / seconds


def run_worker(url: str) -> None:
    django_for(url, fresh=False)
    print("ready", flush=True)
    sys.stdin.readline()
    print("sent", dispatch_until_done()["sent"], flush=True)


def rate_post_office(n: int, *, url: str) -> float:
    """post_office's send_queued with its default settings, on n mails rendered at delivery."""
    import logging

    from django.conf import settings
    from post_office.mail import send_queued
    from post_office.models import PRIORITY, STATUS, Email, EmailTemplate

    from saleor_stepmail.engine.dispatch import message_context
    from saleor_stepmail.engine.integration import current_integration
    from saleor_stepmail.models import Delivery

    logging.getLogger("post_office").setLevel(logging.WARNING)
    sample = Delivery.objects.select_related("enrollment__scenario", "step").first()
    step = sample.step
    template, _ = EmailTemplate.objects.update_or_create(
        name="bench-step",
        defaults={
            "subject": step.subject_template,
            "content": step.text_template,
            "html_content": step.html_template,
        },
    )
    ours = message_context(sample, current_integration())
    context = json.loads(json.dumps({k: v for k, v in ours.items() if not callable(v)}))
    Email.objects.bulk_create(
        (
            Email(
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[f"customer{i}@example.com"],
                status=STATUS.queued,
                priority=PRIORITY.medium,
                template=template,
                context=context,
            )
            for i in range(n)
        ),
        batch_size=1000,
    )
    provider_stats(url)
    started = time.perf_counter()
    sent = 0
    while True:
        batch_sent, failed, requeued = send_queued(processes=1)
        if not (batch_sent or failed or requeued):
            break
        sent += batch_sent
    seconds = time.perf_counter() - started
    if sent != n:
        raise SystemExit(f"post_office sent {sent} of {n}")
    stats = provider_stats(url)
    print(f"post_office: {n} mails in {seconds:.2f}s (most calls at once {stats['max_in_flight']})")
    return n / seconds


if __name__ == "__main__":
    main()
