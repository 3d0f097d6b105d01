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

It prints mails/s, the ratio, the most calls the provider saw at once, and the idempotency
keys it accepted more than once. Then ours once per `--sweep` value of send_concurrency, each
against the lower of its two ceilings: the round trip's, `send_concurrency / latency`, and the
CPU's, the mails/s of one whole core at the CPU time each mail cost the process (its user and
system time, every thread). Python runs one thread at a time, so one core is what a worker
process has, whatever the machine.

    .venv/bin/python bench/provider_latency.py [--n 2000] [--latency-ms 50] [--sweep 5,10,25]

Targets: ours >= 3x post_office at 50 ms; ours >= 0.8 of the ceiling until the CPU is the
limit (of the lower ceiling, at every send_concurrency of the sweep); 2 processes >= 1.7x one;
0 duplicates.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import (
    ROOT,
    bench_django,
    dispatch_as_a_worker,
    first_preset_step,
    seed_deliveries,
    seed_post_office,
    send_queued_until_done,
)

DATABASE = "stepmail_bench_provider"
BACKEND = "anymail.backends.postmark.EmailBackend"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Ten batches of 200 by default: two processes share a backlog batch by batch.
    parser.add_argument("--n", type=int, default=2000, help="mails per run (default 2000)")
    parser.add_argument("--latency-ms", type=float, default=50)
    parser.add_argument(
        "--sweep",
        default="5,10,25",
        help="send_concurrency values to run ours at, against their ceilings (default 5,10,25)",
    )
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
        sweep = [int(value) for value in args.sweep.split(",") if value]
        run(args.n, latency=args.latency_ms / 1000, url=url, sweep=sweep)
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


def run(n: int, *, latency: float, url: str, sweep: list[int]) -> None:
    django_for(url, fresh=True)
    from saleor_stepmail.conf import stepmail_settings

    concurrency = stepmail_settings().send_concurrency
    step = first_preset_step()

    ours = rate_ours(step, n, url=url)
    ours_stats = provider_stats(url)
    post_office = rate_post_office(n, url=url)
    scaling = []
    for value in (concurrency, min(sweep)):
        one = rate_processes(step, n, processes=1, url=url, send_concurrency=value)
        two = rate_processes(step, n, processes=2, url=url, send_concurrency=value)
        scaling.append((value, one, two, provider_stats(url)))
    swept = [(value, rate_ours(step, n, url=url, send_concurrency=value)) for value in sweep]

    print(f"provider latency                   : {latency * 1000:8.0f} ms")
    print(f"post_office (defaults, 5 threads)  : {post_office:8.1f} mails/s  (baseline)")
    print(
        f"stepmail, 1 process                : {ours.rate:8.1f} mails/s  "
        f"(send_concurrency {concurrency})"
    )
    ratio = ours.rate / post_office
    print(f"ratio ours / post_office           : {ratio:8.2f}x      (target >= 3x)")
    print(f"most provider calls at once (ours) : {ours_stats['max_in_flight']:8d}")
    print(f"duplicate idempotency keys (ours)  : {ours_stats['duplicates']:8d}      (target 0)")
    print("ours against its ceilings, 1 process (target >= 0.8 of the lower):")
    print("  send_concurrency  round trip  one core  ours mails/s  cores used  of the lower")
    for value, measured in swept:
        round_trip = value / latency
        lower = min(round_trip, measured.one_core)
        print(
            f"  {value:16d}  {round_trip:10.1f}  {measured.one_core:8.1f}  {measured.rate:12.1f}"
            f"  {measured.cores:10.2f}  {measured.rate / lower:12.2f}"
        )
    print(
        f"1 and 2 worker processes on one backlog (target >= 1.7x while the machine's "
        f"{os.cpu_count()} cores are not the limit):"
    )
    print("  send_concurrency  1 process  2 processes  ratio  machine cores busy  most calls  dup.")
    for value, one, two, stats in scaling:
        print(
            f"  {value:16d}  {one.rate:9.1f}  {two.rate:11.1f}  {two.rate / one.rate:4.2f}x"
            f"  {two.cores:18.2f}  {stats['max_in_flight']:10d}  {stats['duplicates']:4d}"
        )


