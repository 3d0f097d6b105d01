"""Customer identity helpers shared by enrolment, suppression and erasure."""

import hashlib

from .events import normalize_email


def email_hash(email: str) -> str:
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()
