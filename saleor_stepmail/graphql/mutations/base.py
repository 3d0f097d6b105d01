"""The shape every mutation shares: a permission check, then a service call, errors mapped."""

import graphene

from ...api.errors import ErrorCode, InputError, Problem, raise_if
from ...engine.storable import unstorable
from ..auth import has_permission
from ..errors import StepmailError, stepmail_errors


class StepmailMutation(graphene.Mutation):
    """Subclasses set `permissions` (empty: anyone) and implement `perform`.

    `perform` raises api.errors.InputError for anything the caller can fix; the service it
    calls has written nothing then (its transaction rolled back).
    """

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(StepmailError), required=True)

    permissions: tuple[str, ...] = ()

    @classmethod
    def mutate(cls, root, info, **arguments):
        if cls.permissions and not has_permission(info.context.principal, cls.permissions):
            message = "You need one of the following permissions: " + ", ".join(cls.permissions)
            return cls(
                errors=stepmail_errors([Problem(None, message, ErrorCode.PERMISSION_DENIED)])
            )
        try:
            raise_if(unstorable_problems(arguments))
            return cls.perform(info, **arguments)
        except InputError as exc:
            return cls(errors=stepmail_errors(exc.problems))

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError(f"{cls.__name__}.perform must be implemented")


def input_data(graphql_input) -> dict:
    """An input object as a dict of the fields the caller sent (None: leave unchanged)."""
    return {key: value for key, value in dict(graphql_input or {}).items() if value is not None}


def unstorable_problems(arguments: dict) -> list[Problem]:
    """Text PostgreSQL cannot store anywhere in the arguments (JSON included, keys too): NUL,
    lone surrogates. Refused before a query is built."""

    def problem_in(value) -> str:
        if isinstance(value, str):
            return unstorable(value)
        items = []
        if isinstance(value, dict):
            items = [part for pair in value.items() for part in pair]
        elif isinstance(value, list | tuple):
            items = list(value)
        return next((found for item in items if (found := problem_in(item))), "")

    problems = []
    for name, value in arguments.items():
        fields = value.items() if isinstance(value, dict) else [(name, value)]
        problems += [
            Problem(field, message) for field, item in fields if (message := problem_in(item))
        ]
    return problems
