"""Who may do what. Saleor's permission names; a plugin cannot add its own.

- MANAGE_PLUGINS (staff): design scenarios, steps and variants; presets, previews, test mail,
  backfills. A preview or test mail with a real customer's data (orderId, email) needs
  MANAGE_ORDERS as well, as Saleor does for an order, its customer and a customer by address.
- MANAGE_ORDERS (staff): read enrolments, deliveries and statistics (they hold customers'
  addresses and orders); end an enrolment by hand.
- Either of them: read scenarios and backfill jobs.
- A signed-in customer: their own status (myStepmailStatus).
- Anyone: subscribe, confirm and unsubscribe, which need the address's mailbox or a signed link.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from graphql import GraphQLError

from ..engine.integration import Principal

MANAGE_PLUGINS = "MANAGE_PLUGINS"
MANAGE_ORDERS = "MANAGE_ORDERS"
DESIGN = (MANAGE_PLUGINS,)
RESULTS = (MANAGE_ORDERS,)
READ_SCENARIOS = (MANAGE_PLUGINS, MANAGE_ORDERS)


@dataclass(frozen=True)
class StepmailContext:
    """The `info.context` of every resolver."""

    request: HttpRequest
    principal: Principal | None
    now: datetime


class PermissionDenied(GraphQLError):
    def __init__(self, permissions: tuple[str, ...]):
        super().__init__("You need one of the following permissions: " + ", ".join(permissions))


def has_permission(principal: Principal | None, permissions: tuple[str, ...]) -> bool:
    """Staff holding any of `permissions`."""
    return bool(
        principal and principal.is_staff and principal.permissions.intersection(permissions)
    )


def require(info, permissions: tuple[str, ...]) -> Principal:
    principal = info.context.principal
    if not has_permission(principal, permissions):
        raise PermissionDenied(permissions)
    return principal