def provider_stats(url: str, *, reset: bool = True) -> dict:
    with urllib.request.urlopen(url + "stats") as response:
        stats = json.load(response)
    if reset:
        urllib.request.urlopen(urllib.request.Request(url + "reset", data=b"{}")).close()
    return stats


@dataclass(frozen=True)
class Measured:
    rate: float  # mails/s
    # CPU time per second of wall time: of the process (every thread, user and system), or of
    # the whole machine for several processes.
    cores: float

    @property
    def one_core(self) -> float:
        """The mails/s of one whole core at the CPU time each mail cost."""
        return self.rate / self.cores


def rate_ours(step, n: int, *, url: str, send_concurrency: int | None = None) -> Measured:
    from django.test import override_settings
    from django.utils import timezone

    provider_stats(url)
    seed_deliveries(step=step, total=n, due=n, now=timezone.now())
    overrides = {"send_concurrency": send_concurrency} if send_concurrency else {}
    with override_settings(STEPMAIL=overrides):
        cpu, started = time.process_time(), time.perf_counter()
        totals = dispatch_as_a_worker()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if totals["sent"] != n:
        raise SystemExit(f"stepmail sent {totals['sent']} of {n}: {dict(totals)}")
    label = f"send_concurrency {send_concurrency}" if send_concurrency else "defaults"
    print(f"stepmail ({label}): {n} mails in {seconds:.2f}s, {cpu:.2f}s of CPU")
    return Measured(rate=n / seconds, cores=cpu / seconds)


def rate_processes(step, n: int, *, processes: int, url: str, send_concurrency: int) -> Measured:
    """Ours in `processes` worker processes started together on a backlog of n due mails, and
    the cores the whole machine kept busy meanwhile (every process: workers, Postgres, the
    provider)."""
    from django.utils import timezone

    provider_stats(url)
    seed_deliveries(step=step, total=n, due=n, now=timezone.now())
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", f"--provider-url={url}"],
            cwd=ROOT,
            env={**os.environ, "STEPMAIL_SEND_CONCURRENCY": str(send_concurrency)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        if worker.stdout.readline().strip() != "ready":
            raise SystemExit("a worker did not start")
    busy, started = machine_busy(), time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    sent = sum(int(worker.stdout.readline().split()[1]) for worker in workers)
    seconds, busy = time.perf_counter() - started, machine_busy() - busy
    for worker in workers:
        worker.wait()
    if sent != n:
        raise SystemExit(f"{processes} processes sent {sent} of {n}")
    print(f"stepmail, {processes} process(es), send_concurrency {send_concurrency}: {seconds:.2f}s")
    return Measured(rate=n / seconds, cores=busy / seconds)


def machine_busy() -> float:
    """Seconds of CPU the whole machine has spent not idle since boot (/proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def run_worker(url: str) -> None:
    django_for(url, fresh=False)
    print("ready", flush=True)
    sys.stdin.readline()
    print("sent", dispatch_as_a_worker()["sent"], flush=True)


def rate_post_office(n: int, *, url: str) -> float:
    """post_office's send_queued with its default settings, on n mails rendered at delivery."""
    seed_post_office(n, render_on_delivery=True)
    provider_stats(url)
    started = time.perf_counter()
    sent = send_queued_until_done()
    seconds = time.perf_counter() - started
    if sent != n:
        raise SystemExit(f"post_office sent {sent} of {n}")
    stats = provider_stats(url)
    print(f"post_office: {n} mails in {seconds:.2f}s (most calls at once {stats['max_in_flight']})")
    return n / seconds


if __name__ == "__main__":
    main()
