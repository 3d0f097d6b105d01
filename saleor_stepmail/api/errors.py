"""What a caller did wrong, said so that they can fix it: a field, a message and a code."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class ErrorCode(StrEnum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    INVALID_TEMPLATE = "invalid_template"
    INVALID_TOKEN = "invalid_token"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
    PERMISSION_DENIED = "permission_denied"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str
    code: ErrorCode = ErrorCode.INVALID


class InputError(Exception):
    """Raised before anything is written (or inside the transaction, which then rolls back)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


@contextmanager
def refused_as(problem: Problem) -> Iterator[None]:
    """A write whose unique constraint may still refuse it after the checks passed (another
    request took the name meanwhile): the refusal becomes `problem`, not a server error."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise InputError([problem]) from exc


# Django's validation codes, as ours.
_DJANGO_CODES = {
    "unique": ErrorCode.UNIQUE,
    "unique_together": ErrorCode.UNIQUE,
    "required": ErrorCode.REQUIRED,
    "blank": ErrorCode.REQUIRED,
    "null": ErrorCode.REQUIRED,
}


def problems_from_validation_error(exc: ValidationError) -> list[Problem]:
    """A model's full_clean() errors, one Problem per message."""
    problems = []
    for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else []:
        for error in errors:
            message = error.message % error.params if error.params else error.message
            problems.append(
                Problem(
                    None if field == "__all__" else field,
                    str(message),
                    _DJANGO_CODES.get(error.code, ErrorCode.INVALID),
                )
            )
    if not hasattr(exc, "error_dict"):
        problems = [Problem(None, message) for message in exc.messages]
    return problems
