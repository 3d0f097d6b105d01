"""A step's branch, channel settings, voucher and timing: checked, then set on the unsaved step.

Each `*_apply` reads its keys of the write's data (a key present with None clears the field),
sets what it can on the step and returns the Problems, so that one answer lists everything.
"""

import re
from datetime import time
from typing import Any

from ..engine.catalogue import FACTS, NUMBER
from ..engine.channels import CHANNELS, Channel
from ..models import Scenario, Step
from ..models.scenario import MAX_FACT_OFFSET_DAYS
from ..vocabulary import StepAction
from .errors import ErrorCode, Problem

MAX_VOUCHER_DAYS = 365
MAX_VOUCHER_ID_CHARS = 100
# Facts that hold a number of days the engine can wait for (engine/schedule.py step_delay).
DELAY_FACTS = tuple(name for name, fact in FACTS.items() if fact.type == NUMBER)
SEND_AT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def step_options_apply(step: Step, data: dict[str, Any]) -> list[Problem]:
    return (
        _move_apply(step, data)
        + _channel_config_apply(step, data)
        + _voucher_apply(step, data)
        + _timing_apply(step, data)
    )


def _move_apply(step: Step, data: dict[str, Any]) -> list[Problem]:
    """MOVE needs a target (another scenario that exists); other actions keep none."""
    problems = []
    if step.action != StepAction.MOVE:
        if data.get("move_to") is not None:
            problems.append(Problem("move_to", "moveTo is only for action MOVE"))
        step.move_to = None
        return problems
    if data.get("move_to") is not None:
        target = Scenario.objects.filter(pk=data["move_to"]).first()
        if target is None:
            return [Problem("move_to", "no such scenario to move to", ErrorCode.NOT_FOUND)]
        if target.pk == step.scenario_id:
            return [
                Problem(
                    "move_to",
                    "a step cannot move customers to its own scenario; use action END, or "
                    "another scenario",
                )
            ]
        step.move_to = target
    elif "move_to" in data:
        step.move_to = None
    if step.move_to_id is None:
        problems.append(
            Problem(
                "move_to",
                "action MOVE needs moveTo: the scenario to continue in",
                ErrorCode.REQUIRED,
            )
        )
    return problems


def _channel_config_apply(step: Step, data: dict[str, Any]) -> list[Problem]:
    """The step's channel checks its settings (Channel.config_problems); a channel without
    settings takes {}. A write-only value (the webhook's secret) left out of a write keeps the
    stored one: the API never shows it."""
    channel = CHANNELS[step.channel]
    takes_settings = bool(channel.config_schema["properties"])
    if "channel_config" not in data:
        if "channel" not in data:
            return []
        if not takes_settings:
            step.channel_config = {}
            return []
        return _config_problems(channel, step.channel_config)
    config = data["channel_config"] if data["channel_config"] is not None else {}
    if not isinstance(config, dict):
        return [Problem("channel_config", "channelConfig must be a JSON object")]
    if not takes_settings:
        if config:
            with_settings = [c.noun for c in CHANNELS.values() if c.config_schema["properties"]]
            return [
                Problem(
                    "channel_config",
                    f"channelConfig is for {_listed(with_settings)} steps only; "
                    f"send {{}} for this {channel.noun} step",
                )
            ]
        step.channel_config = {}
        return []
    step.channel_config = channel.config_kept(config, stored=step.channel_config or {})
    return _config_problems(channel, step.channel_config)


def _config_problems(channel: Channel, config: Any) -> list[Problem]:
    if not isinstance(config, dict):
        return [Problem("channel_config", "channelConfig must be a JSON object")]
    return [Problem("channel_config", message) for message in channel.config_problems(config)]


def _listed(names: list[str]) -> str:
    """Names joined as prose: "a, b and c"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def _voucher_apply(step: Step, data: dict[str, Any]) -> list[Problem]:
    """{"voucherId": <the shop's voucher to copy>, "validDays": 1..365}, or None: no voucher."""
    if "voucher" not in data:
        return []
    voucher = data["voucher"]
    if voucher is None:
        step.voucher = {}
        return []
    if not isinstance(voucher, dict):
        return [Problem("voucher", 'voucher must be {"voucherId": "...", "validDays": 14} or null')]
    problems = []
    unknown = sorted(set(voucher) - {"voucherId", "validDays"})
    if unknown:
        problems.append(
            Problem(
                "voucher", f"unknown voucher keys {', '.join(unknown)}; use voucherId, validDays"
            )
        )
    voucher_id, days = voucher.get("voucherId"), voucher.get("validDays")
    if not isinstance(voucher_id, str) or not voucher_id.strip():
        problems.append(
            Problem(
                "voucher",
                "voucher.voucherId is required: the id of the shop's voucher to copy",
                ErrorCode.REQUIRED,
            )
        )
    elif len(voucher_id) > MAX_VOUCHER_ID_CHARS:
        problems.append(
            Problem(
                "voucher", f"voucher.voucherId is longer than {MAX_VOUCHER_ID_CHARS} characters"
            )
        )
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_VOUCHER_DAYS:
        problems.append(
            Problem(
                "voucher",
                f"voucher.validDays must be a whole number of days from 1 to {MAX_VOUCHER_DAYS}, "
                f"not {days!r}",
            )
        )
    if not problems:
        step.voucher = {"voucher_id": voucher_id.strip(), "valid_days": days}
    return problems


def _timing_apply(step: Step, data: dict[str, Any]) -> list[Problem]:
    problems = []
    if "send_at" in data:
        raw = data["send_at"] or ""
        found = SEND_AT.match(raw) if isinstance(raw, str) else None
        if raw and not found:
            problems.append(
                Problem(
                    "send_at", f"sendAt must be a time of day as HH:MM (e.g. 09:30), not {raw!r}"
                )
            )
        else:
            step.send_at = time(int(found[1]), int(found[2])) if found else None
    if "delay_fact" in data:
        name = data["delay_fact"] or ""
        if name and name not in DELAY_FACTS:
            problems.append(
                Problem(
                    "delay_fact",
                    f"unknown delay fact {name!r}; use one of {', '.join(DELAY_FACTS)}",
                )
            )
        else:
            step.delay_fact = name
    offset = data.get("delay_fact_offset_days")
    if offset is not None and not -MAX_FACT_OFFSET_DAYS <= offset <= MAX_FACT_OFFSET_DAYS:
        problems.append(
            Problem(
                "delay_fact_offset_days",
                f"delayFactOffsetDays must be between -{MAX_FACT_OFFSET_DAYS} and "
                f"{MAX_FACT_OFFSET_DAYS}, not {offset}",
            )
        )
    return problems
