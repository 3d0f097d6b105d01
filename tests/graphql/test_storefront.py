"""Storefront: double opt-in subscribe, confirm, unsubscribe, and the customer's own status."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client, override_settings

from saleor_stepmail.api.subscriptions import unsubscribe_token
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.optout import email_suppress
from saleor_stepmail.engine.suppression import suppressed_emails
from saleor_stepmail.engine.tokens import UNSUBSCRIBE_SALT, delivery_token_create
from saleor_stepmail.models import ConfirmationMail, Delivery, Enrollment, Subscription
from tests.factories import make_scenario, order_created
from tests.graphql.conftest import TOKEN_SETTINGS, Api

pytestmark = pytest.mark.django_db

SUBSCRIBE = """
mutation($email: String!, $scenario: String, $channel: String, $language: StepmailLanguage) {
  stepmailSubscribe(email: $email, scenario: $scenario, channel: $channel, language: $language) {
    requiresConfirmation errors { field message code }
  }
}
"""
CONFIRM = """
mutation($token: String!) {
  stepmailConfirm(token: $token) {
    subscription { email scenarioSlug state } errors { field message code }
  }
}
"""
UNSUBSCRIBE = """
mutation($token: String!) {
  stepmailUnsubscribe(token: $token) {
    subscription { scenarioSlug state } errors { field message code }
  }
}
"""
STATUS = """
{ myStepmailStatus {
    email receivesStepMail
    activeScenarios { scenarioSlug nextSendAt }
    subscriptions { scenarioSlug state }
} }
"""


@pytest.fixture
def lead_nurture():
    return make_scenario(slug="tea-lessons", trigger="subscribed", goals=(), delays=(0, 7))


def _subscribe(api, django_capture_on_commit_callbacks, **variables) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        return api(SUBSCRIBE, variables)["data"]["stepmailSubscribe"]


def _token_in(message) -> str:
    return re.search(r"(?:code|コード): (\S+)", message.body).group(1)


def test_subscribing_mails_a_confirmation_and_enrols_nobody_yet(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks
):
    result = _subscribe(
        api,
        django_capture_on_commit_callbacks,
        email="Lead@Example.com",
        scenario="tea-lessons",
        channel="jp",
    )

    assert result == {"requiresConfirmation": True, "errors": []}
    assert [m.to for m in outbox] == [["lead@example.com"]]
    assert Subscription.objects.get().state == "pending"
    assert not Enrollment.objects.exists()


def test_confirming_starts_the_scenario_subscribed_to_and_no_other(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    make_scenario(slug="coffee-lessons", trigger="subscribed", goals=(), delays=(0,))
    _subscribe(
        api, django_capture_on_commit_callbacks, email="lead@example.com", scenario="tea-lessons"
    )
    token = _token_in(outbox[0])

    confirmed = api(CONFIRM, {"token": token})["data"]["stepmailConfirm"]
    again = api(CONFIRM, {"token": token})["data"]["stepmailConfirm"]

    assert confirmed == {
        "subscription": {
            "email": "lead@example.com",
            "scenarioSlug": "tea-lessons",
            "state": "CONFIRMED",
        },
        "errors": [],
    }
    assert again["errors"] == []
    enrollment = Enrollment.objects.get()
    assert (enrollment.scenario, enrollment.triggered_at) == (lead_nurture, clock.now)
    assert enrollment.context == {"subscription": {"scenario": "tea-lessons"}}


def test_a_confirmation_link_expires_after_a_week(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    _subscribe(
        api, django_capture_on_commit_callbacks, email="lead@example.com", scenario="tea-lessons"
    )
    clock.advance(days=7, minutes=1)

    result = api(CONFIRM, {"token": _token_in(outbox[0])})["data"]["stepmailConfirm"]

    assert result["errors"] == [
        {
            "field": "token",
            "message": "the link has expired; subscribe again",
            "code": "INVALID_TOKEN",
        }
    ]
    assert not Enrollment.objects.exists()


def test_asking_again_re_mails_only_after_a_wait_that_doubles(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    """Someone else's address cannot be flooded through the subscribe form."""
    asks = [0, 5, 15, 30, 44, 45]  # minutes after the first request
    answers, mailed_at = [], []
    for minute in asks:
        clock.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=minute)
        before = len(outbox)
        answers.append(
            _subscribe(
                api,
                django_capture_on_commit_callbacks,
                email="lead@example.com",
                scenario="tea-lessons",
            )
        )
        if len(outbox) > before:
            mailed_at.append(minute)

    # 0, then 15 minutes later, then 30 minutes after that: 45.
    assert mailed_at == [0, 15, 45]
    assert all(a == {"requiresConfirmation": True, "errors": []} for a in answers)
    assert ConfirmationMail.objects.count() == 3


