"""Customer identity helpers shared by enrolment, suppression and erasure."""

import hashlib
from collections.abc import Collection

from django.db.models import Q

from .events import normalize_email


def email_hash(email: str) -> str:
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()


def customer_match(
    *, email: str, user_id: str, via: str = "", line_user_ids: Collection[str] = ()
) -> Q | None:
    """Rows of one customer: the same address or the same shop account, whichever is known,
    or one of `line_user_ids`, their LINE users (a LINE friend's enrolment names neither).

    `via` reaches enrolment fields through a relation ("enrollment__"). None when nothing is
    known: such a customer matches nothing, rather than everyone.
    """
    match = Q()
    if email:
        match |= Q(**{f"{via}email": email})
    if user_id:
        match |= Q(**{f"{via}user_id": user_id})
    if line_user_ids:
        match |= Q(**{f"{via}line_user_id__in": list(line_user_ids)})
    return match or None


def customer_key(enrollment) -> str:
    """Who an enrolment reaches, for caps and draws: its address, or its LINE user."""
    return enrollment.email or f"line:{enrollment.line_user_id}"
