"""A backfill inside Saleor: customers whose first order was placed days ago are enrolled."""

from datetime import timedelta

from django.utils import timezone
from graphql_relay import to_global_id
from saleor.core.jwt import create_access_token

from saleor_stepmail.adapter.integration import SaleorIntegration
from saleor_stepmail.models import BackfillJob, Enrollment
from saleor_stepmail.presets import scenario_create_from_preset

from .catalog import order_make

BACKFILL = """
mutation($scenario: ID!, $since: DateTime!) {
  stepmailBackfillStart(scenario: $scenario, since: $since) {
    job { id } errors { field message code }
  }
}
"""


def test_backfill_enrols_past_first_orders_and_skips_the_mails_already_due(
    stepmail_api,
    staff_user,
    permission_manage_plugins,
    customer_user,
    product,
    order_generator,
    order_lines_generator,
    django_capture_on_commit_callbacks,
):
    scenario = scenario_create_from_preset(preset="second-purchase", language="en", activate=True)
    make = {
        "order_generator": order_generator,
        "order_lines_generator": order_lines_generator,
        "paid": True,  # the program starts on a paid first order
    }
    first = order_make(products=[product], email="new@example.com", days_ago=5, **make)
    order_make(products=[product], email="old@example.com", days_ago=60, **make)
    order_make(products=[product], email="old@example.com", days_ago=4, **make)  # a repeat
    order_make(products=[product], email="gone@example.com", days_ago=3, status="canceled", **make)
    order_make(products=[product], email="early@example.com", days_ago=40, **make)
    staff_user.user_permissions.add(permission_manage_plugins)
    variables = {
        "scenario": to_global_id("StepmailScenario", scenario.pk),
        "since": (timezone.now() - timedelta(days=30)).isoformat(),
    }

    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the job
        content = stepmail_api.post(
            BACKFILL, variables, token=create_access_token(staff_user)
        ).json()

    assert content["data"]["stepmailBackfillStart"]["errors"] == []
    job = BackfillJob.objects.get()
    assert (job.state, job.total, job.enrolled) == ("done", 1, 1)
    enrollment = Enrollment.objects.get()
    assert (enrollment.email, enrollment.source_order_id) == ("new@example.com", str(first.pk))
    assert enrollment.context["order"]["number"] == str(first.number)
    states = dict(enrollment.deliveries.values_list("step__delay_days", "state"))
    assert states[0] == states[3] == "skipped"
    assert states[7] == "scheduled"


def test_past_events_come_oldest_first_in_a_fixed_number_of_queries(
    product, order_generator, order_lines_generator, django_assert_max_num_queries
):
    make = {"order_generator": order_generator, "order_lines_generator": order_lines_generator}
    for n in range(6):
        order_make(products=[product], email=f"c{n}@example.com", days_ago=10 - n, **make)
    since = timezone.now() - timedelta(days=30)

    # The orders, then their lines, images, collections, payments and transactions.
    with django_assert_max_num_queries(7):
        events = list(SaleorIntegration().past_events("first_order", since))

    assert [e.email for e in events] == [f"c{n}@example.com" for n in range(6)]
    assert all(e.is_first_order and e.context["order"]["lines"] for e in events)
