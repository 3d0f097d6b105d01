"""The shape every mutation shares: a permission check, then a service call, errors mapped."""

import graphene

from ...api.errors import ErrorCode, InputError, Problem, raise_if
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
            raise_if(nul_problems(arguments))
            return cls.perform(info, **arguments)
        except InputError as exc:
            return cls(errors=stepmail_errors(exc.problems))

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError(f"{cls.__name__}.perform must be implemented")


def input_data(graphql_input) -> dict:
    """An input object as a dict of the fields the caller sent (None: leave unchanged)."""
    return {key: value for key, value in dict(graphql_input or {}).items() if value is not None}


def nul_problems(arguments: dict) -> list[Problem]:
    """NUL characters anywhere in the arguments (JSON included): PostgreSQL stores no text with
    them, so they are refused before a query is built."""

    def holds_nul(value) -> bool:
        if isinstance(value, str):
            return "\x00" in value
        if isinstance(value, dict):
            return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
        if isinstance(value, list | tuple):
            return any(holds_nul(item) for item in value)
        return False

    problems = []
    for name, value in arguments.items():
        fields = value.items() if isinstance(value, dict) else [(name, value)]
        problems += [
            Problem(field, "must not contain NUL characters (\\x00)")
            for field, item in fields
            if holds_nul(item)
        ]
    return problems
