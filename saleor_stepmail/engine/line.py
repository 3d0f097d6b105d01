"""LINE users in the engine: who a LINE step reaches, friends added and lost, customers linked.

A LINE step reaches the enrolment's own LINE user (enrolments of the friend-added trigger) or
the LINE user linked to its customer (order scenarios). `unfollow` (the user blocked the
shop's account) ends that user's LINE enrolments and keeps LINE messages from them until they
add the account again; their mail, if any, is not concerned.
"""

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from ..models import Enrollment, LineUser
from ..vocabulary import EnrollmentState
from .channels.line_api import line_profile, sanitised
from .events import Event
from .integration import current_integration

# What LINE's user ids look like ("U" and 32 hex digits): anything else is refused at the door.
LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")
UNFOLLOWED = "line_unfollowed"


def is_line_user_id(value: object) -> bool:
    return isinstance(value, str) and bool(LINE_USER_ID.match(value))


def line_recipients(enrollments: Iterable[Enrollment]) -> dict[int, dict]:
    """Per enrolment id, its LINE user: {"user_id", "display_name", "blocked"}; one query.

    Enrolments with no LINE user (not a friend, not linked) are left out.
    """
    enrollments = list(enrollments)
    own = {e.line_user_id for e in enrollments if e.line_user_id}
    accounts = {e.user_id for e in enrollments if e.user_id}
    emails = {e.email for e in enrollments if e.email and not e.user_id}
    if not (own or accounts or emails):
        return {}
    rows = list(
        LineUser.objects.filter(
            Q(line_user_id__in=own) | Q(user_id__in=accounts) | Q(email__in=emails, user_id__gt="")
        )
    )
    by_line = {row.line_user_id: row for row in rows}
    by_account = {row.user_id: row for row in rows if row.user_id}
    by_email = {row.email: row for row in rows if row.email}
    found = {}
    for enrollment in enrollments:
        row = (
            by_line.get(enrollment.line_user_id)
            or by_account.get(enrollment.user_id)
            or (None if enrollment.user_id else by_email.get(enrollment.email))
        )
        if row is not None:
            found[enrollment.pk] = {
                "user_id": row.line_user_id,
                "display_name": row.display_name,
                "blocked": row.blocked_at is not None,
            }
    return found


def line_facts_added(context: dict, recipient: dict | None) -> None:
    """`line` ({user_id, display_name, blocked}) and, when LINE can reach the customer,
    `line_user_id` (also as customer.line_user_id, which webhook steps pass on)."""
    if recipient is None:
        return
    context["line"] = recipient
    if not recipient["blocked"]:
        context["line_user_id"] = recipient["user_id"]
        context["customer"] = {**context.get("customer", {}), "line_user_id": recipient["user_id"]}


def line_followed(event: Event, *, now: datetime) -> Event:
    """Record a friend added (again): not blocked any more, display name read from LINE when
    it can be. Returns the event with what enrolment needs: the linked customer's account, if
    any (so that their orders meet the scenario's goals; not their address, whose mail
    preferences are not LINE's), and the display name for templates."""
    credentials = current_integration().line_credentials(event.channel_slug)
    profile = line_profile(token=credentials.access_token, line_user_id=event.line_user_id) or {}
    name = profile.get("displayName")
    name = sanitised(name, 200) if isinstance(name, str) else ""
    row, _ = LineUser.objects.select_for_update().get_or_create(
        line_user_id=event.line_user_id, defaults={"channel_slug": event.channel_slug}
    )
    row.channel_slug = event.channel_slug or row.channel_slug
    row.display_name = name or row.display_name
    row.followed_at, row.blocked_at = event.occurred_at, None
    row.save(update_fields=["channel_slug", "display_name", "followed_at", "blocked_at"])
    customer = {"first_name": row.display_name, "display_name": row.display_name}
    return replace(
        event,
        email="",
        user_id=row.user_id,
        context={**event.context, "customer": {**customer, **event.context.get("customer", {})}},
    )


def line_unfollowed(event: Event) -> list[int]:
    """The user blocked the shop's account: LINE skips them from now on. Returns their active
    LINE enrolments, locked, for the caller to end (record_event, as UNFOLLOWED)."""
    LineUser.objects.update_or_create(
        line_user_id=event.line_user_id,
        defaults={"blocked_at": event.occurred_at},
        create_defaults={"blocked_at": event.occurred_at, "channel_slug": event.channel_slug},
    )
    ids = list(
        Enrollment.objects.filter(line_user_id=event.line_user_id, state=EnrollmentState.ACTIVE)
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    return ids


def line_link(*, line_user_id: str, user_id: str, email: str, now: datetime) -> LineUser:
    """Link a LINE user to a shop customer (replacing the customer's earlier link, and the LINE
    user's link to anyone else). Their active LINE enrolments become the customer's, so the
    customer's orders meet those scenarios' goals."""
    with transaction.atomic():
        LineUser.objects.filter(user_id=user_id).exclude(line_user_id=line_user_id).update(
            user_id="", email="", linked_at=None
        )
        row, _ = LineUser.objects.select_for_update().get_or_create(line_user_id=line_user_id)
        row.user_id, row.email, row.linked_at = user_id, email, now
        row.save(update_fields=["user_id", "email", "linked_at"])
        Enrollment.objects.filter(
            line_user_id=line_user_id, state=EnrollmentState.ACTIVE, user_id=""
        ).update(user_id=user_id)
    return row


def line_unlink(*, user_id: str) -> int:
    """The customer's LINE link removed; returns how many links were (0 or 1)."""
    if not user_id:
        return 0
    return LineUser.objects.filter(user_id=user_id).update(user_id="", email="", linked_at=None)


def line_users_erase(*, email: str, user_id: str) -> list[str]:
    """An erased customer's LINE link and profile: the link and the display name go. Returns
    the LINE user ids that were theirs, whose enrolments and events are theirs too (a friend's
    welcome that ended before they linked LINE names neither their address nor their account)."""
    match = Q(user_id=user_id) if user_id else Q()
    if email:
        match |= Q(email=email)
    if not match:
        return []
    ids = list(LineUser.objects.filter(match).values_list("line_user_id", flat=True))
    LineUser.objects.filter(line_user_id__in=ids).update(
        user_id="", email="", linked_at=None, display_name=""
    )
    return ids


def linked_line_user(*, user_id: str) -> LineUser | None:
    return LineUser.objects.filter(user_id=user_id).first() if user_id else None
