"""The plugin's configuration per channel: checked when saved, and as the workers read it.

Saleor calls the plugin's validate_plugin_configuration before it saves a channel's
configuration (plugin.py), which refuses what config_problems finds. A value saved before that
check, or written by hand, is replaced by its safe fallback when read, and logged: a channel's
mail never fails on its configuration.
"""

import logging
import re
import time
import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from saleor.plugins.models import PluginConfiguration

from ..constants import DEFAULT_CONFIGURATION, PLUGIN_ID
from ..engine.timing import SendWindow

CONFIG_TTL_SECONDS = 60
MAX_PAYMENT_DUE_DAYS = 365

logger = logging.getLogger(__name__)


def _timezone_problem(value: str) -> str | None:
    try:
        ZoneInfo(value)
    # OSError: a name too long for a file name; ValueError: a path outside the zone database.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return f"{value[:60]!r} is not an IANA time zone (e.g. Asia/Tokyo)"
    return None


def _send_window_problem(value: str) -> str | None:
    try:
        SendWindow.parse(value, "UTC")
    except ValueError as exc:
        return str(exc)
    return None


def _due_days_problem(value: str) -> str | None:
    if not value.strip().isdigit() or int(value) > MAX_PAYMENT_DUE_DAYS:
        return f"{value[:20]!r} is not a number of days from 0 to {MAX_PAYMENT_DUE_DAYS}, e.g. 7"
    return None


def _address_problem(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return f"{value[:60]!r} is not an email address"
    return None


def _url_problem(value: str) -> str | None:
    try:
        URLValidator(schemes=["http", "https"])(value.replace("{token}", "token"))
    except ValidationError:
        return f"{value[:60]!r} is not an http(s) URL, e.g. https://shop.example.jp/"
    return None


def _format_problem(pattern: str, message: str) -> Callable[[str], str | None]:
    """A check that the value is as LINE issues it (`pattern`), else `message`."""
    compiled = re.compile(pattern)
    return lambda value: None if compiled.match(value) else message


_LINE_SECRET = "a channel secret is 32 hexadecimal digits (Basic settings tab)"


# The typed fields, each with its check and the value it falls back to when a stored one fails
# it: "" is no sender (the default From), no link, the scenario's zone (UTC for voucher
# expiry) and no due date; a bad send window falls back to the plugin's default window.
_CHECKS: dict[str, tuple[Callable[[str], str | None], str]] = {
    "timezone": (_timezone_problem, ""),
    "send_window": (
        _send_window_problem,
        next(item["value"] for item in DEFAULT_CONFIGURATION if item["name"] == "send_window"),
    ),
    "payment_due_days": (_due_days_problem, ""),
    "sender_address": (_address_problem, ""),
    "storefront_url": (_url_problem, ""),
    "cart_url_template": (_url_problem, ""),
    # LINE's credentials as LINE issues them; a bad stored one counts as not set up.
    "line_channel_access_token": (
        _format_problem(
            r"^[A-Za-z0-9+/=._-]{20,1000}$",
            "a channel access token is 20 or more letters, digits and + / = . _ - with no spaces",
        ),
        "",
    ),
    "line_channel_secret": (_format_problem(r"^[0-9a-f]{32}$", _LINE_SECRET), ""),
    "line_login_channel_id": (
        _format_problem(
            r"^[0-9]{6,20}$",
            "a LINE Login channel ID is a number (Basic settings tab of the LINE Login channel)",
        ),
        "",
    ),
    "line_login_channel_secret": (_format_problem(r"^[0-9a-f]{32}$", _LINE_SECRET), ""),
}


def config_problems(values: dict) -> dict[str, str]:
    """Per field, what is wrong with a configuration's value; empty values are allowed."""
    problems = {}
    for name, (check, _) in _CHECKS.items():
        value = values.get(name)
        if value is None or value == "":
            continue
        problem = check(value) if isinstance(value, str) else f"{name} must be text"
        if problem:
            problems[name] = problem
    return problems


def _with_fallbacks(channel_slug: str, values: dict) -> dict:
    for name, problem in config_problems(values).items():
        fallback = _CHECKS[name][1]
        logger.warning(
            "stepmail: channel %s: %s: %s; using %r instead",
            channel_slug,
            name,
            problem,
            fallback,
        )
        values[name] = fallback
    return values


@lru_cache(maxsize=256)
def _channel_config(channel_slug: str, _bucket: int) -> dict:
    row = PluginConfiguration.objects.filter(
        identifier=PLUGIN_ID, channel__slug=channel_slug
    ).first()
    values = {item["name"]: item["value"] for item in DEFAULT_CONFIGURATION}
    if row is not None:
        values.update({item["name"]: item["value"] for item in row.configuration or []})
    values["active"] = bool(row and row.active)
    return _with_fallbacks(channel_slug, values)


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
    """`payment` for unpaid-order reminders: how to pay, and by when (the order's deadline, or
    else the trigger date + due days, in the channel's time zone); empty when the channel gives
    no instructions."""
    instructions = (config.get("payment_instructions") or "").strip()
    if not instructions:
        return {}
    try:
        days = int(str(config.get("payment_due_days") or "").strip())
    except ValueError:
        days = 0
    facts = {"instructions": instructions}
    due_at = (enrollment.context.get("order") or {}).get("payment_due_at")
    if due_at:  # the order's own deadline: its channel's expireOrdersAfter, else the days
        zone = ZoneInfo(config.get("timezone") or enrollment.scenario.timezone)
        facts["due_date"] = datetime.fromisoformat(due_at).astimezone(zone).date().isoformat()
    elif days > 0:
        zone = ZoneInfo(config.get("timezone") or enrollment.scenario.timezone)
        due = (enrollment.triggered_at + timedelta(days=days)).astimezone(zone).date()
        facts["due_date"] = due.isoformat()
    return facts
