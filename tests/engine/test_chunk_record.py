"""Recording a chunk: once a provider accepted a mail, no other row's failure undoes its record.

The database refusals are real: a CHECK constraint added for the test refuses one row, as
Postgres refuses a value it cannot store.
"""

from collections import Counter

import pytest
from django.db import connection

from saleor_stepmail.conf import stepmail_settings
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.models import Delivery, Enrollment, Step

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db


def alter(table: str, change: str) -> None:
    with connection.cursor() as cursor:
        # The test's transaction has deferred foreign key checks pending: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE saleor_stepmail_{table} {change}")


def refuse(table: str, condition: str) -> None:
    alter(table, f"ADD CONSTRAINT test_refused CHECK (NOT ({condition}))")


def customers(clock, n: int) -> None:
    for i in range(n):
        record_event(order_created(clock.now, email=f"c{i}@example.com", order_id=f"o-{i}"))


def test_a_row_the_database_refuses_leaves_the_other_sends_of_its_chunk_recorded(clock, outbox):
    make_scenario(delays=(0,))
    customers(clock, 4)
    refused = Delivery.objects.get(enrollment__email="c2@example.com")
    refuse("delivery", f"provider_message_id LIKE '%{refused.idempotency_key}%'")

    dispatch_due(now=clock.now)
    dispatch_due(now=clock.advance(seconds=stepmail_settings().lease_seconds))

    assert sorted(m.to[0] for m in outbox) == [f"c{i}@example.com" for i in range(4)]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert Delivery.objects.filter(events__type="sent").count() == 4
    refused.refresh_from_db()
    # Recorded without what the database refused: the mail went out once.
    assert (refused.state, refused.provider_message_id) == ("sent", "")


def test_a_chunk_that_fails_after_its_sends_keeps_them_sent_and_retries_the_rest(clock, outbox):
    make_scenario(slug="mail", delays=(0,))
    ending = make_scenario(slug="ending", delays=(0,))
    Step.objects.filter(scenario=ending).update(action="end")
    customers(clock, 3)
    # Ending an enrolment is written in the chunk's transaction, after the sends: refused,
    # the whole chunk rolls back.
    refuse("enrollment", "state = 'completed' AND exit_reason LIKE 'ended by step%'")

    first = dispatch_due(now=clock.now)

    assert first["error"] == 6
    assert len(outbox) == 3
    states = Counter(Delivery.objects.values_list("enrollment__scenario__slug", "state"))
    assert states == {("mail", "sent"): 3, ("ending", "claimed"): 3}
    assert Delivery.objects.filter(events__type="sent").count() == 3

    alter("enrollment", "DROP CONSTRAINT test_refused")
    again = dispatch_due(now=clock.advance(seconds=stepmail_settings().lease_seconds))

    assert again["claimed"] == 3
    assert len(outbox) == 3
    assert set(Enrollment.objects.values_list("state", flat=True)) == {"completed"}
    dispatch_due(now=clock.advance(days=1))
    assert len(outbox) == 3
