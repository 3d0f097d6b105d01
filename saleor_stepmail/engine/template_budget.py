"""A time and size budget for rendering operators' templates.

Django's template language has no limits of its own: `{% lorem 300000 w %}` writes megabytes,
`|ljust:"1000000000"` a gigabyte, and loops nested over a long text run for hours. Our engines
(engine/render.py) load this library after Django's built-ins, so its `for`, `lorem` and padding
filters replace Django's in our templates only. Each loop iteration, and each loop body's
output, is charged to the render's Budget (set on the Context), which stops the render past its
deadline or its size with TemplateBudgetExceeded.
"""

import time
from dataclasses import dataclass, field

from django import template
from django.template import Node, NodeList, defaultfilters, defaulttags

register = template.Library()

MAX_LOREM = {"w": 1000, "p": 20, "b": 20}
MAX_PAD_WIDTH = 1000


class TemplateBudgetExceeded(Exception):
    """The render went past its time or size budget, or asked for more than a tag allows."""


@dataclass
class Budget:
    """Counted in the rendering thread's CPU time, not wall time: a busy machine (other workers,
    a load spike) must not push an ordinary mail past its budget and skip it."""

    seconds: float
    max_chars: int
    spent: int = 0
    deadline: float = field(init=False)

    def __post_init__(self):
        self.deadline = time.thread_time() + self.seconds

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise TemplateBudgetExceeded(f"takes longer than {self.seconds:g} s to render")

    def spend(self, chars: int) -> None:
        self.spent += max(0, chars)
        if self.spent > self.max_chars:
            raise TemplateBudgetExceeded(f"renders more than {self.max_chars} characters")
        self.tick()


def context_budget(context) -> Budget | None:
    """The render's budget; None for the package's own templates, which need none."""
    return getattr(context, "budget", None)


class _ChargedSequence:
    """A loop's values, charging the budget's clock for every item."""

    def __init__(self, values, budget: Budget):
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
        budget = context_budget(context)
        if budget is None or values is None:
            return values
        if not hasattr(values, "__len__"):
            values = list(values)
        return _ChargedSequence(values, budget)


class _ChargedBody(Node):
    """A loop's body: its output, less what loops inside it already charged, is charged."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist

    def render(self, context):
        budget = context_budget(context)
        if budget is None:
            return self.nodelist.render(context)
        before = budget.spent
        output = self.nodelist.render(context)
        budget.spend(len(output) - (budget.spent - before))
        return output


@register.tag("for")
def do_for(parser, token):
    node = defaulttags.do_for(parser, token)
    node.sequence = _ChargedExpression(node.sequence)
    body = _ChargedBody(node.nodelist_loop)
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


@register.tag("lorem")
def do_lorem(parser, token):
    node = defaulttags.lorem(parser, token)
    return _BoundedLoremNode(node.count, node.method, node.common)


def _bounded_padding(name: str):
    pad = getattr(defaultfilters, name)

    def bounded(value, arg):
        try:
            width = int(arg)
        except (ValueError, TypeError):
            width = 0
        if width > MAX_PAD_WIDTH:
            raise TemplateBudgetExceeded(f"{name} may pad to at most {MAX_PAD_WIDTH} characters")
        return pad(value, arg)

    register.filter(name, bounded, is_safe=True)


for _name in ("ljust", "rjust", "center"):
    _bounded_padding(_name)