def test_one_request_mails_one_inbox_once_whatever_its_aliases_scenarios_and_plus_tags(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks
):
    make_scenario(slug="tea-news", trigger="subscribed", goals=(), delays=(0,))
    asks = [
        ("victim@example.com", "tea-lessons"),
        ("Victim@Example.com", "tea-news"),
        ("victim+1@example.com", "tea-lessons"),
        ("VICTIM+2@example.com", None),
        ("victim+3@example.com", "tea-news"),
    ]
    fields = " ".join(
        f'a{i}: stepmailSubscribe(email: "{email}"'
        + (f', scenario: "{slug}"' if slug else "")
        + ") { requiresConfirmation errors { code } }"
        for i, (email, slug) in enumerate(asks)
    )

    with django_capture_on_commit_callbacks(execute=True):
        payload = api(f"mutation {{ {fields} }}")

    assert all(
        answer == {"requiresConfirmation": True, "errors": []}
        for answer in payload["data"].values()
    )
    assert len(outbox) == 1


def test_one_request_mails_a_gmail_inbox_once_whatever_its_dots_and_googlemail_aliases(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks
):
    asks = [
        "victim@gmail.com",
        "v.ictim@gmail.com",
        "vi.c.tim+1@googlemail.com",
        "VICTIM@GoogleMail.com",
        "v.i.c.t.i.m@gmail.com",
    ]
    fields = " ".join(
        f'a{i}: stepmailSubscribe(email: "{email}", scenario: "tea-lessons") '
        "{ requiresConfirmation errors { code } }"
        for i, email in enumerate(asks)
    )

    with django_capture_on_commit_callbacks(execute=True):
        payload = api(f"mutation {{ {fields} }}")

    assert all(
        answer == {"requiresConfirmation": True, "errors": []}
        for answer in payload["data"].values()
    )
    assert len(outbox) == 1


def test_the_hourly_cap_counts_mails_not_addresses(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    settings = {**TOKEN_SETTINGS, "subscribe_confirmations_per_hour": 2}
    answers = []
    with override_settings(STEPMAIL=settings):
        for minute in (0, 15, 45):  # each one after its wait: three mails to one address
            clock.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=minute)
            answers.append(
                _subscribe(api, django_capture_on_commit_callbacks, email="lead@example.com")
            )

    assert [a["errors"][0]["code"] if a["errors"] else None for a in answers] == [
        None,
        None,
        "RATE_LIMITED",
    ]
    assert len(outbox) == 2


def test_junk_addresses_from_one_client_leave_the_shops_hourly_cap_to_others(
    outbox, lead_nurture, django_capture_on_commit_callbacks
):
    settings = {
        **TOKEN_SETTINGS,
        "subscribe_confirmations_per_hour": 5,
        "subscribe_confirmations_per_client_hour": 3,
    }
    attacker, customer = Api(), Api()
    attacker.client = Client(REMOTE_ADDR="198.51.100.7")
    customer.client = Client(REMOTE_ADDR="203.0.113.20")
    with override_settings(STEPMAIL=settings):
        junk = [
            _subscribe(attacker, django_capture_on_commit_callbacks, email=f"junk{i}@example.com")
            for i in range(6)
        ]
        real = _subscribe(customer, django_capture_on_commit_callbacks, email="lead@example.com")

    assert [a["errors"][0]["code"] if a["errors"] else None for a in junk] == [None] * 3 + [
        "RATE_LIMITED"
    ] * 3
    assert real == {"requiresConfirmation": True, "errors": []}
    assert len(outbox) == 4


@pytest.mark.parametrize("reason", ["bounced", "complained"])
def test_an_address_that_bounced_or_complained_gets_no_confirmation_mail(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks, reason
):
    email_suppress(email="lead@example.com", reason=reason, now=lead_nurture.created_at)

    result = _subscribe(
        api, django_capture_on_commit_callbacks, email="lead@example.com", scenario="tea-lessons"
    )

    assert result == {"requiresConfirmation": True, "errors": []}
    assert outbox == []


