"""What does the plugin add to checkoutComplete? Median time with the plugin active vs inactive.

Needs Saleor: run it with the Python of a Saleor virtualenv into which saleor-stepmail is
installed, with Saleor's environment (DATABASE_URL...), from the repository root:

    python bench/checkout_overhead.py [--n 30] [--broker redis://127.0.0.1:6379/15]

It runs as one pytest session under Saleor's test settings (`--ds=saleor.tests.settings
--reuse-db`, the test database named after DATABASE_URL, migrated on first use), so that it can
use Saleor's fixtures (channel, product, shipping method, customer, API client) through
tests/saleor/conftest.py; everything it writes is rolled back. Each round prepares two paid
checkouts of the same customer untimed, then completes one with the plugin active and one with
it inactive in the channel (alternating which goes first), timing the GraphQL request together
with its on-commit callbacks (Saleor's test client runs them; Saleor's order hooks run there,
and the plugin's task is published to a Redis broker, not run inline, as in production).

Target: active / inactive <= 1.05.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 3
# Saleor's fixtures and the plugin's, loaded when pytest imports this file (Django is set up).
pytest_plugins = ["tests.saleor.conftest"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="timed checkouts per side")
    parser.add_argument(
        "--broker", default="redis://127.0.0.1:6379/15", help="where the plugin's task goes"
    )
    args = parser.parse_args()
    os.environ["STEPMAIL_BENCH_N"] = str(args.n)
    os.environ["CELERY_BROKER_URL"] = args.broker
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import pytest

    sys.exit(
        pytest.main(
            [
                __file__,
                "--ds=saleor.tests.settings",
                "--reuse-db",
                "-p",
                "no:cacheprovider",
                "-o",
                "python_functions=bench_*",
                "-q",
                "-s",
            ]
        )
    )


def bench_checkout_complete_with_plugin_active_vs_inactive(
    stepmail_plugin,
    programs,
    user_api_client,
    product,
    shipping_method,
    channel_USD,
    transaction_item_generator,
    settings,
):
    from saleor.celeryconf import app
    from saleor.warehouse.models import Stock

    from saleor_stepmail.models import InboundEvent
    from tests.saleor.checkouts import checkout_complete, checkout_create, checkout_pay

    n = int(os.environ.get("STEPMAIL_BENCH_N", "30"))
    settings.CELERY_TASK_ALWAYS_EAGER = False  # Saleor's app reads its config from settings
    variant = product.variants.first()
    Stock.objects.filter(product_variant=variant).update(quantity=10 * (n + WARM_UP) + 10)

    def paid_checkout():
        checkout, total = checkout_create(
            user_api_client,
            variant=variant,
            shipping_method=shipping_method,
            channel_slug=channel_USD.slug,
            email=user_api_client.user.email,
            quantity=1,
        )
        checkout_pay(checkout, total, transaction_item_generator)
        return checkout

    def timed_complete(checkout, *, active: bool) -> float:
        stepmail_plugin.active = active
        stepmail_plugin.save(update_fields=["active"])
        started = time.perf_counter()
        checkout_complete(user_api_client, checkout)  # the test client runs on-commit callbacks
        return time.perf_counter() - started

    times: dict[bool, list[float]] = {True: [], False: []}
    try:
        for round_ in range(WARM_UP + n):
            checkouts = {True: paid_checkout(), False: paid_checkout()}
            order = (True, False) if round_ % 2 else (False, True)
            for active in order:
                seconds = timed_complete(checkouts[active], active=active)
                if round_ >= WARM_UP:
                    times[active].append(seconds)
    finally:
        app.control.purge()

    active, inactive = statistics.median(times[True]), statistics.median(times[False])
    recorded = InboundEvent.objects.count()
    assert not InboundEvent.objects.filter(processed_at__isnull=False).exists(), "ran eagerly"
    print()
    print(f"checkoutComplete, {n} per side, median (GraphQL request + on-commit callbacks):")
    print(f"  plugin inactive: {inactive * 1000:7.1f} ms")
    print(f"  plugin active:   {active * 1000:7.1f} ms  ({recorded} inbound events recorded)")
    print(f"ratio active/inactive: {active / inactive:.3f} (target <= 1.05)")
    assert recorded >= n + WARM_UP, "the plugin recorded nothing: was it active?"


if __name__ == "__main__":
    main()
