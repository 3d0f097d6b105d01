"""The plugin's configuration per channel, as the workers read it."""

import time
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from saleor.plugins.models import PluginConfiguration

from ..constants import DEFAULT_CONFIGURATION, PLUGIN_ID

CONFIG_TTL_SECONDS = 60


@lru_cache(maxsize=256)
def _channel_config(channel_slug: str, _bucket: int) -> dict:
    row = PluginConfiguration.objects.filter(
        identifier=PLUGIN_ID, channel__slug=channel_slug
    ).first()
    values = {item["name"]: item["value"] for item in DEFAULT_CONFIGURATION}
    if row is not None:
        values.update({item["name"]: item["value"] for item in row.configuration or []})
    values["active"] = bool(row and row.active)
    return values


def channel_config(channel_slug: str) -> dict:
    """The plugin's configuration for a channel: re-read after a save in this process (see
    signals.py), and at least once a minute in the others."""
    return _channel_config(channel_slug, int(time.monotonic() // CONFIG_TTL_SECONDS))


def channel_config_forget() -> None:
    _channel_config.cache_clear()


def as_bool(value) -> bool:
    """A BOOLEAN field: a bool from the Dashboard, a string when written by hand."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "on"}
    return bool(value)


def payment_facts(config: dict, enrollment) -> dict:
    """`payment` for unpaid-order reminders: how to pay, and by when (order date + due days,
    in the channel's time zone); empty when the channel gives no instructions."""
    instructions = (config.get("payment_instructions") or "").strip()
    if not instructions:
        return {}
    try:
        days = int(str(config.get("payment_due_days") or "").strip())
    except ValueError:
        days = 0
    facts = {"instructions": instructions}
    if days > 0:
        zone = ZoneInfo(config.get("timezone") or enrollment.scenario.timezone)
        due = (enrollment.triggered_at + timedelta(days=days)).astimezone(zone).date()
        facts["due_date"] = due.isoformat()
    return facts
