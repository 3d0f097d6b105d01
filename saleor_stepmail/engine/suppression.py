"""The do-not-mail list: unsubscribed, bounced and complaining addresses, stored as hashes."""

from collections.abc import Iterable

from ..models import Suppression
from .identity import email_hash


def suppression_add(*, email: str, reason: str) -> None:
    Suppression.objects.get_or_create(email_hash=email_hash(email), defaults={"reason": reason})


def suppressed_emails(emails: Iterable[str]) -> set[str]:
    """The subset of `emails` that must not be mailed."""
    by_hash = {email_hash(e): e for e in emails if e}
    found = Suppression.objects.filter(email_hash__in=by_hash).values_list("email_hash", flat=True)
    return {by_hash[h] for h in found}
