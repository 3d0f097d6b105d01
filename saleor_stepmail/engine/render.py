"""Rendering a delivery's subject, HTML and text from Django templates stored on the step."""

from dataclasses import dataclass
from functools import lru_cache

from django.template import Context, Template, TemplateSyntaxError

from ..models import Delivery
from .template_budget import Budget, TemplateBudgetExceeded, budget_in_force
from .template_engine import StepEngine

# The debug engine keeps line numbers for error messages; the sending engine is the fast one.
# Both speak the bounded language of template_language.py; only a render with a budget pays.
_ENGINE = StepEngine()
_DEBUG_ENGINE = StepEngine(debug=True)

# A message's budget, its parts together: a mail takes milliseconds and a few kilobytes.
RENDER_SECONDS = 1.0
MAX_RENDERED_CHARS = 1_000_000


class TemplateProblem(ValueError):
    """A template that cannot be compiled or rendered; the message names the part and line."""


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str
    text: str


@lru_cache(maxsize=2048)
def _compiled(source: str) -> Template:
    return _ENGINE.from_string(source)


def text_render(template_name: str, context: dict) -> str:
    """One of the package's own plain-text mail templates (nothing HTML-escaped)."""
    return _ENGINE.get_template(template_name).render(Context(context, autoescape=False))


def template_problem(part: str, source: str) -> str | None:
    """Why `source` does not compile, with its line number, or goes past the render budget
    without any data (a lorem, loops over long texts); None when neither."""
    try:
        template = _DEBUG_ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        line = getattr(exc, "template_debug", {}).get("line")
        at = f" (line {line})" if line else ""
        return f"{part} template{at}: {exc}"
    except RecursionError:  # Django's parser reads nested tags by recursion
        return f"{part} template: tags nested too deeply"
    try:
        _budgeted_render(template, {}, autoescape=True, budget=_budget())
    except TemplateBudgetExceeded as exc:
        return f"{part} template: {exc}"
    except Exception:
        # Without a customer's data a filter may fail; with it, at send time, it may not.
        return None
    return None


def _budget() -> Budget:
    return Budget(seconds=RENDER_SECONDS, max_chars=MAX_RENDERED_CHARS)


def _budgeted_render(template: Template, context: dict, *, autoescape: bool, budget: Budget) -> str:
    with budget_in_force(budget):
        return template.render(Context(context, autoescape=autoescape))


TRANSLATED_PARTS = ("subject", "html", "text")


def translation_language(delivery: Delivery, context: dict) -> str:
    """The customer's language (Saleor's language_code, "en-us" read as "en") when the step
    has its texts in it; "" when the mail goes in the scenario's language."""
    code = str((context.get("customer") or {}).get("language_code") or "").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate and candidate in (delivery.step.translations or {}):
            return candidate
    return ""


def message_sources(delivery: Delivery, language: str = "") -> dict[str, str]:
    """The step's texts in `language` when it has them; else the variant's texts where it has
    them, else the step's."""
    step, variant = delivery.step, delivery.variant
    translated = (step.translations or {}).get(language) if language else None
    if isinstance(translated, dict):
        return {part: str(translated.get(part) or "") for part in TRANSLATED_PARTS}
    return {
        "subject": (variant and variant.subject_template) or step.subject_template,
        "html": (variant and variant.html_template) or step.html_template,
        "text": (variant and variant.text_template) or step.text_template,
    }


def render_message(delivery: Delivery, context: dict) -> RenderedMessage:
    rendered = {}
    budget = _budget()
    language = translation_language(delivery, context)
    if language:
        context = {**context, "language": language}
    for part, source in message_sources(delivery, language).items():
        try:
            template = _compiled(source)
            # Subjects and plain text are not HTML: escaping would show "&amp;" to the reader.
            output = _budgeted_render(template, context, autoescape=part == "html", budget=budget)
            # What no loop charged (a long variable): the message's parts count together.
            budget.spend(len(output) - budget.spent + sum(map(len, rendered.values())))
            rendered[part] = output
        except TemplateBudgetExceeded as exc:
            raise TemplateProblem(f"{part} template: {exc}") from None
        except TemplateSyntaxError:
            raise TemplateProblem(template_problem(part, source) or f"{part} template") from None
        except Exception as exc:  # a filter or tag failing on this customer's data
            raise TemplateProblem(f"{part} template failed to render: {exc!r}") from exc
    if not rendered["subject"].strip():
        raise TemplateProblem("subject is empty after rendering")
    if not rendered["text"].strip() and not rendered["html"].strip():
        raise TemplateProblem("both the HTML and the text body are empty after rendering")
    return RenderedMessage(
        subject=" ".join(rendered["subject"].split()), html=rendered["html"], text=rendered["text"]
    )
