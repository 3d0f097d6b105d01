"""A month of step mail in a few seconds, without Saleor, on the real claim/dispatch path.

Creates the built-in second-purchase program and unpaid reminders, feeds order events for three
customers, and advances a simulated clock hour by hour. Each hour the real `tick` task runs in a
Celery worker through Redis and sends what is due through django-anymail's test backend; every
mail is written as an .eml file, as a customer would get it: dated by the simulated clock, its
links tracked, and the offer mail with a voucher code of the demo shop (standalone/demo_shop.py).
"""

import argparse
import os
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standalone.settings")
# Where customers would reach the plugin: the demo's mails carry real tracked links and the
# one-click unsubscribe (served by `python -m django runserver` on the standalone site).
os.environ.setdefault("STEPMAIL_PUBLIC_URL", "http://localhost:8000/plugins/stepmail")
os.environ.setdefault("STEPMAIL_INTEGRATION", "standalone.demo_shop.DemoShop")
django.setup()

from celery.contrib.testing.worker import start_worker  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402

from saleor_stepmail.engine.enrollment import record_event  # noqa: E402
from saleor_stepmail.engine.events import Event  # noqa: E402
from saleor_stepmail.models import Delivery, Enrollment, Scenario, Step, Suppression  # noqa: E402
from saleor_stepmail.presets import scenario_create_from_preset  # noqa: E402
from saleor_stepmail.tasks import tick  # noqa: E402
from standalone.celery import app  # noqa: E402
from standalone.demo_shop import OFFER_VOUCHER, START, STORY, TOKYO  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out/demo", help="folder for the .eml files")
    parser.add_argument("--days", type=int, default=31)
    args = parser.parse_args(argv)
    problem = redis_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.eml"):
        old.unlink()
    Scenario.objects.all().delete()  # cascades to steps, enrolments, deliveries, events
    Suppression.objects.all().delete()
    for preset in ("second-purchase", "unpaid-reminder"):
        scenario_create_from_preset(preset=preset, language="ja", activate=True)
    Step.objects.filter(scenario__slug="second-purchase", name="offer").update(
        voucher=OFFER_VOUCHER
    )
    mail.outbox = []

    print(f"Database {connection.settings_dict['NAME']}, broker {app.conf.broker_url}")
    print(f"Simulating {args.days} days from {START:%Y-%m-%d %H:%M} (Asia/Tokyo)\n")
    print(f"{'when':<10} {'customer':<19} {'scenario':<20} {'step':<24} what")
    story = sorted(STORY, key=lambda item: (item[0], item[1]))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for hour in range(args.days * 24 + 1):
            now = START + timedelta(hours=hour)
            while story and START + timedelta(days=story[0][0], hours=story[0][1] - 9) <= now:
                apply_event(story.pop(0)[2], now)
            sent_before = len(mail.outbox)
            # Through Redis to the worker: the same task beat runs every 30 s in production.
            tick.delay(now.isoformat()).get(timeout=30)
            for message in mail.outbox[sent_before:]:
                report_sent(message, now, out_dir)
    report_enrollments()
    print(f"\n{len(mail.outbox)} mails written to {out_dir}/")
    return 0


def redis_problem() -> str | None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        return (
            f"Redis is not reachable at {app.conf.broker_url} ({exc}). "
            "Start it with `make services` (or point REDIS_URL at one)."
        )
    return None


def apply_event(event: Event, now: datetime) -> None:
    event = Event(**{**event.__dict__, "occurred_at": now})
    outcome = record_event(event, now=now)
    what = event.type.value
    if outcome.ended:
        ended = Enrollment.objects.filter(pk__in=outcome.ended).values_list(
            "scenario__name", "state"
        )
        what += " → ends " + ", ".join(f"{name} ({state})" for name, state in ended)
    if outcome.enrolled:
        names = Scenario.objects.filter(enrollments__in=outcome.enrolled).values_list(
            "name", flat=True
        )
        what += " → enrols in " + ", ".join(names)
    print(f"{when(now):<10} {event.email:<19} {'':<20} {'':<24} {what}")


def report_sent(message, now: datetime, out_dir: Path) -> None:
    delivery = Delivery.objects.select_related("enrollment__scenario", "step").get(
        pk=message.metadata["stepmail_delivery"]
    )
    enrollment = delivery.enrollment
    name = f"{len(list(out_dir.glob('*.eml'))) + 1:03d}-{enrollment.email}.eml"
    (out_dir / name).write_bytes(message.message().as_bytes())
    step = pad(f"#{delivery.step.position + 1} {delivery.step.name}", 24)
    scenario = pad(enrollment.scenario.name, 20)
    print(f"{when(now):<10} {enrollment.email:<19} {scenario} {step} sent 「{message.subject}」")


def report_enrollments() -> None:
    print("\nHow each enrolment ended:")
    for enrollment in Enrollment.objects.select_related("scenario").order_by("pk"):
        sent = enrollment.deliveries.filter(state="sent").count()
        ended = when(enrollment.ended_at) if enrollment.ended_at else "-"
        print(
            f"  {enrollment.email:<19} {pad(enrollment.scenario.name, 20)} {enrollment.state:<10} "
            f"{enrollment.exit_reason or 'still running':<16} {ended:<10} "
            f"{sent} of {enrollment.deliveries.count()} mails sent"
        )


def pad(text: str, width: int) -> str:
    """Left-justify for a terminal, where a Japanese character takes two columns."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


def when(moment: datetime) -> str:
    local = moment.astimezone(TOKYO)
    return f"D+{(local.date() - START.date()).days} {local:%H:%M}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
