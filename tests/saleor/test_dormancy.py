"""Win-back inside Saleor: a customer quiet since a paid order is found in Saleor's orders by the
tick's scan, mailed, and taken out by their next paid checkout, which starts the count again."""

from datetime import timedelta

from django.utils import timezone
from graphql_relay import to_global_id
from saleor.core.jwt import create_access_token
from saleor.order.models import Order
from saleor.product.models import Category

from saleor_stepmail.api.scenarios import scenario_status_set
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.dormancy import customers_detect_dormant
from saleor_stepmail.models import Enrollment
from saleor_stepmail.presets import scenario_create_from_preset
from saleor_stepmail.vocabulary import ScenarioStatus

from .catalog import order_make, product_make

DAYS = 120


def test_a_dormant_customer_is_won_back_from_saleors_orders_and_ended_by_a_paid_order(
    stepmail_plugin, buy, customer_user, product, order_generator, order_lines_generator, outbox
):
    scenario = scenario_create_from_preset(preset="win-back", language="en")
    scenario_status_set(scenario=scenario, status=ScenarioStatus.ACTIVE)
    # Activated two days ago; the orders below are older than the plugin.
    Order.objects.all().delete()
    scenario.dormancy_scanned_until = timezone.now() - timedelta(days=2)
    scenario.save(update_fields=["dormancy_scanned_until"])
    last = buy()  # a real paid checkout, moved back to 121 days ago
    Order.objects.filter(pk=last.pk).update(created_at=timezone.now() - timedelta(days=DAYS + 1))
    make = {"order_generator": order_generator, "order_lines_generator": order_lines_generator}
    # Paid 121 days ago and again 50 days ago: not dormant. Never paid: not a customer to win.
    order_make(products=[product], email="back@example.com", days_ago=DAYS + 1, paid=True, **make)
    back = order_make(products=[product], email="back@example.com", days_ago=50, paid=True, **make)
    order_make(products=[product], email="unpaid@example.com", days_ago=DAYS + 1, **make)

    outcomes = customers_detect_dormant(now=timezone.now())

    assert outcomes["customers_dormant"] == 1
    enrollment = Enrollment.objects.get(scenario=scenario)
    assert (enrollment.email, enrollment.source_order_id) == (customer_user.email, str(last.pk))
    assert enrollment.context["customer"]["first_name"] == customer_user.first_name
    assert enrollment.context["order"]["number"] == str(last.number)
    dispatch_due(now=timezone.now())
    assert [m.to for m in outbox] == [[customer_user.email]]
    assert outbox[0].subject == f"It has been a while, {customer_user.first_name}"

    again = buy()  # Saleor's hooks: the new order ends the win-back

    enrollment.refresh_from_db()
    assert (enrollment.state, enrollment.exit_reason) == ("converted", "purchased_again")
    # The paid order starts the count again: quiet for the days once more, won back once more.
    # (So is the customer who came back 50 days ago, 70 days from now.)
    customers_detect_dormant(now=timezone.now() + timedelta(days=DAYS + 1))
    active = Enrollment.objects.filter(scenario=scenario, state="active")
    assert sorted(active.values_list("email", "source_order_id")) == sorted(
        [(customer_user.email, str(again.pk)), ("back@example.com", str(back.pk))]
    )


SCENARIO_UPDATE = """
mutation($id: ID!, $input: StepmailScenarioInput!) {
  stepmailScenarioUpdate(id: $id, input: $input) {
    scenario { dormantDays dormantDaysByCategory { category days } }
    errors { field message code }
  }
}
"""


def test_days_per_category_of_the_last_order_set_over_the_api_decide_who_is_quiet(
    stepmail_api,
    staff_user,
    permission_manage_plugins,
    product,
    channel_USD,
    order_generator,
    order_lines_generator,
):
    apparel = Category.objects.create(name="Apparel", slug="apparel")
    food = Category.objects.create(name="Food", slug="food")
    coat = product_make(product, "Coat", channel_USD, category=apparel)
    tea = product_make(product, "Tea", channel_USD, category=food)
    scenario = scenario_create_from_preset(preset="win-back", language="en")
    staff_user.user_permissions.add(permission_manage_plugins)
    days = [{"category": "apparel", "days": 180}, {"category": "food", "days": 60}]
    answer = stepmail_api.post(
        SCENARIO_UPDATE,
        {
            "id": to_global_id("StepmailScenario", scenario.pk),
            "input": {"dormantDaysByCategory": days},
        },
        token=create_access_token(staff_user),
    ).json()["data"]["stepmailScenarioUpdate"]
    assert answer == {
        "scenario": {"dormantDays": DAYS, "dormantDaysByCategory": days},
        "errors": [],
    }
    scenario_status_set(scenario=scenario, status=ScenarioStatus.ACTIVE)
    Order.objects.all().delete()
    make = {"order_generator": order_generator, "order_lines_generator": order_lines_generator}

    def placed(email, products, days_ago):
        return order_make(products=products, email=email, days_ago=days_ago, paid=True, **make)

    tea_buyer = placed("tea@example.com", [tea], 61)  # quiet after 60 days
    placed("coat@example.com", [coat], 121)  # not yet: apparel lasts 180 days
    both = placed("both@example.com", [coat, tea], 181)  # the longest of its categories
    other = placed("other@example.com", [product], DAYS + 1)  # no listed category: 120 days

    scenario.refresh_from_db()  # activated two days ago
    scenario.dormancy_scanned_until = timezone.now() - timedelta(days=2)
    scenario.save(update_fields=["dormancy_scanned_until"])
    customers_detect_dormant(now=timezone.now())

    enrolled = Enrollment.objects.filter(scenario=scenario)
    assert sorted(enrolled.values_list("email", "source_order_id")) == sorted(
        [
            ("tea@example.com", str(tea_buyer.pk)),
            ("both@example.com", str(both.pk)),
            ("other@example.com", str(other.pk)),
        ]
    )
