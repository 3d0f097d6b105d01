"""A/B variant writes: each variant replaces the step's texts it fills, drawn by weight."""

from typing import Any

from ..models import Step, Variant
from .errors import ErrorCode, Problem, raise_if, refused_as
from .validation import model_problems, template_problems

VARIANT_FIELDS = ("name", "weight", "subject_template", "html_template", "text_template")


def variant_create(*, step: Step, data: dict[str, Any]) -> Variant:
    problems = [] if data.get("name") else [Problem("name", "name is required", ErrorCode.REQUIRED)]
    return _variant_save(Variant(step=step), data, problems)


def variant_update(*, variant: Variant, data: dict[str, Any]) -> Variant:
    return _variant_save(variant, data, [])


def _variant_save(variant: Variant, data: dict[str, Any], problems: list[Problem]) -> Variant:
    for field in VARIANT_FIELDS:
        if data.get(field) is not None:
            setattr(variant, field, data[field])
    if variant.weight is not None and variant.weight < 1:
        problems.append(Problem("weight", f"weight must be 1 or more, not {variant.weight}"))
    problems += template_problems(variant)
    checked = {p.field for p in problems}
    problems += [p for p in model_problems(variant, exclude=("step",)) if p.field not in checked]
    taken = Problem("name", f"the step already has a variant {variant.name!r}", ErrorCode.UNIQUE)
    if variant.step.variants.filter(name=variant.name).exclude(pk=variant.pk).exists():
        problems.append(taken)
    raise_if(problems)
    with refused_as(taken):
        variant.save()
    return variant


def variant_delete(*, variant: Variant) -> None:
    """Delete a variant; its deliveries not sent yet fall back to the step's texts."""
    # A promoted winner is unset by the foreign key (SET NULL): the draw resumes.
    variant.delete()
