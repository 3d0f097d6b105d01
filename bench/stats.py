"""Per-step statistics as one SQL aggregate, against a naive loop of one query per figure.

Seeds a scenario of 6 steps x 2 variants with 250,000 sent deliveries and 1,000,000 delivery
events (sent, delivered, opened, clicked on one of 20 URLs, converted with revenue, one
conversion in ten later cancelled) by INSERT ... SELECT generate_series, then prints the median
time of `step_stats` (every step's and variant's figures in one GROUPING SETS statement), and of
a naive loop that asks one COUNT per step, variant and figure of engine/figures.py (and one SUM
of revenue per step and variant), and the ratio. Then each analysis report (engine/analysis.py:
rates per scenario/step/variant, send weekday x hour, 7-day frequency, per link) over the same
mails, with its time as a multiple of step_stats' and the number of queries it took (1 each).

    .venv/bin/python bench/stats.py [--deliveries 250000] [--events 1000000] [--repeat 5]
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import bench_django, timed

DATABASE = "stepmail_bench_stats"
STEPS = 6
VARIANTS = ("a", "b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deliveries", type=int, default=250_000, help="sent deliveries")
    parser.add_argument("--events", type=int, default=1_000_000, help="delivery events")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; median is shown")
    args = parser.parse_args()

    bench_django(DATABASE)
    from django.utils import timezone

    now = timezone.now()
    scenario = seed_scenario()
    seconds, _ = timed(
        lambda: seed_events(
            scenario=scenario, deliveries=args.deliveries, events=args.events, now=now
        )
    )
    print(f"seeded {args.deliveries:,} deliveries and {args.events:,} events in {seconds:.1f}s")

    from saleor_stepmail.engine.stats import step_stats

    start, end = now - timezone.timedelta(days=60), now
    steps = list(scenario.steps.order_by("position"))
    ours = median_seconds(lambda: step_stats(scenario=scenario, start=start, end=end), args)
    naive = median_seconds(lambda: naive_stats(steps=steps, start=start, end=end), args)
    check(
        step_stats(scenario=scenario, start=start, end=end),
        naive_stats(steps=steps, start=start, end=end),
    )
    print(f"step_stats, one aggregate:           {ours * 1000:8.1f} ms")
    print(f"naive loop, one query per figure:    {naive * 1000:8.1f} ms")
    print(f"ratio naive / step_stats: {naive / ours:.1f}x")
    analysis_reports(scenario=scenario, start=start, end=end, baseline=ours, args=args)


def analysis_reports(*, scenario, start, end, baseline: float, args) -> None:
    """Each report's median time next to step_stats', and its query count (must be 1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saleor_stepmail.engine.analysis import (
        frequency_stats,
        link_stats,
        mail_rates,
        send_time_stats,
    )

    for name, report in (
        ("mail_rates", mail_rates),
        ("send_time_stats", send_time_stats),
        ("frequency_stats", frequency_stats),
        ("link_stats", link_stats),
    ):

        def run(report=report):
            return report(scenario=scenario, start=start, end=end)

        with CaptureQueriesContext(connection) as queries:
            rows = run()
        if len(queries) != 1:
            raise SystemExit(f"{name} took {len(queries)} queries, not one")
        seconds = median_seconds(run, args)
        print(
            f"{name + ',':<20} 1 query, {len(rows):>4} rows: {seconds * 1000:8.1f} ms"
            f"  ({seconds / baseline:.1f}x step_stats)"
        )


def median_seconds(function, args) -> float:
    function()  # warm the cache: every run reads the same pages
    return statistics.median(timed(function)[0] for _ in range(args.repeat))


def seed_scenario():
    from saleor_stepmail.models import Scenario, Step, Variant

    scenario = Scenario.objects.create(
        slug="bench-stats", name="Bench stats", trigger="first_order", status="active"
    )
    for position in range(STEPS):
        step = Step.objects.create(
            scenario=scenario, position=position, delay_days=position * 3, subject_template="s"
        )
        for name in VARIANTS:
            Variant.objects.create(step=step, name=name)
    return scenario


def seed_events(*, scenario, deliveries: int, events: int, now) -> None:
    """Enrolments of STEPS deliveries each, sent over the last 30 days, and their events:
    one `sent` and one `delivered` per delivery, then opens (several per mail for some),
    clicks and a few conversions spread over the deliveries, `events` rows in all."""
    from django.db import connection

    from saleor_stepmail.models import Delivery, DeliveryEvent, Enrollment, Step, Variant

    enrollments = deliveries // STEPS
    deliveries = enrollments * STEPS
    steps = list(
        Step.objects.filter(scenario=scenario).order_by("position").values_list("pk", flat=True)
    )
    variants = list(
        Variant.objects.filter(step__scenario=scenario).order_by("step__position", "name")
    )
    e, d, ev = Enrollment._meta.db_table, Delivery._meta.db_table, DeliveryEvent._meta.db_table
    conversions = events // 100
    clicks = events * 9 // 100
    opens = events - 2 * deliveries - clicks - conversions
    if opens < 0:
        raise SystemExit("--events must be at least 2 x --deliveries plus clicks and conversions")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {e} (scenario_id, email, user_id, line_user_id, source_order_id,
                reentry_key, channel_slug, triggered_at, state, exit_reason, ended_at, context,
                holdout, created_at)
            SELECT %(scenario)s, 'c' || i || '@example.com', '', '', 'order-' || i, '', 'default',
                %(now)s - interval '30 days' + i * interval '1 second', 'completed',
                'all steps done', %(now)s, '{{}}'::jsonb, false, %(now)s
            FROM generate_series(1, %(n)s) AS i
            """,
            {"scenario": scenario.pk, "now": now, "n": enrollments},
        )
        cursor.execute(
            f"""
            INSERT INTO {d} (enrollment_id, step_id, variant_id, due_at, available_at, state,
                attempts, claim_token, idempotency_key, provider_message_id, reason, sent_at,
                updated_at)
            SELECT e.id, s.step_id,
                (%(variants)s::bigint[])[(s.ord - 1) * 2 + 1 + (e.id %% 2)::int],
                e.triggered_at, e.triggered_at, 'sent', 1, NULL, gen_random_uuid(), '', '',
                e.triggered_at + (s.ord - 1) * interval '1 hour', %(now)s
            FROM {e} e, unnest(%(steps)s::bigint[]) WITH ORDINALITY AS s(step_id, ord)
            """,
            {"variants": [v.pk for v in variants], "steps": steps, "now": now},
        )
        # Every delivery: sent and delivered. Then opens, clicks and conversions spread over
        # the deliveries by a multiplicative hash (some mails opened several times).
        cursor.execute(
            f"""
            INSERT INTO {ev} (delivery_id, type, occurred_at, metadata, provider_event_id,
                order_id, revenue, currency)
            SELECT id, t.type, sent_at, '{{}}'::jsonb, '', '', NULL, ''
            FROM {d}, (VALUES ('sent'), ('delivered')) AS t(type)
            """
        )
        cursor.execute(f"SELECT MIN(id) FROM {d}")
        (first,) = cursor.fetchone()
        for kind, count in (("opened", opens), ("clicked", clicks), ("converted", conversions)):
            cursor.execute(
                f"""
                INSERT INTO {ev} (delivery_id, type, occurred_at, metadata, provider_event_id,
                    order_id, revenue, currency, paid_at, reversed_at)
                SELECT dl.id, %(kind)s, dl.sent_at + interval '2 hours',
                    CASE WHEN %(kind)s = 'clicked'
                        THEN jsonb_build_object('url', 'https://shop.example/p/' || i %% 20)
                        ELSE '{{}}'::jsonb END,
                    '',
                    CASE WHEN %(kind)s = 'converted' THEN 'bench-order-' || i ELSE '' END,
                    CASE WHEN %(kind)s = 'converted' THEN 4200 END,
                    CASE WHEN %(kind)s = 'converted' THEN 'JPY' ELSE '' END,
                    CASE WHEN %(kind)s = 'converted' THEN dl.sent_at + interval '2 hours' END,
                    CASE WHEN %(kind)s = 'converted' AND i %% 10 = 0
                        THEN dl.sent_at + interval '5 days' END
                FROM generate_series(1, %(count)s) AS i
                JOIN {d} dl ON dl.id = %(first)s + (i::bigint * 7919) %% %(deliveries)s
                """,
                {"kind": kind, "count": count, "first": first, "deliveries": deliveries},
            )
        cursor.execute(f"VACUUM ANALYZE {e}")
        cursor.execute(f"VACUUM ANALYZE {d}")
        cursor.execute(f"VACUUM ANALYZE {ev}")


def naive_stats(*, steps, start, end) -> dict:
    """What a report written without aggregates does: one query per step, variant and figure,
    each counting the mails for which the figure's condition (engine/figures.py) holds."""
    from django.db import connection

    from saleor_stepmail.engine.figures import COUNTED_REVENUE, FIGURES, SIGNS, TABLES

    signs = ", ".join(f"COALESCE(bool_or({sql}), FALSE) AS {name}" for name, sql in SIGNS.items())
    mails = f"""
        SELECT d.id, {signs} FROM {TABLES["delivery"]} d
        LEFT JOIN {TABLES["event"]} ev ON ev.delivery_id = d.id
        WHERE d.step_id = %(step)s AND d.variant_id = %(variant)s AND d.state = 'sent'
            AND d.sent_at >= %(start)s AND d.sent_at < %(end)s
        GROUP BY d.id
    """
    revenue = f"""
        SELECT ev.currency, SUM(ev.revenue) FROM {TABLES["delivery"]} d
        JOIN {TABLES["event"]} ev ON ev.delivery_id = d.id AND {COUNTED_REVENUE}
        WHERE d.step_id = %(step)s AND d.variant_id = %(variant)s AND d.state = 'sent'
            AND d.sent_at >= %(start)s AND d.sent_at < %(end)s
        GROUP BY ev.currency
    """
    figures = {}
    with connection.cursor() as cursor:
        for step in steps:
            for variant in step.variants.all():
                params = {"step": step.pk, "variant": variant.pk, "start": start, "end": end}
                for figure in FIGURES:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM ({mails}) mail WHERE {figure.condition}", params
                    )
                    figures[step.pk, variant.name, figure.name] = cursor.fetchone()[0]
                cursor.execute(revenue, params)
                figures[step.pk, variant.name, "revenue"] = dict(cursor.fetchall())
    return figures


def check(stats, figures: dict) -> None:
    """Both ways must give the same numbers, or the timing compares nothing."""
    for row in stats:
        for variant in row.variants:
            for name in ("sent", "delivered", "opened", "converted", "revenue"):
                ours = getattr(variant.figures, name)
                naive = figures[row.step_id, variant.name, name]
                if ours != naive:
                    where = f"step {row.position} {variant.name} {name}"
                    raise SystemExit(f"{where}: {ours} vs {naive}")


if __name__ == "__main__":
    main()
