"""The words the engine speaks: event, trigger, goal and state names, stored as plain strings."""

from django.db import models


class EventType(models.TextChoices):
    """Normalised customer events. The Saleor adapter turns hooks into these."""

    CHECKOUT_ABANDONED = "checkout_abandoned"
    ORDER_CREATED = "order_created"
    ORDER_FULLY_PAID = "order_fully_paid"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_EXPIRED = "order_expired"
    ORDER_FULLY_REFUNDED = "order_fully_refunded"
    CUSTOMER_CREATED = "customer_created"
    CUSTOMER_DELETED = "customer_deleted"
    SUBSCRIBED = "subscribed"
    # From LINE's webhook: a LINE user added the shop's official account, or blocked it.
    LINE_FOLLOWED = "line_followed"
    LINE_UNFOLLOWED = "line_unfollowed"
    # Found by the tick's scan, not a hook: no paid order for the scenario's days since the last.
    CUSTOMER_DORMANT = "customer_dormant"


class Trigger(models.TextChoices):
    FIRST_ORDER = "first_order", "A customer's first order"
    ORDER_CREATED = "order_created", "Any order"
    FIRST_PAID_ORDER = "first_paid_order", "A customer's first order, once it is paid"
    UNPAID_ORDER = "unpaid_order", "An order waiting for payment (bank transfer, konbini...)"
    ORDER_PAID = "order_paid", "An order fully paid"
    CUSTOMER_CREATED = "customer_created", "A customer account created"
    SUBSCRIBED = "subscribed", "A newsletter / lead subscription"
    CHECKOUT_ABANDONED = "checkout_abandoned", "A checkout left with items and an email"
    LINE_FRIEND_ADDED = "line_friend_added", "LINE friend added (the shop's official account)"
    CUSTOMER_DORMANT = "customer_dormant", "No paid order for the scenario's days (win-back)"


class Goal(models.TextChoices):
    """What ends an enrolment early. Each goal names the event that meets it (engine/goals.py)."""

    PURCHASED_AGAIN = "purchased_again", "The customer placed another order"
    PAID = "paid", "The trigger order was fully paid"
    ORDER_CANCELLED = "order_cancelled", "The trigger order was cancelled or expired"
    CHECKOUT_COMPLETED = "checkout_completed", "The trigger checkout became an order"


class ScenarioStatus(models.TextChoices):
    ACTIVE = "active"
    PAUSED = "paused"


class ReentryPolicy(models.TextChoices):
    ONCE = "once", "Once per customer, ever"
    AFTER_EXIT = "after_exit", "Again after the previous enrolment ended"
    PER_ORDER = "per_order", "Once per trigger order (several may run at once)"


class EnrollmentState(models.TextChoices):
    ACTIVE = "active"
    CONVERTED = "converted"
    EXITED = "exited"
    COMPLETED = "completed"
    UNSUBSCRIBED = "unsubscribed"


class ChannelKind(models.TextChoices):
    """The built-in channels' kinds; what each one is and takes lives on its class in
    engine/channels, which registers every channel (CHANNELS), these and any other."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    CALL_TASK = "call_task"
    DM_EXPORT = "dm_export"
    LINE = "line"


class StepAction(models.TextChoices):
    """What a step does when its conditions hold (when they fail, it is skipped)."""

    SEND = "send", "Send the step's message"
    END = "end", "End the enrolment"
    MOVE = "move", "End here and enrol in another scenario"


class CallTaskState(models.TextChoices):
    OPEN = "open"
    DONE = "done"


class DeliveryState(models.TextChoices):
    SCHEDULED = "scheduled"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


PENDING_DELIVERY_STATES = (DeliveryState.SCHEDULED, DeliveryState.CLAIMED)


class DeliveryEventType(models.TextChoices):
    SENT = "sent"
    DELIVERED = "delivered"
    OPENED = "opened"
    CLICKED = "clicked"
    BOUNCED = "bounced"
    COMPLAINED = "complained"
    UNSUBSCRIBED = "unsubscribed"
    CONVERTED = "converted"


class SubscriptionState(models.TextChoices):
    PENDING = "pending"  # asked, waiting for the double opt-in confirmation
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"


class JobState(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