def test_a_confirmed_opt_in_to_a_scenario_lifts_an_unsubscription_for_that_scenario_only(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    make_scenario(slug="follow-up", trigger="order_created", delays=(0,))
    email_suppress(email="lead@example.com", reason="unsubscribed", now=clock.now)
    _subscribe(
        api, django_capture_on_commit_callbacks, email="lead@example.com", scenario="tea-lessons"
    )

    confirmed = api(CONFIRM, {"token": _token_in(outbox[0])})["data"]["stepmailConfirm"]
    record_event(order_created(clock.now, email="lead@example.com"), now=clock.now)
    dispatch_due(now=clock.advance(minutes=1))

    assert confirmed["errors"] == []
    enrollment = Enrollment.objects.get()
    assert (enrollment.scenario, enrollment.state) == (lead_nurture, "active")
    assert [d.step.position for d in Delivery.objects.filter(state="sent")] == [0]
    assert suppressed_emails(["lead@example.com"]) == {"lead@example.com"}


def test_a_confirmed_opt_in_to_all_step_mail_lifts_an_unsubscription(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    email_suppress(email="lead@example.com", reason="unsubscribed", now=clock.now)
    _subscribe(api, django_capture_on_commit_callbacks, email="lead@example.com")

    api(CONFIRM, {"token": _token_in(outbox[0])})

    assert not suppressed_emails(["lead@example.com"])


def test_a_confirmed_opt_in_leaves_a_bounce_in_place(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    _subscribe(api, django_capture_on_commit_callbacks, email="lead@example.com")
    email_suppress(email="lead@example.com", reason="bounced", now=clock.now)

    api(CONFIRM, {"token": _token_in(outbox[0])})

    assert suppressed_emails(["lead@example.com"]) == {"lead@example.com"}


def test_the_hourly_cap_on_confirmation_mails_refuses_more_and_saves_nothing(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    settings = {**TOKEN_SETTINGS, "subscribe_confirmations_per_hour": 2}
    with override_settings(STEPMAIL=settings):
        for name in ("a", "b", "c"):
            result = _subscribe(
                api, django_capture_on_commit_callbacks, email=f"{name}@example.com"
            )
        clock.advance(hours=1, minutes=1)
        later = _subscribe(api, django_capture_on_commit_callbacks, email="c@example.com")

    assert result["errors"] == [
        {
            "field": "email",
            "message": "too many subscription requests right now; try again in an hour",
            "code": "RATE_LIMITED",
        }
    ]
    assert later == {"requiresConfirmation": True, "errors": []}
    assert [m.to for m in outbox] == [["a@example.com"], ["b@example.com"], ["c@example.com"]]


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        (None, "配信登録のご確認", "お心当たりがない場合は"),
        ("EN", "Please confirm your subscription", "If you did not ask for this"),
    ],
)
def test_the_confirmation_mail_speaks_the_storefront_language(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks, language, subject, phrase
):
    _subscribe(
        api,
        django_capture_on_commit_callbacks,
        email="lead@example.com",
        scenario="tea-lessons",
        language=language,
    )

    assert outbox[0].subject == subject
    assert phrase in outbox[0].body and lead_nurture.name in outbox[0].body


def test_whoever_got_a_confirmation_unasked_can_stop_all_mail_to_the_address(
    api, outbox, clock, lead_nurture, django_capture_on_commit_callbacks
):
    settings = {**TOKEN_SETTINGS, "public_url": "https://api.shop.example/plugins/stepmail"}
    with override_settings(STEPMAIL=settings):
        _subscribe(api, django_capture_on_commit_callbacks, email="lead@example.com", language="EN")
    mail = outbox[0]
    stop_url = re.search(r"Never mail this address again: (\S+)", mail.body).group(1)
    path = stop_url.removeprefix("https://api.shop.example")

    page = api.client.get(path)
    assert page.status_code == 200 and not suppressed_emails(["lead@example.com"])
    one_click = api.client.post(path, {"List-Unsubscribe": "One-Click"})

    assert mail.extra_headers["List-Unsubscribe"] == f"<{stop_url}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert one_click.status_code == 200
    assert suppressed_emails(["lead@example.com"]) == {"lead@example.com"}
    assert Subscription.objects.get().state == "unsubscribed"
    assert api.client.post(path[:-4] + "xyz/").status_code == 400


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"email": "not an address"}, "email", "INVALID"),
        ({"email": "a" * 250 + "@example.com"}, "email", "INVALID"),
        ({"email": "a@example.com", "scenario": "no-such"}, "scenario", "NOT_FOUND"),
        ({"email": "a@example.com", "channel": "mars"}, "channel", "INVALID"),
    ],
)
def test_bad_subscriptions_are_refused(
    api, outbox, lead_nurture, django_capture_on_commit_callbacks, variables, field, code
):
    result = _subscribe(api, django_capture_on_commit_callbacks, **variables)

    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert outbox == [] and not Subscription.objects.exists()


def test_an_unknown_channel_is_refused_without_naming_the_shops_channels(
    api, outbox, django_capture_on_commit_callbacks
):
    result = _subscribe(
        api, django_capture_on_commit_callbacks, email="a@example.com", channel="mars"
    )

    assert result["errors"] == [
        {"field": "channel", "message": "unknown channel 'mars'", "code": "INVALID"}
    ]


def test_a_scenario_not_started_by_subscriptions_cannot_be_subscribed_to(
    api, outbox, django_capture_on_commit_callbacks
):
    make_scenario(slug="follow-up", trigger="first_order")

    result = _subscribe(
        api, django_capture_on_commit_callbacks, email="a@example.com", scenario="follow-up"
    )

    assert result["errors"][0]["code"] == "NOT_FOUND"


