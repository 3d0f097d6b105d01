"""Checks shared by the writes: a model's own validation plus what the engine must be able to run.

Each check returns Problems instead of raising, so that one answer lists everything to fix.
"""

import zoneinfo
from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import models

from ..engine.conditions import validate_conditions
from ..engine.integration import current_integration
from ..engine.render import TRANSLATED_PARTS, template_problem
from ..presets import LANGUAGES
from .errors import ErrorCode, Problem, problems_from_validation_error

# Text fields the database does not bound: templates are mail bodies, not documents.
MAX_TEMPLATE_CHARS = 100_000
MAX_CONDITIONS = 20
TEMPLATE_PARTS = {"subject_template": "subject", "html_template": "html", "text_template": "text"}


def model_problems(instance: models.Model, *, exclude: Iterable[str] = ()) -> list[Problem]:
    """Django's own field checks: lengths, choices, ranges, validators.

    Uniqueness is the caller's check (with a message naming the value) and the database's.
    """
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        return problems_from_validation_error(exc)
    return []


def template_problems(instance: models.Model) -> list[Problem]:
    problems = []
    for field, part in TEMPLATE_PARTS.items():
        source = getattr(instance, field)
        if len(source) > MAX_TEMPLATE_CHARS:
            problems.append(
                Problem(field, f"{part} template is longer than {MAX_TEMPLATE_CHARS} characters")
            )
            continue
        problem = template_problem(part, source)
        if problem:
            problems.append(Problem(field, problem, ErrorCode.INVALID_TEMPLATE))
    return problems


def translation_problems(translations) -> list[Problem]:
    """A step's other languages: {"en": {"subject", "html", "text"}}, each part a template."""
    field = "translations"
    if not isinstance(translations, dict):
        return [Problem(field, 'translations must be {"<language>": {"subject", "html", "text"}}')]
    problems = []
    for language, texts in translations.items():
        problems += language_problems(language, field)
        if not isinstance(texts, dict) or not set(texts) <= set(TRANSLATED_PARTS):
            problems.append(
                Problem(field, f"{language[:20]}: only subject, html and text, as texts")
            )
            continue
        for part, source in texts.items():
            if not isinstance(source, str) or len(source) > MAX_TEMPLATE_CHARS:
                problems.append(Problem(field, f"{language}: {part} must be a text"))
                continue
            problem = template_problem(part, source)
            if problem:
                problems.append(
                    Problem(field, f"{language}: {problem}", ErrorCode.INVALID_TEMPLATE)
                )
    return problems


def conditions_problems(conditions) -> list[Problem]:
    if isinstance(conditions, list) and len(conditions) > MAX_CONDITIONS:
        return [Problem("conditions", f"at most {MAX_CONDITIONS} conditions per step")]
    return [Problem("conditions", message) for message in validate_conditions(conditions)]


def timezone_problems(name: str, field: str = "timezone") -> list[Problem]:
    try:
        zoneinfo.ZoneInfo(name)
    # OSError: a name too long for a file name; ValueError: a path outside the zone database.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return [Problem(field, f"{name[:60]!r} is not an IANA time zone (e.g. Asia/Tokyo)")]
    return []


def language_problems(language: str, field: str = "language") -> list[Problem]:
    if language in LANGUAGES:
        return []
    return [Problem(field, f"unknown language {language[:20]!r}; choose {', '.join(LANGUAGES)}")]


def channel_problems(
    slugs: Iterable[str], field: str = "channels", *, list_known: bool = True
) -> list[Problem]:
    """Slugs that are not the shop's channels. `list_known` names the shop's channels in the
    message: for staff, never for anonymous callers."""
    known = current_integration().known_channels()
    problems = []
    for slug in slugs:
        try:
            validate_slug(slug)
        except ValidationError:
            problems.append(Problem(field, f"{slug!r} is not a channel slug"))
            continue
        if known is not None and slug not in known:
            message = f"unknown channel {slug!r}"
            if list_known:
                message += f"; the shop has: {', '.join(sorted(known)) or 'none'}"
            problems.append(Problem(field, message))
    return problems


def choice_problems(values: Iterable[str], choices: Collection[str], field: str):
    """Values that are none of `choices` (a vocabulary's TextChoices, the channels' kinds)."""
    allowed = ", ".join(choices)
    return [
        Problem(field, f"unknown value {value!r}; choose one of {allowed}")
        for value in values
        if value not in choices
    ]


def email_problems(email: str, field: str = "email") -> list[Problem]:
    if not email:
        return [Problem(field, "an email address is required", ErrorCode.REQUIRED)]
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return [Problem(field, f"{email[:60]!r} is not a valid email address")]
    return []
