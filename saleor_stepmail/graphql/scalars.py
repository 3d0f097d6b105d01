"""Scalars whose bad input is a validation error (HTTP 400 naming the variable), not a crash."""

import json
import math

import graphene
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
