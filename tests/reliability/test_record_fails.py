"""A chunk whose record fails after its sends: the mails the provider accepted stay recorded.

The failure is real: a deferred constraint trigger, added for the test, makes Postgres refuse
the first commit that marks a delivery sent, after every statement of the chunk succeeded.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection

from saleor_stepmail.conf import stepmail_settings
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.models import Delivery

from .builders import due_deliveries

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def first_commit_refused():
    """Refuse, once, a commit that records a sent delivery (a sequence does not roll back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE SEQUENCE test_sent_commits;
            CREATE FUNCTION test_refuse_first_commit() RETURNS trigger AS $$
            BEGIN
                IF nextval('test_sent_commits') = 1 THEN
                    RAISE EXCEPTION 'refused by the test at commit';
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql;
            CREATE CONSTRAINT TRIGGER test_refuse_first_commit
                AFTER UPDATE ON saleor_stepmail_delivery
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.state = 'sent')
                EXECUTE FUNCTION test_refuse_first_commit();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DROP TRIGGER test_refuse_first_commit ON saleor_stepmail_delivery;
            DROP FUNCTION test_refuse_first_commit();
            DROP SEQUENCE test_sent_commits;
            """
        )


def test_a_chunk_whose_commit_fails_after_its_sends_records_them_sent_and_sends_none_again(
    clock, send_log, first_commit_refused
):
    ids = due_deliveries(now=clock.now, customers=10, steps=1)

    first = dispatch_due(now=clock.now)

    assert first["claimed"] == 10
    assert first["error"] == 10  # the chunk failed; its sends were recorded on their own
    assert Counter(Delivery.objects.values_list("state", flat=True)) == {"sent": 10}
    assert Delivery.objects.filter(events__type="sent").count() == 10

    lease_end = clock.now + stepmail_settings().lease
    assert dispatch_due(now=lease_end)["claimed"] == 0
    assert dispatch_due(now=lease_end + timedelta(days=1))["claimed"] == 0
    assert Counter(s.delivery_id for s in send_log.sends()) == Counter(ids)
