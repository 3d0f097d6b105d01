"""What one request may ask for: refused before anything runs.

- depth: at most MAX_DEPTH nested selections (fragments followed; introspection not counted),
- size: at most MAX_FIELDS selected fields in the operation,
- pages: `first`/`last` at most MAX_PAGE on every connection (checked when the field runs,
  so that variables count too).
"""

from graphql import GraphQLError
from graphql.language import ast
from graphql.validation.rules.base import ValidationRule

MAX_DEPTH = 8
MAX_FIELDS = 250
MAX_PAGE = 100


class QueryLimits(ValidationRule):
    def enter_OperationDefinition(self, node, *args):
        depth, fields = self._measure(node.selection_set, 0, frozenset())
        name = node.name.value if node.name else "the operation"
        if depth > MAX_DEPTH:
            self.context.report_error(
                GraphQLError(f"{name} is {depth} levels deep; the limit is {MAX_DEPTH}.", [node])
            )
        if fields > MAX_FIELDS:
            self.context.report_error(
                GraphQLError(f"{name} selects {fields} fields; the limit is {MAX_FIELDS}.", [node])
            )

    def _measure(self, selection_set, depth: int, seen: frozenset) -> tuple[int, int]:
        """(deepest level, number of fields) below `selection_set`, at `depth`."""
        if selection_set is None:
            return depth, 0
        deepest, count = depth, 0
        for selection in selection_set.selections:
            if isinstance(selection, ast.Field):
                if selection.name.value.startswith("__"):
                    continue
                sub_depth, sub_count = self._measure(selection.selection_set, depth + 1, seen)
                deepest, count = max(deepest, sub_depth), count + 1 + sub_count
            elif isinstance(selection, ast.InlineFragment):
                sub_depth, sub_count = self._measure(selection.selection_set, depth, seen)
                deepest, count = max(deepest, sub_depth), count + sub_count
            elif isinstance(selection, ast.FragmentSpread):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # reported by the standard rules (unknown or cyclic fragment)
                sub_depth, sub_count = self._measure(fragment.selection_set, depth, seen | {name})
                deepest, count = max(deepest, sub_depth), count + sub_count
        return deepest, count


def page_size_problem(field_name: str, args: dict) -> str | None:
    for argument in ("first", "last"):
        value = args.get(argument)
        if value is not None and not 0 <= value <= MAX_PAGE:
            return (
                f"`{argument}: {value}` on `{field_name}` is out of range; "
                f"ask for 0 to {MAX_PAGE} items and page with `after`."
            )
    return None
