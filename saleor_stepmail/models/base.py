"""Helpers shared by the model modules."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def choices_check(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    """The database's own guard that `field` holds one of `choices`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"%(class)s_{field}_valid"
    )


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    # OSError: a name too long for a file name; ValueError: a path outside the zone database.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValidationError(
            f"{value[:60]!r} is not an IANA time zone (e.g. Asia/Tokyo)."
        ) from exc
