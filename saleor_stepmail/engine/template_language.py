"""The tags and filters of operators' templates: Django's, each one bounded.

Our engines (engine/template_engine.py) load this library and no other, not even Django's
built-ins, so a template can use what is registered here and nothing else:

- every Django tag except those that reach outside the message: `load` (other libraries),
  `url` and `querystring` (the host's URLs and request), `csrf_token`, and `debug` (which
  prints the whole context and the server's modules). `for` charges each iteration to the
  budget's clock and each body's output to its size (ChargedNodes); `lorem` writes at most
  MAX_LOREM;
- every Django filter, charged: its value and arguments may hold at most MAX_VALUE_CHARS
  characters (or items), its result too, and the result counts towards the values the message
  builds (Budget.build). A filter whose argument sets the size of its result is checked before
  it runs: padding and `stringformat` widths, `floatformat` digits, what `join` would make.

Outside a budgeted render (the package's own mail templates) they are Django's, unchanged.
"""

import functools
import re

from django import template
from django.template import Node, NodeList, defaultfilters, defaulttags, loader_tags

from .template_budget import (
    MAX_VALUE_CHARS,
    TemplateBudgetExceeded,
    current_budget,
    value_size,
)

register = template.Library()

MAX_LOREM = {"w": 1000, "p": 20, "b": 20}
MAX_PAD_WIDTH = 1000

# Django's tags kept as they are: none builds a value beyond the filters in its arguments, and
# `now` formats a literal of the template.
# fmt: off
KEPT_TAGS = (
    "autoescape", "comment", "cycle", "filter", "firstof", "if", "ifchanged", "now", "regroup",
    "resetcycle", "spaceless", "templatetag", "verbatim", "widthratio", "with",
)
# fmt: on
TAGS = {
    **{name: defaulttags.register.tags[name] for name in KEPT_TAGS},
    **loader_tags.register.tags,  # block, extends, include: of the package's mail templates
}


class _ChargedSequence:
    """A loop's values, charging the budget's clock for every item."""

    def __init__(self, values, budget):
        self.values, self.budget = values, budget

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self):
        for item in self.values:
            self.budget.tick()
            yield item

    def __reversed__(self):
        return iter(_ChargedSequence(list(reversed(self.values)), self.budget))


class _ChargedExpression:
    """A loop's sequence expression: resolved as Django resolves it, then charged per item."""

    def __init__(self, expression):
        self.expression = expression

    def __str__(self) -> str:
        return str(self.expression)

    def resolve(self, context, ignore_failures=False):
        values = self.expression.resolve(context, ignore_failures=ignore_failures)
        budget = current_budget()
        if budget is None or values is None:
            return values
        if not hasattr(values, "__len__"):
            values = list(values)
        return _ChargedSequence(values, budget)


class ChargedNodes(Node):
    """Nodes whose output, less what nodes inside them already charged, is charged as it is
    written: a loop's body at each iteration, and each node of an operator's template (so that
    `{{ text }}` written a thousand times stops at the limit, not after)."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist

    def render(self, context):
        budget = current_budget()
        if budget is None:
            return self.nodelist.render(context)
        before = budget.spent
        output = self.nodelist.render(context)
        budget.spend(len(output) - (budget.spent - before))
        return output


def do_for(parser, token):
    node = defaulttags.do_for(parser, token)
    node.sequence = _ChargedExpression(node.sequence)
    body = ChargedNodes(node.nodelist_loop)
    # What the debug engine's error messages read on every node (the parser sets them on its own).
    body.origin, body.token = parser.origin, token
    node.nodelist_loop = NodeList([body])
    return node


class _BoundedLoremNode(defaulttags.LoremNode):
    def render(self, context):
        try:
            count = int(self.count.resolve(context))
        except (ValueError, TypeError):
            count = 1
        if count > MAX_LOREM[self.method]:
            raise TemplateBudgetExceeded(
                f"lorem may write at most {MAX_LOREM['w']} words or {MAX_LOREM['p']} paragraphs"
            )
        return super().render(context)


def do_lorem(parser, token):
    node = defaulttags.lorem(parser, token)
    return _BoundedLoremNode(node.count, node.method, node.common)


for _name, _tag in {**TAGS, "for": do_for, "lorem": do_lorem}.items():
    register.tag(_name, _tag)


# Checks before a filter runs, for filters whose argument sets the size of their result.


def _number(arg) -> int:
    try:
        return abs(int(arg))
    except (ValueError, TypeError):
        return 0


def _padding(name: str):
    def check(value, arg) -> None:
        if _number(arg) > MAX_PAD_WIDTH:
            raise TemplateBudgetExceeded(f"{name} may pad to at most {MAX_PAD_WIDTH} characters")

    return check


def _format_widths(value, arg) -> None:
    """`stringformat:"80000000s"`, `".9999f"`: every width and precision is bounded."""
    widths = re.findall(r"[1-9]\d*", str(arg))
    if any(len(digits) > 4 or int(digits) > MAX_PAD_WIDTH for digits in widths):
        raise TemplateBudgetExceeded(
            f"stringformat may use widths and precisions of at most {MAX_PAD_WIDTH}"
        )


def _float_digits(value, arg=-1) -> None:
    if _number(re.sub(r"[gu]+$", "", str(arg))) > MAX_PAD_WIDTH:
        raise TemplateBudgetExceeded(f"floatformat may show at most {MAX_PAD_WIDTH} decimals")


def _joined_size(value, arg) -> None:
    count = len(value) if hasattr(value, "__len__") else 0
    if value_size(value) + len(str(arg)) * max(0, count - 1) > MAX_VALUE_CHARS:
        raise TemplateBudgetExceeded(f"join may make at most {MAX_VALUE_CHARS} characters")


CHECKS = {
    "ljust": _padding("ljust"),
    "rjust": _padding("rjust"),
    "center": _padding("center"),
    "stringformat": _format_widths,
    "floatformat": _float_digits,
    "join": _joined_size,
}


def _too_big(name: str) -> TemplateBudgetExceeded:
    return TemplateBudgetExceeded(
        f"{name} takes and makes values of at most {MAX_VALUE_CHARS} characters"
    )


def _charged(name: str, run):
    """Django's filter `run`, its inputs bounded and its result charged to the budget."""
    check = CHECKS.get(name)

    # wraps: Django reads the filter's arguments and flags (is_safe, needs_autoescape...) on it.
    @functools.wraps(run)
    def charged(value, *args, **flags):
        budget = current_budget()
        if budget is None:
            return run(value, *args, **flags)
        if any(value_size(given) > MAX_VALUE_CHARS for given in (value, *args)):
            raise _too_big(name)
        if check is not None:
            check(value, *args)
        result = run(value, *args, **flags)
        if value_size(result) > MAX_VALUE_CHARS:
            raise _too_big(name)
        budget.build(result)
        return result

    return charged


for _name, _filter in defaultfilters.register.filters.items():
    register.filter(_name, _charged(_name, _filter))
