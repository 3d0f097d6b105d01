"""What every benchmark shares: its own database, Django set up on it, seeded deliveries, our
dispatch as a worker runs it, and the post_office baseline.

Each script passes its own database name, so benchmarks never touch the dev database
(`stepmail`) or the test database, and can run side by side. The database is dropped and
created again at every run, so each run starts from the same empty state.
"""

import os
import resource
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PROTECTED_DATABASES = {"stepmail", "stepmail_test", "postgres", "template0", "template1"}

# anymail's test backend keeps every message it sends in django.core.mail.outbox, where a
# provider keeps nothing in the worker. Every side keeps the last OUTBOX_KEPT: a list emptied
# between runs of Celery's dispatch task held a whole run (5,000 messages here) while
# post_office's was emptied per batch, and the collector walking them cost ours about 8 %.
OUTBOX_KEPT = 200

# The trigger's facts for every seeded enrolment: enough for the preset's layout to render the
# greeting, the order number, the order lines and the total.
ENROLLMENT_CONTEXT = """{
  "customer": {"first_name": "Hana"},
  "order": {
    "number": "1042",
    "lines": [
      {"product_name": "Hojicha 100g", "variant_name": "Tin", "quantity": 2,
       "product_url": "https://shop.example.com/p/hojicha"},
      {"product_name": "Tea cup", "variant_name": "", "quantity": 1,
       "product_url": "https://shop.example.com/p/tea-cup"}
    ],
    "total": {"amount": "4200", "currency": "JPY"}
  },
  "shop": {"name": "Example Tea",
           "legal": {"sender_name": "Example Tea K.K.", "contact": "help@example.com"}}
}"""


