"""A time and size budget for rendering operators' templates.

Django's template language has no limits of its own: `{% lorem 300000 w %}` writes megabytes,
`|stringformat:"80000000s"` builds 80 MB that `|length` then hides, `{% with %}` and `|add`
double a text at each step, and loops nested over a long text run for hours. Operators'
templates therefore render in our own language (engine/template_language.py,
engine/template_engine.py), in which every tag and filter is charged to the render's Budget,
the one in force in this thread while a message renders. The budget stops the render past its
deadline, past its size of output, or past its size of values built on the way (by filters
and by methods a lookup calls), with TemplateBudgetExceeded.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

# The largest value one filter may take or make: a customer's name, an address, an order's
# lines are far below it, and a filter that multiplies its input (escaping, percent-encoding:
# at most about 12 times) then builds at most a few megabytes at once.
MAX_VALUE_CHARS = 100_000


class TemplateBudgetExceeded(Exception):
    """The render went past its time or size budget, or asked for more than a tag allows."""


def value_size(value: object) -> int:
    """What a value holds: the characters of a text; a list's or a dict's items and what they
    hold (so that a list of long texts is as big as its texts); 0 for a number or a date."""
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if isinstance(value, dict):
        return len(value) + sum(value_size(k) + value_size(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) + sum(map(value_size, value))
    return 0


@dataclass
class Budget:
    """Counted in the rendering thread's CPU time, not wall time: a busy machine (other workers,
    a load spike) must not push an ordinary mail past its budget and skip it."""

    seconds: float
    max_chars: int
    spent: int = 0
    built: int = 0
    deadline: float = field(init=False)

    def __post_init__(self):
        self.deadline = time.thread_time() + self.seconds

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise TemplateBudgetExceeded(f"takes longer than {self.seconds:g} s to render")

    def spend(self, chars: int) -> None:
        """Output written."""
        self.spent += max(0, chars)
        if self.spent > self.max_chars:
            raise TemplateBudgetExceeded(f"renders more than {self.max_chars} characters")
        self.tick()

    def build(self, value: object) -> None:
        """A value made on the way (a filter's result, a method a lookup called): the values a
        message makes count together, whether or not they reach its output."""
        self.built += value_size(value)
        if self.built > self.max_chars:
            raise TemplateBudgetExceeded(
                f"builds more than {self.max_chars} characters in filters and lookups"
            )
        self.tick()


_IN_FORCE: ContextVar[Budget | None] = ContextVar("template_budget", default=None)


def current_budget() -> Budget | None:
    """The budget of the render running here; None for the package's own templates."""
    return _IN_FORCE.get()


@contextmanager
def budget_in_force(budget: Budget) -> Iterator[Budget]:
    token = _IN_FORCE.set(budget)
    try:
        yield budget
    finally:
        _IN_FORCE.reset(token)
