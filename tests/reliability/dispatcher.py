"""A worker process for the reliability tests: `python -m tests.reliability.dispatcher MODE NOW`.

It sets Django up (with mail to a loopback provider when STEPMAIL_TEST_PROVIDER_URL is set),
prints `ready`, and waits for a `go` line, so that a test can start several
workers at the same moment. Then, with the clock fixed at NOW (ISO 8601), or for `dispatch`
NOW `clock` for none (the engine reads the time itself; STEPMAIL_TEST_CLOCK_OFFSET_SECONDS
puts this process's own clock that far off, as a host's clock can be):

- `dispatch [LIMIT]` runs dispatch_due until a claim comes back empty and prints
  `done <outcome counts as JSON>`;
- `claim LIMIT` claims one batch, prints `claimed <delivery ids as JSON>` and blocks on stdin,
  holding the batch as a worker that stalls or gets killed would;
- `drain` applies the inbox's hook events until none is waiting and prints `done <how many
  this process applied>`.
"""

import json
import os
import sys
from collections import Counter
from datetime import timedelta

import django
from django.utils.dateparse import parse_datetime

# Set: mail goes through anymail's Postmark backend to this URL (a LoopbackProvider).
PROVIDER_URL_ENV = "STEPMAIL_TEST_PROVIDER_URL"
# Seconds this process's clock (Django's timezone.now) is ahead of the real time; negative:
# behind.
CLOCK_OFFSET_ENV = "STEPMAIL_TEST_CLOCK_OFFSET_SECONDS"
NO_FIXED_NOW = "clock"


def dispatch_until_idle(now, limit: int | None) -> Counter:
    from saleor_stepmail.engine.dispatch import dispatch_due

    totals: Counter = Counter()
    while True:
        outcomes = dispatch_due(now=now, limit=limit)
        totals.update(outcomes)
        if not outcomes["claimed"]:
            return totals


def claim_and_hold(now, limit: int) -> None:
    from saleor_stepmail.engine.claim import claim_due_deliveries

    _, claimed = claim_due_deliveries(now=now, limit=limit)
    print("claimed", json.dumps([d.pk for d in claimed]), flush=True)
    sys.stdin.readline()


def drain_until_empty(now) -> int:
    import time

    from saleor_stepmail.engine.inbox import inbound_apply_pending
    from saleor_stepmail.models import InboundEvent

    waiting = InboundEvent.objects.filter(processed_at__isnull=True)
    applied = 0
    while True:
        done = inbound_apply_pending(now=now)
        applied += done
        if not done:
            if not waiting.exists():
                return applied
            time.sleep(0.01)  # what waits is in partitions another drainer holds


def set_clock_off(offset: timedelta) -> None:
    """Put this process's clock `offset` off the real time, as Django and the engine read it."""
    from django.utils import timezone

    real_now = timezone.now
    timezone.now = lambda: real_now() + offset


def main(argv: list[str]) -> None:
    mode, now_iso, *rest = argv
    limit = int(rest[0]) if rest else None
    now = None if now_iso == NO_FIXED_NOW else parse_datetime(now_iso)
    django.setup()
    if os.environ.get(CLOCK_OFFSET_ENV):
        set_clock_off(timedelta(seconds=float(os.environ[CLOCK_OFFSET_ENV])))
    if os.environ.get(PROVIDER_URL_ENV):
        from django.conf import settings

        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {
            "POSTMARK_SERVER_TOKEN": "loopback",
            "POSTMARK_API_URL": os.environ[PROVIDER_URL_ENV],
        }
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    if mode == "dispatch":
        print("done", json.dumps(dispatch_until_idle(now, limit)), flush=True)
    elif mode == "claim":
        claim_and_hold(now, limit)
    elif mode == "drain":
        print("done", drain_until_empty(now), flush=True)
    else:
        raise SystemExit(f"unknown mode {mode!r}: use dispatch, claim or drain")


if __name__ == "__main__":
    main(sys.argv[1:])
