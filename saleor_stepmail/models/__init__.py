"""The plugin's tables. None points at a Saleor table: customers and orders are kept as ids.

Every state lives in a column with a CHECK constraint, and every rule that must hold across
processes (one delivery per enrolment and step, one active enrolment per customer and scenario)
is a unique constraint, so that no interleaving of workers can break it.
"""

from .audience import (
    CheckoutSnapshot,
    ConfirmationMail,
    InboundEvent,
    Subscription,
    Suppression,
)
from .enrollment import Delivery, DeliveryEvent, Enrollment
from .jobs import BackfillJob, SendBudget
from .line import LineUser
from .offline import CallTask, DirectMailRow, IssuedVoucher
from .scenario import MAX_DELAY_DAYS, MAX_HOLDOUT_PERCENT, Scenario, Step, Variant

__all__ = [
    "MAX_DELAY_DAYS",
    "MAX_HOLDOUT_PERCENT",
    "BackfillJob",
    "CallTask",
    "CheckoutSnapshot",
    "ConfirmationMail",
    "DirectMailRow",
    "IssuedVoucher",
    "Subscription",
    "Delivery",
    "DeliveryEvent",
    "Enrollment",
    "InboundEvent",
    "LineUser",
    "Scenario",
    "SendBudget",
    "Step",
    "Suppression",
    "Variant",
]
