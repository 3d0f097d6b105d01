"""Signals from Saleor's models that no plugin hook carries reliably.

- A deleted customer: Saleor calls customer_deleted / account_deleted on the plugins of one
  channel or none, so a per-channel plugin may never hear of it. Erasure does not depend on
  that: every User deletion records one customer_deleted event (one INSERT, applied later).
- A created customer: Saleor calls customer_created with no channel (from a Celery task for
  accountRegister), so a per-channel plugin hears of it only when that channel's plugins happen
  to be loaded. Every User created (not staff) records one customer_created event; the plugin's
  own hooks add the channel when Saleor gives one (customers.py picks it and applies it once).
- A saved plugin configuration: this process forgets its cached channel configuration at once
  (other processes re-read it within CONFIG_TTL_SECONDS).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from saleor.account.models import User
from saleor.plugins.models import PluginConfiguration

from ..constants import PLUGIN_ID
from ..engine.inbox import inbound_record
from ..vocabulary import EventType
from .config import channel_config_forget

logger = logging.getLogger(__name__)


def _record_user_event(kind: EventType, user: User, what: str) -> None:
    """One inbox row for the user, never raising into what Saleor is doing with them."""
    try:
        # A savepoint: a failed INSERT must not fail Saleor's own write.
        with transaction.atomic():
            inbound_record(type=kind, occurred_at=timezone.now(), user_id=user.pk, email=user.email)
    except Exception:
        logger.exception("stepmail: could not record the %s of user %s", what, user.pk)


def user_deleted(sender, instance: User, **kwargs) -> None:
    _record_user_event(EventType.CUSTOMER_DELETED, instance, "deletion")


def user_created(sender, instance: User, created: bool = False, **kwargs) -> None:
    if created and not instance.is_staff:
        _record_user_event(EventType.CUSTOMER_CREATED, instance, "creation")


def plugin_configuration_saved(sender, instance: PluginConfiguration, **kwargs) -> None:
    if instance.identifier == PLUGIN_ID:
        channel_config_forget()


def signals_connect() -> None:
    post_delete.connect(user_deleted, sender=User, dispatch_uid="saleor_stepmail.user_deleted")
    post_save.connect(user_created, sender=User, dispatch_uid="saleor_stepmail.user_created")
    post_save.connect(
        plugin_configuration_saved,
        sender=PluginConfiguration,
        dispatch_uid="saleor_stepmail.plugin_configuration_saved",
    )