def bench_django(
    database: str, *, extra_apps: Iterable[str] = (), fresh: bool = True, **settings: object
) -> None:
    """Recreate `database` (unless not `fresh`: a worker process joining a running benchmark),
    point standalone.settings at it, set Django up and migrate.

    `extra_apps` and `settings` change the settings of this process only, before django.setup().
    """
    if database in PROTECTED_DATABASES:
        raise ValueError(f"{database!r} is not a benchmark database; pick a stepmail_bench_* name")
    sys.path.insert(0, str(ROOT))
    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stepmail"))
    if fresh:
        _recreate_database(base, database)
    os.environ["DATABASE_URL"] = urlunparse(base._replace(path=f"/{database}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "standalone.settings"

    import django

    from standalone import settings as standalone_settings

    standalone_settings.INSTALLED_APPS = [*standalone_settings.INSTALLED_APPS, *extra_apps]
    for name, value in settings.items():
        setattr(standalone_settings, name, value)
    django.setup()
    if not fresh:
        return

    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _recreate_database(base, database: str) -> None:
    import psycopg

    admin = urlunparse(base._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def first_preset_step():
    """The first mail of the second-purchase preset: the shared layout, order lines, footer."""
    from saleor_stepmail.presets import scenario_create_from_preset

    scenario = scenario_create_from_preset(preset="second-purchase", activate=True)
    return scenario.steps.get(position=0)


def seed_deliveries(*, step, total: int, due: int, now: datetime) -> None:
    """Insert `total` enrolments with one delivery each for `step`, in SQL.

    The first `due` deliveries are due a little before `now`; the others a day or more after it.
    Enrolment ids continue from the highest one, so seeding can be called again to grow the table.
    """
    from django.db import connection

    from saleor_stepmail.models import Delivery, Enrollment

    enrollments, deliveries = Enrollment._meta.db_table, Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {enrollments}")
        (start,) = cursor.fetchone()
        cursor.execute(
            f"""
            INSERT INTO {enrollments} (scenario_id, email, user_id, source_order_id, reentry_key,
                channel_slug, triggered_at, state, exit_reason, ended_at, context, holdout,
                created_at, line_user_id)
            SELECT %(scenario)s, 'customer' || i || '@example.com', '', 'order-' || i, '',
                'default-channel', %(now)s, 'active', '', NULL, %(context)s::jsonb, false, %(now)s,
                ''
            FROM generate_series(%(first)s, %(last)s) AS i
            """,
            {
                "scenario": step.scenario_id,
                "now": now,
                "context": ENROLLMENT_CONTEXT,
                "first": start + 1,
                "last": start + total,
            },
        )
        cursor.execute(
            f"""
            INSERT INTO {deliveries} (enrollment_id, step_id, variant_id, due_at, available_at,
                state, attempts, claim_token, idempotency_key, provider_message_id, reason,
                sent_at, updated_at)
            SELECT e.id, %(step)s, NULL, t.at, t.at, 'scheduled', 0, NULL, gen_random_uuid(),
                '', '', NULL, %(now)s
            FROM {enrollments} e,
            LATERAL (SELECT CASE WHEN e.id - %(start)s <= %(due)s
                THEN %(now)s - interval '1 hour' + (e.id - %(start)s) * interval '1 millisecond'
                ELSE %(now)s + interval '1 day' + (e.id - %(start)s) * interval '1 second'
                END AS at) t
            WHERE e.id > %(start)s
            """,
            {"step": step.pk, "now": now, "start": start, "due": due},
        )
        cursor.execute(f"ANALYZE {enrollments}")
        cursor.execute(f"ANALYZE {deliveries}")


def outbox_bounded() -> None:
    """The test backend's outbox, from now on keeping the last OUTBOX_KEPT messages only."""
    from django.core import mail

    mail.outbox = deque(maxlen=OUTBOX_KEPT)


def dispatch_until_done(*, on_batch: Callable[[Counter], None] | None = None) -> Counter:
    """Call dispatch_due until nothing is due."""
    from django.utils import timezone

    from saleor_stepmail.engine.dispatch import dispatch_due

    outbox_bounded()
    totals: Counter = Counter()
    while True:
        outcomes = dispatch_due(now=timezone.now())
        if not outcomes["claimed"]:
            return totals
        totals.update(outcomes)
        if on_batch:
            on_batch(totals)


def dispatch_as_a_worker() -> Counter:
    """What a Celery worker runs, until nothing is due: the dispatch task (tasks.py), batch
    after batch for dispatch_budget_seconds each time."""
    from saleor_stepmail.tasks import dispatch

    outbox_bounded()
    totals: Counter = Counter()
    while (outcomes := dispatch())["claimed"]:
        totals.update(outcomes)
    return totals


def seed_post_office(n: int, *, render_on_delivery: bool) -> None:
    """Queue n Email rows for the mail of our first preset step, as templates or pre-rendered."""
    import json

    from django.conf import settings
    from post_office.models import PRIORITY, STATUS, Email, EmailTemplate

    from saleor_stepmail.engine.context import delivery_context
    from saleor_stepmail.engine.integration import current_integration
    from saleor_stepmail.models import Delivery

    Email.objects.all().delete()
    sample = Delivery.objects.select_related("enrollment__scenario", "step").first()
    if render_on_delivery:
        step = sample.step
        template, _ = EmailTemplate.objects.update_or_create(
            name="bench-step",
            defaults={
                "subject": step.subject_template,
                "content": step.text_template,
                "html_content": step.html_template,
            },
        )
        # JSON round trip: the context post_office stores is what our enrolment stores (lazy
        # values such as an unissued voucher are left out: this step does not show them).
        ours = delivery_context(sample, integration=current_integration())
        context = json.loads(json.dumps({k: v for k, v in ours.items() if not callable(v)}))
        fields = {"template": template, "context": context}
    else:
        subject, html, text = rendered_sample(sample)
        fields = {"subject": subject, "message": text, "html_message": html}
    Email.objects.bulk_create(
        (
            Email(
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[f"customer{i}@example.com"],
                status=STATUS.queued,
                priority=PRIORITY.medium,
                **fields,
            )
            for i in range(n)
        ),
        batch_size=1000,
    )


def rendered_sample(delivery) -> tuple[str, str, str]:
    from saleor_stepmail.engine.context import delivery_context
    from saleor_stepmail.engine.integration import current_integration
    from saleor_stepmail.engine.render import render_message

    context = delivery_context(delivery, integration=current_integration())
    message = render_message(delivery, context)
    return message.subject, message.html, message.text


def send_queued_until_done() -> int:
    """post_office's send_queued, one process, until nothing is queued; how many it sent."""
    import logging

    from post_office.mail import send_queued

    # post_office logs each batch at INFO to the console; we log nothing per batch either.
    logging.getLogger("post_office").setLevel(logging.WARNING)

    outbox_bounded()
    sent = 0
    while True:
        batch_sent, failed, requeued = send_queued(processes=1)
        if not (batch_sent or failed or requeued):
            return sent
        sent += batch_sent


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def peak_rss_mb() -> float:
    """The process's peak resident set so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * resource.getpagesize() / 2**20
