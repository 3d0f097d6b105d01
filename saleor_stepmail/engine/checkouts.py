"""Checkout snapshots: what the shop's checkout hooks tell us, kept after the shop deletes it.

A hook writes one upsert per change of a checkout; an order completed from the checkout marks
its snapshot completed. engine/abandonment.py finds the snapshots left alone.
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from ..models import CheckoutSnapshot
from ..vocabulary import EventType
from .events import Event, normalize_email

_CHANGED = ["email", "user_id", "channel_slug", "line_count", "content", "changed_at"]


def checkout_snapshot_record(
    *,
    checkout_token: str,
    email: str,
    user_id: str,
    channel_slug: str,
    lines: list[dict],
    now: datetime,
) -> None:
    """Insert or refresh the snapshot of a checkout in one statement (the hook's only write).

    `lines` are what the hook has at hand: `{"variant_id", "quantity"}` inside Saleor, or
    complete lines (`product_name`, `unit_price`...) from a shop that has them. Once the
    checkout was found abandoned or completed, a later change refreshes the snapshot but
    does not make it abandoned a second time.
    """
    CheckoutSnapshot.objects.bulk_create(
        [
            CheckoutSnapshot(
                checkout_token=str(checkout_token),
                email=normalize_email(email),
                user_id=str(user_id or ""),
                channel_slug=channel_slug or "",
                line_count=len(lines),
                content={"lines": lines},
                changed_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["checkout_token"],
        update_fields=_CHANGED,
    )


def checkout_snapshot_complete(event: Event) -> int:
    """Mark the snapshot of the checkout an order was completed from: never abandoned now."""
    if event.type != EventType.ORDER_CREATED or not event.checkout_token:
        return 0
    return CheckoutSnapshot.objects.filter(
        checkout_token=event.checkout_token, completed_at__isnull=True
    ).update(completed_at=event.occurred_at)


def checkout_snapshots_complete(tokens: set[str], *, now: datetime) -> int:
    """Mark snapshots completed that the shop's own data shows completed (no event seen yet)."""
    if not tokens:
        return 0
    return CheckoutSnapshot.objects.filter(
        checkout_token__in=tokens, completed_at__isnull=True
    ).update(completed_at=now)


def cart_total(lines: list[dict]) -> dict | None:
    """The sum of the lines' unit prices times quantities; None when a price is missing."""
    currencies = {(line.get("unit_price") or {}).get("currency") for line in lines}
    if not lines or len(currencies) != 1 or None in currencies:
        return None
    try:
        amount = sum(
            Decimal(str(line["unit_price"]["amount"])) * int(line["quantity"]) for line in lines
        )
    except (KeyError, InvalidOperation, TypeError, ValueError):
        return None
    return {"amount": str(amount), "currency": currencies.pop()}
