"""Email through Django's mail backend, which django-anymail points at any provider."""

import smtplib
from email.utils import parseaddr

from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from anymail.message import AnymailMessage
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .base import Channel, Outgoing, PermanentFailure, TransientFailure

REJECTED_STATUSES = {"rejected", "invalid"}


def message_id_for(outgoing: Outgoing) -> str:
    """A Message-ID fixed by the idempotency key: a resend after a crash is the same message."""
    domain = parseaddr(outgoing.sender)[1].rpartition("@")[2] or "stepmail.invalid"
    return f"<stepmail-{outgoing.delivery.idempotency_key}@{domain}>"


class EmailChannel(Channel):
    def build_payload(self, outgoing: Outgoing) -> AnymailMessage:
        delivery = outgoing.delivery
        enrollment = delivery.enrollment
        try:
            validate_email(enrollment.email)
        except ValidationError:
            raise PermanentFailure(f"invalid email address {enrollment.email!r}") from None
        key = str(delivery.idempotency_key)
        message = AnymailMessage(
            subject=outgoing.message.subject,
            body=outgoing.message.text,
            from_email=outgoing.sender,
            to=[enrollment.email],
            headers={"Message-ID": message_id_for(outgoing), "X-Stepmail-Idempotency-Key": key},
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
        try:
            payload.send()
        except (
            AnymailInvalidAddress,
            AnymailRecipientsRefused,
            smtplib.SMTPRecipientsRefused,
        ) as exc:
            raise PermanentFailure(f"recipient refused: {exc}") from exc
        except (AnymailAPIError, AnymailError, smtplib.SMTPException, OSError) as exc:
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
