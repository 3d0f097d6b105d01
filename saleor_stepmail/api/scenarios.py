"""Scenario writes: create, update, delete, activate, pause, and create from a built-in preset."""

import re
from typing import Any

from django.db import transaction
from django.db.models import RestrictedError

from ..engine.clock import database_now
from ..engine.integration import current_integration
from ..models import Scenario
from ..models.scenario import MAX_DORMANT_DAYS
from ..presets import PRESETS, scenario_create_from_preset
from ..vocabulary import Goal, ReentryPolicy, ScenarioStatus, Trigger
from .errors import ErrorCode, InputError, Problem, raise_if, refused_as
from .validation import (
    channel_problems,
    choice_problems,
    language_problems,
    model_problems,
    timezone_problems,
)

SCENARIO_FIELDS = (
    "slug",
    "name",
    "trigger",
    "goals",
    "channels",
    "reentry",
    "timezone",
    "language",
    "holdout_percent",
    "dormant_days",
)


def scenario_create(*, data: dict[str, Any]) -> Scenario:
    scenario = Scenario(status=ScenarioStatus.PAUSED)
    return _scenario_save(scenario, data, required=("slug", "name", "trigger"))


def scenario_update(*, scenario: Scenario, data: dict[str, Any]) -> Scenario:
    return _scenario_save(scenario, data, required=())


def _scenario_save(scenario: Scenario, data: dict[str, Any], *, required) -> Scenario:
    problems = [
        Problem(field, f"{field} is required", ErrorCode.REQUIRED)
        for field in required
        if data.get(field) in (None, "")
    ]
    for field in SCENARIO_FIELDS:
        if data.get(field) is not None:
            setattr(scenario, field, data[field])
    if data.get("dormant_days_by_category") is not None:
        by_category, category_problems = _days_by_category(data["dormant_days_by_category"])
        scenario.dormant_days_by_category = by_category
        problems += category_problems
    problems += _scenario_problems(scenario)
    raise_if(problems)
    with refused_as(Problem("slug", f"{scenario.slug!r} is taken", ErrorCode.UNIQUE)):
        scenario.save()
    return scenario


MAX_DORMANCY_CATEGORIES = 50
_CATEGORY_SLUG = re.compile(r"^[-\w]{1,255}$")


def _days_by_category(items: list[dict]) -> tuple[dict[str, int], list[Problem]]:
    """A win-back's days per category, from the API's list of {category, days}."""
    field = "dormant_days_by_category"
    if len(items) > MAX_DORMANCY_CATEGORIES:
        return {}, [Problem(field, f"at most {MAX_DORMANCY_CATEGORIES} categories")]
    if items and not current_integration().order_categories_known():
        return {}, [
            Problem(
                field,
                "this shop's orders do not say their categories (they are read from Saleor's "
                "orders): give one number of days (dormantDays)",
            )
        ]
    by_category: dict[str, int] = {}
    problems = []
    for item in items:
        slug, days = item.get("category"), item.get("days")
        if not isinstance(slug, str) or not _CATEGORY_SLUG.match(slug):
            problems.append(Problem(field, f"{slug!r} is not a category slug"))
        elif slug in by_category:
            problems.append(
                Problem(field, f"{slug!r} is listed twice", ErrorCode.DUPLICATED_INPUT_ITEM)
            )
        elif not isinstance(days, int) or not 1 <= days <= MAX_DORMANT_DAYS:
            problems.append(Problem(field, f"{slug}: days must be 1 to {MAX_DORMANT_DAYS}"))
        else:
            by_category[slug] = days
    return by_category, problems


def _scenario_problems(scenario: Scenario) -> list[Problem]:
    problems = choice_problems([scenario.trigger], Trigger, "trigger")
    problems += choice_problems(scenario.goals, Goal, "goals")
    problems += choice_problems([scenario.reentry], ReentryPolicy, "reentry")
    problems += channel_problems(scenario.channels)
    problems += timezone_problems(scenario.timezone)
    if (
        scenario.slug
        and Scenario.objects.filter(slug=scenario.slug).exclude(pk=scenario.pk).exists()
    ):
        problems.append(Problem("slug", f"{scenario.slug!r} is taken", ErrorCode.UNIQUE))
    if scenario.trigger == Trigger.CUSTOMER_DORMANT and not scenario.dormant_days:
        problems.append(
            Problem(
                "dormant_days",
                "a win-back scenario needs the days without a paid order (dormantDays)",
                ErrorCode.REQUIRED,
            )
        )
    if len(set(scenario.goals)) != len(scenario.goals):
        problems.append(Problem("goals", "a goal is listed twice", ErrorCode.DUPLICATED_INPUT_ITEM))
    checked = {p.field for p in problems}
    # Django's checks for the rest: lengths, slug format, ranges, a taken slug.
    return problems + [
        p for p in model_problems(scenario, exclude=("status",)) if p.field not in checked
    ]


def scenario_delete(*, scenario: Scenario) -> None:
    """Delete a paused scenario with its steps, enrolments and history.

    Refused while a step of another scenario moves customers to it (Step.move_to is RESTRICT):
    the operator is told which steps to change first.
    """
    if scenario.status == ScenarioStatus.ACTIVE:
        raise InputError(
            [Problem("id", "pause the scenario before deleting it (it may be sending now)")]
        )
    try:
        with transaction.atomic():
            scenario.delete()
    except RestrictedError as exc:
        raise InputError(
            [
                Problem(
                    "id",
                    f"{step.scenario.slug} step {step.position}"
                    + (f" ({step.name})" if step.name else "")
                    + " moves customers to this scenario; change or delete that step first",
                )
                for step in sorted(exc.restricted_objects, key=lambda s: (s.scenario_id, s.pk))
            ]
        ) from exc


def scenario_status_set(*, scenario: Scenario, status: ScenarioStatus) -> Scenario:
    """Activate (new triggers enrol) or pause (nobody new enrols; running enrolments go on).

    Pausing does not hold mail already planned: deactivating a step does (engine/dispatch.py).
    """
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if status == ScenarioStatus.ACTIVE and not scenario.steps.filter(is_active=True).exists():
            raise InputError([Problem("id", "add an active step before activating the scenario")])
        if status == ScenarioStatus.ACTIVE and scenario.status != ScenarioStatus.ACTIVE:
            # Win-back fires for dormancies that begin from now on (engine/dormancy.py); those
            # that began before, or while it was paused, are a backfill's.
            scenario.dormancy_scanned_until = database_now()
        scenario.status = status
        scenario.save(update_fields=["status", "dormancy_scanned_until", "updated_at"])
    return scenario


def scenario_create_from_builtin(
    *,
    preset: str,
    language: str,
    slug: str | None,
    channels: list[str],
    timezone: str,
) -> Scenario:
    problems = []
    if preset not in PRESETS:
        problems.append(
            Problem("preset", f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
        )
    problems += (
        language_problems(language) + channel_problems(channels) + timezone_problems(timezone)
    )
    raise_if(problems)
    candidate = Scenario(slug=slug or preset, name=PRESETS[preset].name[language], trigger="x")
    problems = [p for p in model_problems(candidate, exclude=("trigger",)) if p.field == "slug"]
    taken = Problem("slug", f"{candidate.slug!r} is taken", ErrorCode.UNIQUE)
    if Scenario.objects.filter(slug=candidate.slug).exists():
        problems.append(taken)
    raise_if(problems)
    with refused_as(taken):
        return scenario_create_from_preset(
            preset=preset, language=language, slug=slug, channels=channels, timezone=timezone
        )
