"""Confirmation mail pacing under concurrency: the limits hold for requests at the same time."""

import threading

import pytest
from django.db import connections, transaction
from django.test import override_settings

from saleor_stepmail.api.confirmation_pace import confirmation_allowed, mailbox_hash
from saleor_stepmail.api.errors import InputError
from saleor_stepmail.models import ConfirmationMail
from tests.engine.test_abandonment import _wait_for_a_lock_wait


def test_a_mailbox_is_the_address_without_case_or_plus_tag():
    assert mailbox_hash("Hana+news@Example.com") == mailbox_hash("hana@example.com")
    assert mailbox_hash("hana@example.com") != mailbox_hash("hana@example.org")


def test_gmails_dots_and_googlemail_are_one_mailbox_elsewhere_dots_count():
    gmail = mailbox_hash("hana.yamada@gmail.com")

    assert mailbox_hash("h.a.n.a.yamada+news@GoogleMail.com") == gmail
    assert mailbox_hash("HanaYamada@gmail.com") == gmail
    assert mailbox_hash("hana.yamada@example.com") != mailbox_hash("hanayamada@example.com")


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_pass_the_hourly_cap(clock):
    """The first request holds its decision until it commits; the second then counts it."""
    errors, allowed = [], []

    def second_request() -> None:
        try:
            with transaction.atomic():
                allowed.append(
                    confirmation_allowed(email="ken@example.com", client="", now=clock.now)
                )
        except InputError as exc:
            errors.append(exc.problems[0].code)
        finally:
            connections.close_all()

    with override_settings(STEPMAIL={"subscribe_confirmations_per_hour": 1}):
        with transaction.atomic():
            assert confirmation_allowed(email="hana@example.com", client="", now=clock.now)
            second = threading.Thread(target=second_request)
            second.start()
            _wait_for_a_lock_wait(timeout=10)
        second.join(10)

    assert not second.is_alive()
    assert (allowed, errors) == ([], ["rate_limited"])
    assert ConfirmationMail.objects.count() == 1
