"""The shape every mutation shares: a permission check, then a service call, errors mapped."""

import graphene

from ...api.errors import ErrorCode, InputError, Problem
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
            return cls.perform(info, **arguments)
        except InputError as exc:
            return cls(errors=stepmail_errors(exc.problems))

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError(f"{cls.__name__}.perform must be implemented")


def input_data(graphql_input) -> dict:
    """An input object as a dict of the fields the caller sent (None: leave unchanged)."""
    return {key: value for key, value in dict(graphql_input or {}).items() if value is not None}
