"""Arguments checked before any resolver runs: text PostgreSQL cannot store is refused."""

from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLError

from .mutations.base import unstorable_problems


class StorableArguments:
    """Graphene middleware: a query argument holding a NUL character or a lone surrogate (a filter
    such as `stepmailEnrollments(email:)`, a cursor, an id) is a field error naming it, before the
    resolver builds a query PostgreSQL would refuse. Mutations answer the same problem in their
    own `errors` list (mutations/base.py), so they are left to it."""

    def resolve(self, next, root, info, **arguments):
        if arguments and info.operation.operation != "mutation":
            problems = unstorable_problems(arguments)
            if problems:
                raise GraphQLError(
                    "; ".join(f"{to_camel_case(p.field)}: {p.message}" for p in problems)
                )
        return next(root, info, **arguments)