def test_a_forged_token_is_refused(api):
    result = api(CONFIRM, {"token": "eyJlIjoiYUBiLmMifQ:forged"})["data"]["stepmailConfirm"]

    assert result["errors"] == [
        {"field": "token", "message": "the link is not valid", "code": "INVALID_TOKEN"}
    ]


def test_unsubscribing_from_one_scenario_ends_only_its_enrolment(api, clock):
    one = make_scenario(slug="one")
    make_scenario(slug="two", trigger="order_created")
    record_event(order_created(clock.now), now=clock.now)

    result = api(
        UNSUBSCRIBE,
        {"token": unsubscribe_token(email="hana@example.com", scenario=one, now=clock.now)},
    )

    assert result["data"]["stepmailUnsubscribe"] == {
        "subscription": {"scenarioSlug": "one", "state": "UNSUBSCRIBED"},
        "errors": [],
    }
    states = dict(Enrollment.objects.values_list("scenario__slug", "state"))
    assert states == {"one": "unsubscribed", "two": "active"}
    assert not suppressed_emails(["hana@example.com"])


def test_unsubscribing_from_all_mail_suppresses_the_address(api, clock):
    make_scenario(slug="one")
    make_scenario(slug="two", trigger="order_created")
    record_event(order_created(clock.now), now=clock.now)

    result = api(
        UNSUBSCRIBE,
        {"token": unsubscribe_token(email="hana@example.com", scenario=None, now=clock.now)},
    )

    assert result["data"]["stepmailUnsubscribe"]["subscription"] == {
        "scenarioSlug": None,
        "state": "UNSUBSCRIBED",
    }
    assert set(Enrollment.objects.values_list("state", "exit_reason")) == {
        ("unsubscribed", "unsubscribed")
    }
    assert suppressed_emails(["hana@example.com"]) == {"hana@example.com"}


def test_the_unsubscribe_link_of_a_mail_works_as_a_token_too(api, clock):
    make_scenario(delays=(0,))
    record_event(order_created(clock.now), now=clock.now)
    delivery = Delivery.objects.get()
    token = delivery_token_create(delivery_id=delivery.pk, salt=UNSUBSCRIBE_SALT)

    result = api(UNSUBSCRIBE, {"token": token})["data"]["stepmailUnsubscribe"]

    assert result["errors"] == []
    assert suppressed_emails(["hana@example.com"]) == {"hana@example.com"}
    assert delivery.events.filter(type="unsubscribed").count() == 1


def test_a_customer_sees_only_their_own_status(api, clock):
    make_scenario(slug="follow-up", delays=(0, 3))
    record_event(
        order_created(clock.now - timedelta(days=1), email="hana@example.com"), now=clock.now
    )
    record_event(order_created(clock.now, email="ken@example.com", order_id="o-2"), now=clock.now)
    Delivery.objects.filter(step__position=0).update(state="sent")

    payload = api(STATUS, token="hana")

    assert payload["data"]["myStepmailStatus"] == {
        "email": "hana@example.com",
        "receivesStepMail": True,
        "activeScenarios": [
            {"scenarioSlug": "follow-up", "nextSendAt": (clock.now + timedelta(days=2)).isoformat()}
        ],
        "subscriptions": [],
    }


def test_anonymous_callers_have_no_status(api):
    assert api(STATUS)["data"]["myStepmailStatus"] is None


def test_customers_cannot_use_operator_mutations(api):
    result = api(
        """mutation { stepmailScenarioCreate(input: {slug: "x", name: "x", trigger: FIRST_ORDER}) {
             errors { code } } }""",
        token="hana",
    )

    assert result["data"]["stepmailScenarioCreate"]["errors"] == [{"code": "PERMISSION_DENIED"}]


def test_a_subscription_naming_no_scenario_starts_the_channels_lead_nurture_scenario(
    api, outbox, clock, django_capture_on_commit_callbacks
):
    make_scenario(slug="coffee-lessons", trigger="subscribed", goals=(), delays=(0,))
    make_scenario(slug="jp-only", trigger="subscribed", channels=("jp",), delays=(0,))
    nurture = make_scenario(slug="tea-lessons", trigger="subscribed", goals=(), delays=(0,))
    nurture.preset = "lead-nurture"
    nurture.save(update_fields=["preset"])
    _subscribe(
        api, django_capture_on_commit_callbacks, email="lead@example.com", channel="default-channel"
    )

    api(CONFIRM, {"token": _token_in(outbox[0])})

    (enrollment,) = Enrollment.objects.all()
    assert enrollment.scenario == nurture
    assert enrollment.context == {"subscription": {"scenario": "tea-lessons"}}
