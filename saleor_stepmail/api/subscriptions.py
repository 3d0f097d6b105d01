"""Consent: subscribe with double opt-in, confirm, unsubscribe from one scenario or all mail.

Tokens are signed with the site's SECRET_KEY (django.core.signing), one salt per purpose, and
carry their issue time so that the caller's clock, not the wall clock, decides expiry.

Anyone may ask for a subscription, for any address, so the confirmation mails are paced per
mailbox, per client and for the shop (confirmation_pace.py), and never go to an address that
bounced or complained.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from ..conf import stepmail_settings
from ..engine.enrollment import enrollments_end, scenario_enroll
from ..engine.events import Event, normalize_email
from ..engine.links import plugin_url
from ..engine.optout import delivery_unsubscribe, email_suppress
from ..engine.render import text_render
from ..engine.suppression import (
    NEVER_MAILED,
    suppression_lift,
    suppression_reason,
)
from ..engine.tokens import UNSUBSCRIBE_SALT as TRACKING_UNSUBSCRIBE_SALT
from ..engine.tokens import InvalidToken, delivery_token_read
from ..models import Delivery, Enrollment, Scenario, Subscription
from ..presets.lead_nurture import SCENARIO as LEAD_NURTURE_PRESET
from ..vocabulary import (
    EnrollmentState,
    EventType,
    ScenarioStatus,
    SubscriptionState,
    Trigger,
)
from .confirmation_pace import confirmation_allowed
from .errors import ErrorCode, InputError, Problem, raise_if
from .validation import channel_problems, email_problems, language_problems

CONFIRM_SALT = "saleor_stepmail.subscription.confirm"
UNSUBSCRIBE_SALT = "saleor_stepmail.subscription.unsubscribe"
CONFIRM_TOKEN_TTL = timedelta(days=7)
LEAD_NURTURE = LEAD_NURTURE_PRESET["slug"]


@dataclass(frozen=True)
class TokenClaims:
    email: str
    scenario_id: int | None
    channel_slug: str


def _token(salt: str, claims: TokenClaims, now: datetime) -> str:
    payload = {
        "e": claims.email,
        "s": claims.scenario_id,
        "c": claims.channel_slug,
        "t": int(now.timestamp()),
    }
    return signing.dumps(payload, salt=salt, compress=True)


def _claims(salt: str, token: str, *, now: datetime, ttl: timedelta | None) -> TokenClaims:
    bad = InputError([Problem("token", "the link is not valid", ErrorCode.INVALID_TOKEN)])
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature as exc:
        raise bad from exc
    if not isinstance(payload, dict) or not {"e", "s", "c", "t"} <= set(payload):
        raise bad
    if ttl is not None and now.timestamp() - payload["t"] > ttl.total_seconds():
        raise InputError(
            [Problem("token", "the link has expired; subscribe again", ErrorCode.INVALID_TOKEN)]
        )
    return TokenClaims(email=payload["e"], scenario_id=payload["s"], channel_slug=payload["c"])


def unsubscribe_token(*, email: str, scenario: Scenario | None, now: datetime) -> str:
    """Unsubscribes `email` from `scenario`, or from all step mail (None)."""
    claims = TokenClaims(normalize_email(email), scenario and scenario.pk, "")
    return _token(UNSUBSCRIBE_SALT, claims, now)


def unsubscribe_claims(token: str, *, now: datetime) -> TokenClaims:
    """What an unsubscribe_token says; InputError when we did not sign it."""
    return _claims(UNSUBSCRIBE_SALT, token, now=now, ttl=None)


def subscription_request(
    *,
    email: str,
    scenario: Scenario | None,
    channel_slug: str,
    language: str = "",
    client: str = "",
    now: datetime,
) -> Subscription:
    """Record a pending subscription and mail the confirmation link (double opt-in).

    Asking again re-sends the link once its wait is over (silently not before: the answer is
    the same either way; confirmation_pace.py); a confirmed subscription stays confirmed and
    gets no mail, and neither does an address that bounced or complained. `client` is the
    caller's IP address. The mail is in `language`, else the scenario's.
    """
    email = normalize_email(email)
    language = language or (scenario.language if scenario else "ja")
    raise_if(
        email_problems(email)
        + channel_problems([channel_slug] if channel_slug else [], "channel", list_known=False)
        + language_problems(language)
    )
    if suppression_reason(email) in NEVER_MAILED:
        return Subscription(email=email, scenario=scenario, state=SubscriptionState.PENDING)
    with transaction.atomic():
        subscription, _ = Subscription.objects.select_for_update().get_or_create(
            email=email,
            scenario=scenario,
            defaults={"channel_slug": channel_slug, "state": SubscriptionState.PENDING},
        )
        if subscription.state == SubscriptionState.CONFIRMED:
            return subscription
        subscription.state = SubscriptionState.PENDING
        subscription.channel_slug = channel_slug
        subscription.unsubscribed_at = None
        subscription.save()
        if confirmation_allowed(email=email, client=client, now=now):
            claims = TokenClaims(email, scenario and scenario.pk, channel_slug)
            confirm, stop = (
                _token(CONFIRM_SALT, claims, now),
                unsubscribe_token(email=email, scenario=None, now=now),
            )
            transaction.on_commit(lambda: _send_confirmation(subscription, confirm, stop, language))
    return subscription


def _send_confirmation(subscription: Subscription, token: str, stop: str, language: str) -> None:
    config = stepmail_settings()
    confirm_url = (
        f"{config.subscribe_confirm_url}?token={token}" if config.subscribe_confirm_url else ""
    )
    # The page behind this link stops all step mail to the address: for whoever got this
    # mail without asking for it.
    stop_url = plugin_url("stepmail-unsubscribe", stop)
    text = text_render(
        "saleor_stepmail/email/subscription_confirm.txt",
        {
            "language": language,
            "about": subscription.scenario.name if subscription.scenario else "",
            "confirm_url": confirm_url,
            "token": token,
            "stop_url": stop_url,
        },
    )
    headers = {}
    if stop_url:
        # RFC 8058, as on step mail: the mailbox's unsubscribe button stops it in one POST.
        headers["List-Unsubscribe"] = f"<{stop_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMultiAlternatives(
        subject="Please confirm your subscription" if language == "en" else "配信登録のご確認",
        body=text,
        from_email=config.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers=headers,
    ).send()


def subscription_confirm(*, token: str, now: datetime) -> Subscription:
    """Confirm the subscription and enrol in the scenario subscribed to, only that one (once);
    a subscription that named none starts the channel's default (subscription_default_scenario).

    An unsubscribed address opts in again for the subscription's scope: all step mail, or the
    one scenario; a bounced or complaining address stays suppressed."""
    claims = _claims(CONFIRM_SALT, token, now=now, ttl=CONFIRM_TOKEN_TTL)
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(email=claims.email, scenario_id=claims.scenario_id)
            .first()
        )
        if subscription is None:
            raise InputError([Problem("token", "the link is not valid", ErrorCode.INVALID_TOKEN)])
        if subscription.state == SubscriptionState.CONFIRMED:
            return subscription
        subscription.state = SubscriptionState.CONFIRMED
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.save()
        if subscription.scenario is None:
            # An explicit opt-in to all step mail outweighs an earlier unsubscription; one to a
            # scenario lets that scenario's mail through (engine.suppression.suppressed_pairs).
            suppression_lift(email=claims.email)
        scenario = subscription.scenario or subscription_default_scenario(claims.channel_slug)
        if scenario is not None and scenario.status == ScenarioStatus.ACTIVE:
            # scenario_enroll decides as for any event (suppression, channels, re-entry).
            event = Event(
                type=EventType.SUBSCRIBED,
                occurred_at=now,
                email=claims.email,
                channel_slug=claims.channel_slug,
                context={"subscription": {"scenario": scenario.slug}},
            )
            scenario_enroll(scenario, event)
    return subscription


def subscription_default_scenario(channel_slug: str) -> Scenario | None:
    """The scenario a subscription that named none starts: the channel's active `subscribed`
    scenario made from the lead-nurture preset, else its oldest active `subscribed` one."""
    candidates = [
        scenario
        for scenario in Scenario.objects.filter(
            status=ScenarioStatus.ACTIVE, trigger=Trigger.SUBSCRIBED
        ).order_by("pk")
        if scenario.applies_to_channel(channel_slug)
    ]
    candidates.sort(key=lambda scenario: scenario.preset != LEAD_NURTURE)
    return candidates[0] if candidates else None


def unsubscribe(*, token: str, now: datetime) -> Subscription:
    """Unsubscribe as the token says: ours (one scenario or all mail), or a mail's footer link
    (tracking's delivery token: all mail, recorded on the delivery)."""
    try:
        delivery_id = delivery_token_read(token, salt=TRACKING_UNSUBSCRIBE_SALT)
    except InvalidToken:
        claims = unsubscribe_claims(token, now=now)
        return unsubscribe_email(email=claims.email, scenario_id=claims.scenario_id, now=now)
    delivery = Delivery.objects.select_related("enrollment").filter(pk=delivery_id).first()
    if delivery is None or not delivery.enrollment.email:
        raise InputError([Problem("token", "the link is not valid", ErrorCode.INVALID_TOKEN)])
    with transaction.atomic():
        delivery_unsubscribe(delivery=delivery, now=now)
        return unsubscribe_email(email=delivery.enrollment.email, scenario_id=None, now=now)


def unsubscribe_email(*, email: str, scenario_id: int | None, now: datetime) -> Subscription:
    """Stop one scenario's mail, or (scenario_id None) all step mail: suppress the address."""
    if scenario_id is not None and not Scenario.objects.filter(pk=scenario_id).exists():
        raise InputError(
            [
                Problem(
                    "token",
                    "that scenario no longer exists: it sends nothing",
                    ErrorCode.NOT_FOUND,
                )
            ]
        )
    with transaction.atomic():
        if scenario_id is None:
            email_suppress(email=email, reason="unsubscribed", now=now)
        else:
            ids = list(
                Enrollment.objects.filter(
                    email=email, scenario_id=scenario_id, state=EnrollmentState.ACTIVE
                )
                .order_by("pk")
                .select_for_update(of=("self",))
                .values_list("pk", flat=True)
            )
            enrollments_end(ids, state=EnrollmentState.UNSUBSCRIBED, reason="unsubscribed", now=now)
        subscription, _ = Subscription.objects.update_or_create(
            email=email,
            scenario_id=scenario_id,
            defaults={"state": SubscriptionState.UNSUBSCRIBED, "unsubscribed_at": now},
        )
    return subscription
