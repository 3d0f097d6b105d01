"""The HTTP endpoint: POST {query, variables, operationName} as JSON, answered as Saleor does.

The caller is whoever the integration's `authenticate` says (Saleor's JWT inside Saleor).
Malformed requests, syntax errors, variables that do not fit their types and refused queries
(limits.py) answer 400, a request or query text over its size limit 413, a bad token 401.
"""

import json
import logging
from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError, parse, validate
from graphql.error import GraphQLSyntaxError
from graphql.execution import execute
from graphql.validation.rules import specified_rules

from ..engine.integration import AuthenticationFailed, current_integration
from .arguments import StorableArguments
from .auth import StepmailContext
from .limits import MAX_BODY_BYTES, MAX_QUERY_CHARS, QueryLimits
from .schema import schema

logger = logging.getLogger(__name__)

TOO_LARGE = f"The request is larger than {MAX_BODY_BYTES} bytes."
MIDDLEWARE = [StorableArguments()]


def request_time() -> datetime:
    """The clock of every mutation in the request (tests replace it)."""
    return timezone.now()


def _error(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"message": message, "extensions": {"exception": {"code": code}}}]},
        status=status,
    )


@csrf_exempt
def graphql_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return JsonResponse(
            {"message": "Step mail GraphQL API: POST {query, variables} as JSON."},
            status=405 if request.method != "GET" else 200,
        )
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _error(TOO_LARGE, "REQUEST_TOO_LARGE", 413)
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        return _error(TOO_LARGE, "REQUEST_TOO_LARGE", 413)
    try:
        body = json.loads(raw or b"{}")
        query, variables = body["query"], body.get("variables") or {}
        if not isinstance(query, str) or not isinstance(variables, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return _error('Send JSON: {"query": "...", "variables": {...}}.', "INVALID_REQUEST", 400)
    if len(query) > MAX_QUERY_CHARS:
        return _error(
            f"The query is longer than {MAX_QUERY_CHARS} characters; pass long texts as variables.",
            "REQUEST_TOO_LARGE",
            413,
        )
    try:
        principal = current_integration().authenticate(request)
    except AuthenticationFailed as exc:
        return _error(str(exc) or "Invalid token.", "InvalidTokenError", 401)
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return JsonResponse({"errors": [_format(exc)]}, status=400)
    # The limits first, alone: the standard rules cost more on a document that passes them.
    problems = validate(schema, document, [QueryLimits]) or validate(
        schema, document, specified_rules
    )
    if problems:
        return JsonResponse({"errors": [_format(e) for e in problems]}, status=400)
    context = StepmailContext(request=request, principal=principal, now=request_time())
    try:
        result = execute(
            schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=body.get("operationName"),
            middleware=MIDDLEWARE,
        )
    except GraphQLError as exc:  # an unknown operation, variables that do not fit their types
        return JsonResponse({"errors": [_format(exc)]}, status=400)
    except Exception as exc:
        # Only choosing the operation and coercing its variables run before the resolvers can
        # raise out of execute() (what resolvers raise is collected in the result), and there
        # graphql-core 2's own scalars raise plain exceptions: an Int outside 32 bits, 1e400.
        message = f"A variable does not fit its type: {exc}"
        return _error(message, "GraphQLError", 400)
    payload = {"data": result.data}
    if result.errors:
        payload["errors"] = [_format(e) for e in result.errors]
    return JsonResponse(payload, status=400 if result.invalid else 200)


def _format(error: Exception) -> dict:
    original = getattr(error, "original_error", None) or error
    if isinstance(original, GraphQLError):
        message = original.message
    else:
        # Ours, not the caller's: logged with its traceback, not shown.
        logger.error("stepmail: GraphQL resolver failed", exc_info=original)
        message = "Internal Server Error"
    formatted = {"message": message, "extensions": {"exception": {"code": type(original).__name__}}}
    locations = getattr(error, "locations", None)
    if locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in locations]
    if getattr(error, "path", None):
        formatted["path"] = error.path
    return formatted
