"""LINE's webhook: signatures, follow -> enrolment, unfollow -> exit, redeliveries, 1,000 events."""

import base64
import hashlib
import hmac
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_stepmail.engine.inbox import INBOUND_BATCH, inbound_apply_pending
from saleor_stepmail.models import Enrollment, InboundEvent, LineUser

from ..factories import make_scenario
from ..line_double import LINE_SECRET

pytestmark = pytest.mark.django_db

URL = "/plugins/stepmail/line/webhook/default-channel/"
HANA = "U" + "a" * 32


def line_user(number: int) -> str:
    return f"U{number:032x}"


def line_event(
    kind: str, user: str, *, event_id: str, at_ms: int | str = 1_793_000_000_000
) -> dict:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": at_ms,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": False},
    }


def post(client, events: list[dict], *, secret: str = LINE_SECRET, signature: str | None = None):
    body = json.dumps({"destination": "Ubot", "events": events}).encode()
    return post_body(client, body, secret=secret, signature=signature)


def post_body(client, body: bytes, *, secret: str = LINE_SECRET, signature: str | None = None):
    if signature is None:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        signature = base64.b64encode(digest).decode()
    return client.post(
        URL, data=body, content_type="application/json", HTTP_X_LINE_SIGNATURE=signature
    )


@pytest.fixture
def friend_scenario():
    scenario = make_scenario(
        slug="line-welcome", trigger="line_friend_added", goals=(), delays=(0, 1)
    )
    scenario.steps.update(channel="line")
    return scenario


def test_a_signed_follow_enrols_the_line_user_with_their_display_name(
    client, clock, line_api, friend_scenario
):
    line_api.profiles[HANA] = "はな"

    answer = post(client, [line_event("follow", HANA, event_id="01HF")])
    assert (answer.status_code, answer.json()) == (200, {"stored": 1})
    assert Enrollment.objects.count() == 0  # applied by the worker, not in the request

    assert inbound_apply_pending(now=clock.now) == 1

    enrollment = Enrollment.objects.get()
    assert (enrollment.scenario, enrollment.line_user_id, enrollment.email) == (
        friend_scenario,
        HANA,
        "",
    )
    assert enrollment.context["customer"]["first_name"] == "はな"
    assert enrollment.deliveries.count() == 2
    friend = LineUser.objects.get()
    assert (friend.display_name, friend.channel_slug, friend.blocked_at) == (
        "はな",
        "default-channel",
        None,
    )


def test_a_follow_without_a_readable_profile_still_enrols(client, clock, line_api, friend_scenario):
    post(client, [line_event("follow", HANA, event_id="01HF")])

    inbound_apply_pending(now=clock.now)

    assert Enrollment.objects.get().line_user_id == HANA
    assert LineUser.objects.get().display_name == ""


@pytest.mark.parametrize("signature", ["", "bm90IHRoZSBzaWduYXR1cmU=", None])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_written(client, line_api, signature):
    answer = post(
        client,
        [line_event("follow", HANA, event_id="01HF")],
        secret="another-channel-secret" if signature is None else LINE_SECRET,
        signature=signature,
    )

    assert answer.status_code == 401
    assert InboundEvent.objects.count() == 0


def test_a_channel_without_a_line_secret_answers_404(client, clock):
    answer = post(client, [line_event("follow", HANA, event_id="01HF")])

    assert answer.status_code == 404
    assert InboundEvent.objects.count() == 0


def test_unfollow_ends_the_users_line_enrolments_and_blocks_line_for_them(
    client, clock, line_api, friend_scenario
):
    post(client, [line_event("follow", HANA, event_id="01HF")])
    inbound_apply_pending(now=clock.now)

    post(client, [line_event("unfollow", HANA, event_id="01HU", at_ms=1_793_000_060_000)])
    inbound_apply_pending(now=clock.advance(minutes=1))

    enrollment = Enrollment.objects.get()
    assert (enrollment.state, enrollment.exit_reason) == ("unsubscribed", "line_unfollowed")
    assert set(enrollment.deliveries.values_list("state", flat=True)) == {"cancelled"}
    assert LineUser.objects.get().blocked_at is not None


def test_following_again_after_a_block_unblocks_and_enrols_again(
    client, clock, line_api, friend_scenario
):
    post(client, [line_event("follow", HANA, event_id="01HF")])
    post(client, [line_event("unfollow", HANA, event_id="01HU", at_ms=1_793_000_060_000)])
    post(client, [line_event("follow", HANA, event_id="01HG", at_ms=1_793_000_120_000)])

    assert inbound_apply_pending(now=clock.now) == 3

    assert list(Enrollment.objects.order_by("pk").values_list("state", flat=True)) == [
        "unsubscribed",
        "active",
    ]
    assert LineUser.objects.get().blocked_at is None


def test_a_redelivered_event_is_applied_once(client, clock, line_api, friend_scenario):
    event = line_event("follow", HANA, event_id="01HF")
    post(client, [event])
    inbound_apply_pending(now=clock.now)
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}

    answer = post(client, [redelivered, redelivered])
    inbound_apply_pending(now=clock.advance(minutes=1))

    assert answer.json() == {"stored": 0}
    assert InboundEvent.objects.count() == 1
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize(
    "timestamp", ["1e20", "1e400", "-1e20", "NaN", "Infinity", "1" + "0" * 400]
)
def test_an_event_at_no_possible_moment_is_skipped_and_the_events_beside_it_are_stored(
    client, clock, line_api, friend_scenario, timestamp
):
    events = [
        line_event("follow", line_user(1), event_id="E1"),
        line_event("follow", line_user(2), event_id="E2", at_ms="TIMESTAMP"),
        line_event("follow", line_user(3), event_id="E3"),
    ]
    body = json.dumps({"destination": "Ubot", "events": events}).encode()

    answer = post_body(client, body.replace(b'"TIMESTAMP"', timestamp.encode()))
    inbound_apply_pending(now=clock.now)

    assert (answer.status_code, answer.json()) == (200, {"stored": 2})
    assert set(Enrollment.objects.values_list("line_user_id", flat=True)) == {
        line_user(1),
        line_user(3),
    }


def test_other_events_and_sources_are_not_stored(client, line_api):
    group = {**line_event("follow", HANA, event_id="01HA"), "source": {"type": "group"}}
    message = {**line_event("message", HANA, event_id="01HB"), "message": {"text": "hi"}}
    forged = line_event("follow", "U'; DROP TABLE", event_id="01HC")

    answer = post(client, [group, message, forged])

    assert answer.json() == {"stored": 0}


def test_a_thousand_events_are_stored_in_a_few_statements_and_applied_in_bounded_batches(
    client, clock, line_api, friend_scenario
):
    events = [line_event("follow", line_user(n), event_id=f"E{n}") for n in range(1000)]

    with CaptureQueriesContext(connection) as queries:
        answer = post(client, events)
    assert answer.json() == {"stored": 1000}
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1000 // 500

    applied = [inbound_apply_pending(now=clock.now, limit=400) for _ in range(4)]

    assert applied == [400, 400, 200, 0]
    assert INBOUND_BATCH == 500
    assert Enrollment.objects.filter(scenario=friend_scenario).count() == 1000
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 0
