"""Signed tokens in the links of a mail: which delivery, and where a click goes.

Signed, not encrypted: a token shows its delivery id and URL to whoever decodes it, but nobody
without the key can make one, so a click link can never be turned into an open redirect. Each
kind of link has its own salt, so an open token cannot be replayed as an unsubscribe.

Tokens carry the time they were signed. Links keep working for as long as the mail is kept (an
unsubscribe link above all), but a click or open on a mail older than `tracking_link_days` is
no longer recorded: it could not be attributed to anything, and an old mail is no reason to
keep following a reader.
"""

from datetime import timedelta

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner

from ..conf import stepmail_settings

CLICK_SALT = "saleor_stepmail.tracking.click"
OPEN_SALT = "saleor_stepmail.tracking.open"
UNSUBSCRIBE_SALT = "saleor_stepmail.tracking.unsubscribe"


class InvalidToken(ValueError):
    """A token we did not sign, or one that was altered."""


def _signer(salt: str) -> TimestampSigner:
    return TimestampSigner(
        key=stepmail_settings().tracking_secret or settings.SECRET_KEY, salt=salt
    )


def token_expired(token: str, *, salt: str) -> bool:
    """Whether a token we signed is older than `tracking_link_days` (its link still works)."""
    max_age = timedelta(days=stepmail_settings().tracking_link_days)
    try:
        _signer(salt).unsign(token, max_age=max_age)
    except SignatureExpired:
        return True
    except BadSignature:
        raise InvalidToken("not a token we signed") from None
    return False


def click_token_create(*, delivery_id: int, url: str) -> str:
    return _signer(CLICK_SALT).sign_object([delivery_id, url], compress=True)


def click_token_read(token: str) -> tuple[int, str]:
    """The delivery id and target URL of a click token; InvalidToken when it is not ours."""
    delivery_id, url = _unsign(CLICK_SALT, token, shape=list)
    if not isinstance(delivery_id, int) or not isinstance(url, str):
        raise InvalidToken("malformed click token")
    return delivery_id, url


def delivery_token_create(*, delivery_id: int, salt: str) -> str:
    """A token naming only a delivery: OPEN_SALT for the pixel, UNSUBSCRIBE_SALT for opt-out."""
    return _signer(salt).sign_object(delivery_id)


def delivery_token_read(token: str, *, salt: str) -> int:
    return _unsign(salt, token, shape=int)


def _unsign(salt: str, token: str, *, shape: type):
    try:
        value = _signer(salt).unsign_object(token)
    except (BadSignature, ValueError) as exc:  # ValueError: a valid signature over bad data
        raise InvalidToken(str(exc)) from None
    if not isinstance(value, shape) or (shape is list and len(value) != 2):
        raise InvalidToken("malformed token")
    return value
