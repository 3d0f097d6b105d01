"""Scalars whose bad input is a validation error (HTTP 400 naming the variable), not a crash."""

import json
import math
from datetime import UTC, datetime

import graphene
from django.db import models
from graphene_django.converter import convert_django_field
from graphql.language import ast


def _refuse(constant: str):
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999
        raise ValueError(f"{text} is out of range")
    return number


def _strict_json(text: str):
    """JSON as RFC 8259 has it: NaN and Infinity are refused (PostgreSQL's jsonb refuses them)."""
    return json.loads(text, parse_constant=_refuse, parse_float=_finite)


class JSONString(graphene.JSONString):
    """A JSON document in a string. Input that is not valid JSON fails validation."""

    @staticmethod
    def parse_literal(node):
        if isinstance(node, ast.StringValue):
            return JSONString.parse_value(node.value)
        return None

    @staticmethod
    def parse_value(value):
        if not isinstance(value, str):
            return None
        try:
            return _strict_json(value)
        except ValueError:
            return None


class DateTime(graphene.DateTime):
    """An instant: an ISO 8601 date and time with its offset from UTC
    (`2026-11-02T09:00:00+09:00`, `2026-11-02T00:00:00Z`). A time without an offset names no
    instant (in whose time zone?), and an offset of a day or more none at all: both fail
    validation. Inputs are read in UTC."""

    @staticmethod
    def parse_literal(node):
        if isinstance(node, ast.StringValue):
            return DateTime.parse_value(node.value)
        return None

    @staticmethod
    def parse_value(value):
        if not isinstance(value, str):
            return None
        try:
            parsed = datetime.fromisoformat(value)  # refuses offsets of ±24 hours or more
            if parsed.tzinfo is None:
                return None
            # In UTC: PostgreSQL refuses offsets beyond ±15:59, and year 1 at +14:00 is not a
            # datetime Python can hold in UTC.
            return parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            return None


@convert_django_field.register(models.DateTimeField)
def _model_datetime(field, registry=None) -> DateTime:
    # graphene-django would give the types' model fields graphene's own DateTime, a second type
    # of that name in the schema; every DateTime is this one.
    return DateTime(description=field.help_text, required=not field.null)
