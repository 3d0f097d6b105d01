"""What one request may ask for: refused before anything runs.

- body: at most MAX_BODY_BYTES, and the query text at most MAX_QUERY_CHARS (view.py), so that
  parsing and validating are bounded too,
- depth: at most MAX_DEPTH nested selections (fragments followed),
- size: at most MAX_FIELDS selected fields in the operation, `__typename` included,
- aliases: at most MAX_ALIASES fields asked for under an alias (each one runs again),
- introspection (`__schema`, `__type` and everything below them) is counted on its own, since
  the standard introspection query is deeper than any query of ours: no aliases (so each of
  the two runs once), at most MAX_INTROSPECTION_FIELDS fields, MAX_INTROSPECTION_DEPTH levels
  and MAX_INTROSPECTION_LISTS lists inside lists (types > fields > args, as the standard
  query asks; each list level multiplies the work by the size of the schema),
- pages: `first`/`last` at most MAX_PAGE on every connection (checked when the field runs,
  so that variables count too),
- periods: a report's or a simulation's [start, end) in order and at most its days long
  (period_checked, when the field runs).

The walk stops at the first limit passed, so a document whose fragments multiply each other is
refused after at most a few hundred steps. view.py runs this rule before the standard ones.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from graphql import GraphQLError
from graphql.language import ast
from graphql.validation.rules.base import ValidationRule

MAX_BODY_BYTES = 2_000_000
MAX_QUERY_CHARS = 100_000
MAX_DEPTH = 8
MAX_FIELDS = 250
MAX_ALIASES = 50
MAX_INTROSPECTION_FIELDS = 300
MAX_INTROSPECTION_DEPTH = 20
MAX_INTROSPECTION_LISTS = 3
MAX_PAGE = 100

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
# The introspection fields whose value is a list of types, fields or values.
INTROSPECTION_LISTS = frozenset(
    {
        "types",
        "fields",
        "args",
        "inputFields",
        "enumValues",
        "interfaces",
        "possibleTypes",
        "directives",
    }
)


@dataclass(frozen=True)
class _Inside:
    """Where a field is below an introspection field: its level and the lists around it."""

    depth: int = 0
    lists: int = 0


class _LimitPassed(Exception):
    """What the operation asks for beyond a limit, as the end of a sentence about it."""


@dataclass
class _Tally:
    fields: int = 0
    aliases: int = 0
    introspection_fields: int = 0

    def add_field(self, field: ast.Field, depth: int) -> None:
        if field.alias is not None:
            self.aliases += 1
            _check(self.aliases, MAX_ALIASES, "uses more than {limit} aliases")
        self.fields += 1
        _check(self.fields, MAX_FIELDS, "selects more than {limit} fields")
        _check(depth, MAX_DEPTH, "is more than {limit} levels deep")

    def add_introspection_field(self, field: ast.Field, inside: _Inside) -> None:
        if field.alias is not None:
            raise _LimitPassed(
                f"gives the introspection field {field.name.value} an alias; introspection "
                "fields cannot have aliases."
            )
        self.introspection_fields += 1
        _check(
            self.introspection_fields,
            MAX_INTROSPECTION_FIELDS,
            "selects more than {limit} introspection fields",
        )
        _check(
            inside.depth, MAX_INTROSPECTION_DEPTH, "is more than {limit} introspection levels deep"
        )
        _check(inside.lists, MAX_INTROSPECTION_LISTS, "nests more than {limit} introspection lists")


def _check(value: int, limit: int, sentence: str) -> None:
    if value > limit:
        raise _LimitPassed(f"{sentence.format(limit=limit)}; the limit is {limit}.")


class QueryLimits(ValidationRule):
    def enter_OperationDefinition(self, node, *args):
        name = node.name.value if node.name else "the operation"
        try:
            self._walk(node.selection_set, _Tally(), 0, None, frozenset())
        except _LimitPassed as exc:
            self.context.report_error(GraphQLError(f"{name} {exc}", [node]))

    def _walk(
        self, selection_set, tally: _Tally, depth: int, inside: _Inside | None, seen: frozenset
    ) -> None:
        """Count the fields below `selection_set`, at `depth`; `inside` is None outside
        introspection."""
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, ast.Field):
                name = selection.name.value
                below = inside
                if below is None and name in INTROSPECTION_ROOTS:
                    below = _Inside()
                if below is None:
                    tally.add_field(selection, depth + 1)
                else:
                    below = _Inside(below.depth + 1, below.lists + (name in INTROSPECTION_LISTS))
                    tally.add_introspection_field(selection, below)
                self._walk(selection.selection_set, tally, depth + 1, below, seen)
            elif isinstance(selection, ast.InlineFragment):
                self._walk(selection.selection_set, tally, depth, inside, seen)
            elif isinstance(selection, ast.FragmentSpread):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # reported by the standard rules (unknown or cyclic fragment)
                self._walk(fragment.selection_set, tally, depth, inside, seen | {name})


def page_size_problem(field_name: str, args: dict) -> str | None:
    for argument in ("first", "last"):
        value = args.get(argument)
        if value is not None and not 0 <= value <= MAX_PAGE:
            return (
                f"`{argument}: {value}` on `{field_name}` is out of range; "
                f"ask for 0 to {MAX_PAGE} items and page with `after`."
            )
    return None


def period_checked(
    start: datetime, end: datetime, *, max_days: int, names: tuple[str, str] = ("start", "end")
) -> None:
    """A period argument [start, end) runs forward and spans at most `max_days`; else the
    field's error, naming the arguments as the field calls them."""
    if not start < end <= start + timedelta(days=max_days):
        first, last = names
        raise GraphQLError(f"{first} must come before {last}, at most {max_days} days before it.")
