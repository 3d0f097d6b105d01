"""How many subscription confirmation mails may go out: anyone may ask for any address.

Three limits, each counting mails sent (ConfirmationMail rows), not addresses or requests:

- per mailbox: the first mail goes out, the next only `subscribe_resend_minutes` later, then
  twice as long after each further one (the mails of the last week count).
  A mailbox is the address without case and without a `+tag` (`Hana+1@Example.com` is
  `hana@example.com`), and for Gmail without dots, googlemail.com being gmail.com
  (`h.ana@googlemail.com` is `hana@gmail.com`), across scenarios: one request with many
  aliases, scenarios, `+tags` or dots mails one inbox once. A request within the wait is
  recorded and answered the same, unmailed.
- per client (the caller's IP address, as the integration reads it):
  `subscribe_confirmations_per_client_hour` mails an hour, then RATE_LIMITED.
- the shop: `subscribe_confirmations_per_hour` mails an hour, then RATE_LIMITED.

Decisions are taken under one transaction-level advisory lock, so two requests at once cannot
both pass a limit that only one of them fits in.
"""

import hashlib
from datetime import datetime, timedelta

from django.db import connection
from django.utils.crypto import salted_hmac

from ..conf import stepmail_settings
from ..engine.events import normalize_email
from ..models import ConfirmationMail
from .errors import ErrorCode, InputError, Problem

# The pacing of one mailbox starts again this long after its last mail (the link's lifetime).
PACE_RESET = timedelta(days=7)
_CONFIRMATION_LOCK = 0x5354_4543  # "STEC"
_CLIENT_SALT = "saleor_stepmail.subscription.client"


# Providers that deliver other spellings of an address to one inbox: Gmail ignores dots in the
# local part, and googlemail.com is gmail.com.
SAME_INBOX_DOMAINS = {"googlemail.com": "gmail.com"}
DOTS_IGNORED = {"gmail.com"}


def mailbox(email: str) -> str:
    """The inbox an address reaches: without case and `+tag`, and as Gmail reads it."""
    local, _, domain = normalize_email(email).rpartition("@")
    domain = SAME_INBOX_DOMAINS.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def mailbox_hash(email: str) -> str:
    return hashlib.sha256(mailbox(email).encode()).hexdigest()


def client_hash(client: str) -> str:
    return salted_hmac(_CLIENT_SALT, client, algorithm="sha256").hexdigest() if client else ""


def confirmation_allowed(*, email: str, client: str, now: datetime) -> bool:
    """Whether a confirmation mail to `email` goes out now; if so it is counted, in the
    caller's transaction. RATE_LIMITED (InputError) when the client or the shop is over its
    hourly number; False, silently, while the mailbox waits."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CONFIRMATION_LOCK])
    mailbox = mailbox_hash(email)
    if not _mailbox_due(mailbox, now):
        return False
    config = stepmail_settings()
    hour = ConfirmationMail.objects.filter(sent_at__gt=now - timedelta(hours=1))
    client_key = client_hash(client)
    per_client = config.subscribe_confirmations_per_client_hour
    if client_key and per_client and hour.filter(client_hash=client_key).count() >= per_client:
        raise _rate_limited()
    per_shop = config.subscribe_confirmations_per_hour
    if per_shop and hour.count() >= per_shop:
        raise _rate_limited()
    ConfirmationMail.objects.create(mailbox_hash=mailbox, client_hash=client_key, sent_at=now)
    return True


def _mailbox_due(mailbox: str, now: datetime) -> bool:
    sent = list(
        ConfirmationMail.objects.filter(mailbox_hash=mailbox, sent_at__gt=now - PACE_RESET)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
    )
    if not sent:
        return True
    wait = timedelta(minutes=stepmail_settings().subscribe_resend_minutes)
    return now - sent[0] >= wait * 2 ** (len(sent) - 1)


def _rate_limited() -> InputError:
    return InputError(
        [
            Problem(
                "email",
                "too many subscription requests right now; try again in an hour",
                ErrorCode.RATE_LIMITED,
            )
        ]
    )
