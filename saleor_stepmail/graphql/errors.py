"""Mutation errors in Saleor's shape: `errors { field message code }`."""

import graphene
from graphene.utils.str_converters import to_camel_case

from ..api.errors import ErrorCode, Problem

StepmailErrorCode = graphene.Enum(
    "StepmailErrorCode",
    [(code.name, code.value) for code in ErrorCode],
    description="Why a step mail mutation refused its input.",
)


class StepmailError(graphene.ObjectType):
    field = graphene.String(
        description="The input field at fault (camelCase); null when it is the whole input."
    )
    message = graphene.String(required=True, description="What is wrong and how to fix it.")
    code = StepmailErrorCode(required=True)


def stepmail_errors(problems: list[Problem]) -> list[StepmailError]:
    return [
        StepmailError(
            field=to_camel_case(problem.field) if problem.field else None,
            message=problem.message,
            code=problem.code.value,
        )
        for problem in problems
    ]
