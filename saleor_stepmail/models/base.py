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
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"{value!r} is not an IANA time zone (e.g. Asia/Tokyo).") from exc
