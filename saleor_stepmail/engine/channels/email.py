"""Email through Django's mail backend, which django-anymail points at any provider."""

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import format_datetime, parseaddr
from functools import lru_cache

from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from anymail.message import AnymailMessage
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email

from ...vocabulary import ChannelKind
from .base import Channel, Outgoing, PermanentFailure, Throttled, TransientFailure, retry_after

logger = logging.getLogger(__name__)

REJECTED_STATUSES = {"rejected", "invalid"}
# The backend connection of this thread's sends (EmailChannel.session), if any.
_connection = ContextVar("stepmail_email_connection", default=None)


@lru_cache(maxsize=64)
def _sender_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "stepmail.invalid"


def message_id_for(outgoing: Outgoing) -> str:
    """A Message-ID fixed by the idempotency key: a resend after a crash is the same message."""
    return f"<stepmail-{outgoing.delivery.idempotency_key}@{_sender_domain(outgoing.sender)}>"


class EmailChannel(Channel):
    kind = ChannelKind.EMAIL
    label = {"en": "Email", "ja": "メール"}

    @contextmanager
    def session(self) -> Iterator[None]:
        # One backend connection per batch: an SMTP login or an HTTP session is not per mail.
        connection = get_connection()
        try:
            connection.open()
        except Exception:
            # Each send then tries on its own, and a provider outage becomes a retry there.
            logger.warning("stepmail: could not open the email connection", exc_info=True)
        token = _connection.set(connection)
        try:
            yield
        finally:
            _connection.reset(token)
            connection.close()

    def build_payload(self, outgoing: Outgoing) -> AnymailMessage:
        delivery = outgoing.delivery
        enrollment = delivery.enrollment
        try:
            validate_email(enrollment.email)
        except ValidationError:
            raise PermanentFailure(f"invalid email address {enrollment.email!r}") from None
        key = str(delivery.idempotency_key)
        headers = {"Message-ID": message_id_for(outgoing), "X-Stepmail-Idempotency-Key": key}
        if outgoing.sent_at is not None:
            headers["Date"] = format_datetime(outgoing.sent_at)
        # Signed once, in the message's context, for the footer link and this header alike.
        unsubscribe = outgoing.context.get("unsubscribe_url", "")
        if unsubscribe:
            # RFC 8058: mailboxes show an unsubscribe button that POSTs to the URL, no page.
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = AnymailMessage(
            subject=outgoing.message.subject,
            body=outgoing.message.text,
            from_email=outgoing.sender,
            to=[enrollment.email],
            headers=headers,
            metadata={
                "stepmail_delivery": str(delivery.pk),
                "stepmail_scenario": enrollment.scenario.slug,
                "idempotency_key": key,
            },
            tags=[f"stepmail:{enrollment.scenario.slug}"],
        )
        if outgoing.message.html:
            message.attach_alternative(outgoing.message.html, "text/html")
        return message

    def transmit(self, payload: AnymailMessage) -> AnymailMessage:
        # The connection of the thread that transmits (its session), not of the one that built.
        payload.connection = _connection.get()
        try:
            payload.send()
        except (
            AnymailInvalidAddress,
            AnymailRecipientsRefused,
            smtplib.SMTPRecipientsRefused,
        ) as exc:
            raise PermanentFailure(f"recipient refused: {exc}") from exc
        except AnymailAPIError as exc:
            if getattr(exc, "status_code", None) == 429:
                headers = getattr(getattr(exc, "response", None), "headers", None) or {}
                wait = retry_after(headers.get("Retry-After"))
                raise Throttled(f"provider throttled: {exc}", retry_after=wait) from exc
            raise TransientFailure(f"provider error: {exc}") from exc
        except (AnymailError, smtplib.SMTPException, OSError) as exc:
            raise TransientFailure(f"provider error: {exc}") from exc
        return payload

    def parse_result(self, payload: AnymailMessage, result: AnymailMessage) -> str:
        status = getattr(result, "anymail_status", None)
        if status is None or status.status is None:
            # A plain Django backend (SMTP) reports no id: our Message-ID is the reference.
            return payload.extra_headers["Message-ID"]
        if status.status <= REJECTED_STATUSES:
            raise PermanentFailure(
                f"provider rejected the recipient ({', '.join(sorted(status.status))})"
            )
        return str(status.message_id or payload.extra_headers["Message-ID"])
