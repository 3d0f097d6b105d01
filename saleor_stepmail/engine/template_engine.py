"""The engines that compile and render step templates, in the language of template_language.py.

Our own engines, not the host's TEMPLATES: a shop's settings must not change how mail renders,
and no other library is loaded, Django's built-ins included (`default_builtins` is empty), so an
operator's template can use only the bounded tags and filters. `include` and `extends` reach
the package's own templates only. A variable in an operator's template is looked up as Django
looks it up, except that every method a lookup calls is charged as a value built:
`{{ text.encode.hex.encode.hex }}` doubles the text at each call, as `|add` can. And every node
of an operator's template is charged for its output as it writes it.
"""

import logging
from inspect import signature
from pathlib import Path

from django.template import Engine, Template, Variable, VariableDoesNotExist
from django.template.base import DebugLexer, FilterExpression, Lexer, NodeList, Parser, TextNode
from django.template.context import BaseContext
from django.template.loader_tags import BlockNode, ExtendsNode

from .template_budget import current_budget
from .template_language import ChargedNodes

logger = logging.getLogger("django.template")

LIBRARY = "saleor_stepmail.engine.template_language"
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class _ChargedVariable(Variable):
    __slots__ = ()

    def _resolve_lookup(self, context):
        """Django's lookup (django.template.base.Variable._resolve_lookup): a dict key, else an
        attribute, else a list index; a callable found is called without arguments, unless it
        says not to be or alters data, or needs arguments (then the engine's empty string).
        What a call returns is charged to the budget before the next step."""
        budget = current_budget()
        if budget is None:
            return super()._resolve_lookup(context)
        invalid = context.template.engine.string_if_invalid
        current = context
        try:
            for bit in self.lookups:
                current = _looked_up(current, bit)
                if not callable(current) or getattr(current, "do_not_call_in_templates", False):
                    continue
                if getattr(current, "alters_data", False):
                    current = invalid
                    continue
                try:
                    current = current()
                except TypeError:
                    if _takes_no_arguments(current):
                        raise
                    current = invalid
                budget.build(current)
        except Exception as exc:
            logger.debug("Exception while resolving variable '%s'.", self.var, exc_info=True)
            if getattr(exc, "silent_variable_failure", False):
                return invalid
            raise
        return current


def _looked_up(current, bit: str):
    try:
        if not hasattr(type(current), "__getitem__"):
            raise TypeError
        return current[bit]
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        pass
    try:
        # A context's own attributes (its methods) are not variables.
        if isinstance(current, BaseContext) and getattr(type(current), bit):
            raise AttributeError
        return getattr(current, bit)
    except (TypeError, AttributeError):
        if not isinstance(current, BaseContext) and bit in dir(current):
            raise  # raised inside a property: a bug to see, as Django shows it
    try:
        return current[int(bit)]
    except (IndexError, ValueError, KeyError, TypeError):
        raise VariableDoesNotExist("Failed lookup for key [%s] in %r", (bit, current)) from None


def _takes_no_arguments(method) -> bool:
    try:
        signature(method).bind()
    except (TypeError, ValueError):
        return False
    return True


class _ChargedFilterExpression(FilterExpression):
    """A variable and its filters; every variable in it (the value, an argument) is charged."""

    def __init__(self, token, parser):
        super().__init__(token, parser)
        self.var = _charged(self.var)
        self.filters = [
            (run, [(lookup, _charged(arg) if lookup else arg) for lookup, arg in args])
            for run, args in self.filters
        ]


def _charged(variable):
    if isinstance(variable, Variable) and variable.lookups is not None:
        return _ChargedVariable(variable.var)
    return variable


class _ChargedParser(Parser):
    def compile_filter(self, token):
        return _ChargedFilterExpression(token, self)

    def extend_nodelist(self, nodelist, node, token):
        """Every node but the template's own text is charged for what it writes. Not `extends`
        and `block`, which Django finds by their type: what they write is their nodes'."""
        super().extend_nodelist(nodelist, node, token)
        if not isinstance(node, TextNode | ExtendsNode | BlockNode):
            charged = ChargedNodes(NodeList([node]))
            charged.origin, charged.token = node.origin, node.token
            nodelist[-1] = charged


class OperatorTemplate(Template):
    """An operator's template: compiled by a parser whose variables are charged."""

    def compile_nodelist(self):
        # As Template.compile_nodelist, with our parser.
        lexer = DebugLexer(self.source) if self.engine.debug else Lexer(self.source)
        parser = _ChargedParser(
            lexer.tokenize(),
            self.engine.template_libraries,
            self.engine.template_builtins,
            self.origin,
        )
        try:
            nodelist = parser.parse()
            self.extra_data = parser.extra_data
            return nodelist
        except Exception as exc:
            if self.engine.debug:
                exc.template_debug = self.get_exception_info(exc, exc.token)
            raise


class StepEngine(Engine):
    """Only our library, only the package's templates; `from_string` compiles an operator's."""

    default_builtins = []

    def __init__(self, *, debug: bool = False):
        super().__init__(
            dirs=[str(PACKAGE_TEMPLATES)], autoescape=True, debug=debug, builtins=[LIBRARY]
        )

    def from_string(self, template_code: str) -> Template:
        return OperatorTemplate(template_code, engine=self)
