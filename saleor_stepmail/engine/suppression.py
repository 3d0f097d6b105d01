"""The do-not-mail list: unsubscribed, bounced and complaining addresses, stored as hashes.

A bounced or complaining address gets no mail at all, not even a subscription's confirmation.
An unsubscribed one gets none either, except in the scope it later opted in to again by a
confirmed subscription: all step mail (the suppression is lifted) or one scenario (that
scenario's mail goes out, the rest stays suppressed).
"""

from collections.abc import Iterable

from ..models import Subscription, Suppression
from ..vocabulary import SubscriptionState
from .identity import email_hash

UNSUBSCRIBED = "unsubscribed"
# The mailbox does not exist, or its owner reported our mail as spam: never mailed again.
NEVER_MAILED = frozenset({"bounced", "complained"})


def suppression_add(*, email: str, reason: str) -> None:
    """Put the address on the list; a bounce or complaint replaces an unsubscription."""
    suppression, created = Suppression.objects.get_or_create(
        email_hash=email_hash(email), defaults={"reason": reason}
    )
    if not created and suppression.reason == UNSUBSCRIBED and reason in NEVER_MAILED:
        suppression.reason = reason
        suppression.save(update_fields=["reason"])


def suppression_reason(email: str) -> str | None:
    return (
        Suppression.objects.filter(email_hash=email_hash(email))
        .values_list("reason", flat=True)
        .first()
    )


def suppression_lift(*, email: str) -> None:
    """A confirmed opt-in to all step mail: an unsubscription no longer counts (a bounce or a
    complaint does)."""
    Suppression.objects.filter(email_hash=email_hash(email), reason=UNSUBSCRIBED).delete()


def suppressed_pairs(pairs: Iterable[tuple[str, int | None]]) -> set[tuple[str, int | None]]:
    """Of (address, scenario id) pairs, those whose mail must not go out.

    An unsubscribed address is mailed in a scenario it confirmed a subscription to since it
    unsubscribed (unsubscribing from all mail marks every subscription unsubscribed, so a
    confirmed one is newer). A scenario id None asks about all step mail.
    """
    pairs = {(email, scenario_id) for email, scenario_id in pairs if email}
    by_hash = {email_hash(email): email for email, _ in pairs}
    reasons = {
        by_hash[hashed]: reason
        for hashed, reason in Suppression.objects.filter(email_hash__in=by_hash).values_list(
            "email_hash", "reason"
        )
    }
    unsubscribed = {email for email, reason in reasons.items() if reason == UNSUBSCRIBED}
    opted_in = set()
    if unsubscribed:
        opted_in = set(
            Subscription.objects.filter(
                email__in=unsubscribed,
                scenario__isnull=False,
                state=SubscriptionState.CONFIRMED,
            ).values_list("email", "scenario_id")
        )
    return {pair for pair in pairs if pair[0] in reasons and pair not in opted_in}


def suppressed_emails(emails: Iterable[str], *, scenario_id: int | None = None) -> set[str]:
    """The subset of `emails` that must not be mailed (in `scenario_id`, or at all)."""
    return {email for email, _ in suppressed_pairs((email, scenario_id) for email in emails)}
