from collections import Counter

import pytest

from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.experiments import holdout_assigned, promote_variant
from saleor_stepmail.models import Delivery, Enrollment, Scenario, Variant

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def test_holdout_is_stable_per_customer_and_close_to_the_percentage():
    emails = [f"c{n}@example.com" for n in range(4000)]

    first = [holdout_assigned(scenario_id=1, email=e, percent=20) for e in emails]
    again = [holdout_assigned(scenario_id=1, email=e, percent=20) for e in emails]
    other = [holdout_assigned(scenario_id=2, email=e, percent=20) for e in emails]

    assert first == again
    assert 0.18 < sum(first) / len(emails) < 0.22
    assert first != other  # each scenario draws its own group
    assert not any(holdout_assigned(scenario_id=1, email=e, percent=0) for e in emails)


def test_a_ten_percent_holdout_receives_nothing_while_the_rest_get_every_mail(clock, outbox):
    make_scenario(delays=(0, 3))
    Scenario.objects.update(holdout_percent=10)
    for n in range(400):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"))

    dispatch_due(now=clock.advance(days=4), limit=1000)

    holdout = set(Enrollment.objects.filter(holdout=True).values_list("email", flat=True))
    assert 0.06 < len(holdout) / 400 < 0.14
    assert len(outbox) == 2 * (400 - len(holdout))
    assert not holdout & {message.to[0] for message in outbox}
    skipped = Delivery.objects.filter(enrollment__holdout=True)
    assert set(skipped.values_list("state", "reason")) == {("skipped", "holdout")}
    assert skipped.count() == 2 * len(holdout)
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"completed"}


def test_promoted_variant_is_used_for_new_and_waiting_deliveries(clock, outbox):
    make_scenario(delays=(0, 3), variants=(("a", 1), ("b", 1)))
    for n in range(20):
        record_event(order_created(clock.now, email=f"c{n}@example.com", order_id=f"o{n}"))
    dispatch_due(now=clock.now, limit=1000)
    sent_before = Counter(
        Delivery.objects.filter(state="sent").values_list("variant__name", flat=True)
    )
    later_step = Delivery.objects.filter(state="scheduled").first().step
    winner = Variant.objects.get(step=later_step, name="b")

    promote_variant(variant=winner)
    record_event(order_created(clock.now, email="new@example.com", order_id="o-new"))

    assert set(
        Delivery.objects.filter(step=later_step).values_list("variant__name", flat=True)
    ) == {"b"}
    assert sent_before == Counter(
        Delivery.objects.filter(state="sent").values_list("variant__name", flat=True)
    )
    assert set(sent_before) == {"a", "b"}  # the draw gave both; the first step keeps it
