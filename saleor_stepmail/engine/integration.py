"""What the host shop adds to the engine: goal re-checks and template facts from its own data.

The engine knows only its own tables. Inside Saleor, saleor_stepmail.saleor_integration fills
these from Saleor's orders; elsewhere the null integration adds nothing.
"""

from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import import_string

from ..conf import stepmail_settings
from .events import Event

if TYPE_CHECKING:
    from ..models import InboundEvent


class Integration:
    def event_for(self, inbound: "InboundEvent") -> Event | None:
        """The engine event for a hook's record; None when there is nothing to apply."""
        return Event(
            type=inbound.type,
            occurred_at=inbound.occurred_at,
            order_id=inbound.order_id,
            user_id=inbound.user_id,
            email=inbound.email,
            channel_slug=inbound.channel_slug,
        )

    def goal_reached(self, enrollment) -> str | None:
        """The exit reason if the shop's own data shows the enrolment's goal already met.

        Called under the enrolment's row lock right before each send, so a payment or an order
        that reached the shop without an event still stops the mail.
        """
        return None

    def template_context(self, enrollment) -> dict:
        """Fresh facts to merge over the enrolment's snapshot (names, lines, totals, URLs)."""
        return {}

    def writer(self) -> AbstractContextManager:
        """Where tasks may write: hosts that route task queries to a replica open the writer."""
        return nullcontext()

    def sender(self, enrollment) -> str:
        """The From address for the enrolment's channel; empty means the configured default."""
        return ""


SALEOR_INTEGRATION = "saleor_stepmail.saleor_integration.SaleorIntegration"


@cache
def current_integration() -> Integration:
    path = stepmail_settings().integration
    if not path and apps.is_installed("saleor.order"):
        path = SALEOR_INTEGRATION
    return import_string(path)() if path else Integration()
