"""A month of step mail in a few seconds, without Saleor, on the real claim/dispatch path.

Creates the built-in second-purchase program and unpaid reminders, records the order events of
three customers as the plugin's hooks do (in the inbox, applied by the worker), and advances a
simulated clock hour by hour. Each hour the real `tick` task runs in a Celery worker through
Redis and sends what is due through django-anymail's test backend; every mail is written as an
.eml file, as a customer would get it: dated by the simulated clock, its links tracked, and the
offer mail with a voucher code of the demo shop (standalone/demo_shop.py). At the end each
scenario is simulated over the month from that recorded history, beside what was sent.
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

from saleor_stepmail.engine.handoff import Work, work_register  # noqa: E402
from saleor_stepmail.engine.inbox import inbound_record  # noqa: E402
from saleor_stepmail.engine.simulate import scenario_simulate  # noqa: E402
from saleor_stepmail.models import (  # noqa: E402
    Delivery,
    Enrollment,
    InboundEvent,
    Scenario,
    Step,
    Suppression,
)
from saleor_stepmail.presets import scenario_create_from_preset  # noqa: E402
from saleor_stepmail.tasks import apply_inbound_events, tick  # noqa: E402
from saleor_stepmail.vocabulary import EventType, Goal  # noqa: E402
from standalone.celery import app  # noqa: E402
from standalone.demo_shop import OFFER_VOUCHER, ORDERS, START, STORY, TOKYO  # noqa: E402


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
    InboundEvent.objects.all().delete()  # an earlier run's: the simulation reads this run's
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
    now = START
    # A hook's commit queues the worker's drain of the inbox; the worker runs it at the demo's
    # clock (read when the hook commits), as it runs the tick.
    work_register(Work.APPLY_INBOUND_EVENTS, lambda: apply_inbound_events.delay(now.isoformat()))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for hour in range(args.days * 24 + 1):
            now = START + timedelta(hours=hour)
            hooks = []
            while story and START + timedelta(days=story[0][0], hours=story[0][1] - 9) <= now:
                hooks.append(record_hook(*story.pop(0)[2:], now))
            sent_before = len(mail.outbox)
            # Through Redis to the worker: the same task beat runs every 30 s in production. It
            # runs after the drain the hooks queued, and drains what is left itself.
            tick.delay(now.isoformat()).get(timeout=30)
            for inbound in hooks:
                report_event(inbound)
            for message in mail.outbox[sent_before:]:
                report_sent(message, now, out_dir)
    report_enrollments()
    report_simulations(until=START + timedelta(days=args.days))
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


def record_hook(type: EventType, order_id: str, now: datetime) -> InboundEvent:
    """What the plugin's hook does when the shop's order changes: one row in the inbox."""
    return inbound_record(
        type=type, occurred_at=now, order_id=order_id, email=ORDERS[order_id].email
    )


def report_event(inbound: InboundEvent) -> None:
    """What the worker made of a hook's event: the enrolments it ended on a goal and started."""
    now, email = inbound.occurred_at, inbound.email
    mine = Enrollment.objects.filter(email=email).order_by("pk")
    what = inbound.type
    ended = mine.filter(ended_at=now, exit_reason__in=list(Goal)).values_list(
        "scenario__name", "state"
    )
    if ended:
        what += " → ends " + ", ".join(f"{name} ({state})" for name, state in ended)
    enrolled = mine.filter(triggered_at=now).values_list("scenario__name", flat=True)
    if enrolled:
        what += " → enrols in " + ", ".join(enrolled)
    print(f"{when(now):<10} {email:<19} {'':<20} {'':<24} {what}")


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


def report_simulations(*, until: datetime) -> None:
    """Each scenario simulated over the month from the recorded history, beside the timeline."""
    print("\nSimulated from the recorded events:")
    for scenario in Scenario.objects.order_by("pk"):
        result = scenario_simulate(scenario=scenario, since=START, until=until)
        customers = len(result.enrollments)
        sent = Delivery.objects.filter(enrollment__scenario=scenario, state="sent").count()
        print(
            f"  {pad(scenario.name, 20)} simulated {customers} customer{'s' * (customers != 1)}, "
            f"{result.sent_count} mails; the timeline sent {sent}"
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
