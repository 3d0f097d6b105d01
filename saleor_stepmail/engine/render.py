"""Rendering a delivery's subject, HTML and text from Django templates stored on the step."""

from dataclasses import dataclass
from functools import lru_cache

from django.template import Context, Engine, Template, TemplateSyntaxError

from ..models import Delivery

# Our own engines, not the host's TEMPLATES: a shop's settings must not change how mail renders.
# The debug engine keeps line numbers for error messages; the sending engine is the fast one.
_ENGINE = Engine(app_dirs=True, autoescape=True)
_DEBUG_ENGINE = Engine(app_dirs=True, autoescape=True, debug=True)


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
    """Why `source` does not compile, with its line number; None when it does."""
    try:
        _DEBUG_ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        line = getattr(exc, "template_debug", {}).get("line")
        at = f" (line {line})" if line else ""
        return f"{part} template{at}: {exc}"
    return None


def message_sources(delivery: Delivery) -> dict[str, str]:
    """The variant's texts where it has them, else the step's."""
    step, variant = delivery.step, delivery.variant
    return {
        "subject": (variant and variant.subject_template) or step.subject_template,
        "html": (variant and variant.html_template) or step.html_template,
        "text": (variant and variant.text_template) or step.text_template,
    }


def render_message(delivery: Delivery, context: dict) -> RenderedMessage:
    rendered = {}
    for part, source in message_sources(delivery).items():
        try:
            template = _compiled(source)
            # Subjects and plain text are not HTML: escaping would show "&amp;" to the reader.
            rendered[part] = template.render(Context(context, autoescape=part == "html"))
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
