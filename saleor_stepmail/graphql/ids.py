"""Global ids: decoding one for a model type, with a NOT_FOUND error naming the argument."""

from django.db import models
from graphql_relay import from_global_id

from ..api.errors import ErrorCode, InputError, Problem


def pk_from_global_id(global_id: str, type_name: str, field: str) -> int:
    try:
        found_type, pk = from_global_id(global_id)
        if found_type != type_name:
            raise ValueError(found_type)
        return int(pk)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem(field, f"{global_id!r} is not the id of a {type_name}", ErrorCode.NOT_FOUND)]
        ) from exc


def instance_from_global_id(
    global_id: str, type_name: str, queryset: models.QuerySet, field: str = "id"
):
    pk = pk_from_global_id(global_id, type_name, field)
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise InputError(
            [Problem(field, f"no {type_name} with id {global_id!r}", ErrorCode.NOT_FOUND)]
        )
    return instance
