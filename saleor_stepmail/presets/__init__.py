"""Built-in scenarios an operator creates in one call, with mails a shop can send as they are.

A preset is data: steps with a delay and texts in Japanese and English. Creating one copies the
texts into ordinary Step rows, which the operator then edits like any other.
"""

from dataclasses import dataclass

from django.db import transaction

from ..engine.vocabulary import Goal, ReentryPolicy, ScenarioStatus, Trigger
from ..models import Scenario, Step
from . import after_follow, cross_sell, lead_nurture, second_purchase, unpaid_reminder

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class PresetStep:
    delay_days: int
    name: str
    subject: dict[str, str]
    # Paragraphs of Django template text; the shared layout adds order lines and the footer.
    body: dict[str, str]


@dataclass(frozen=True)
class Preset:
    slug: str
    name: dict[str, str]
    trigger: Trigger
    goals: tuple[Goal, ...]
    reentry: ReentryPolicy
    steps: tuple[PresetStep, ...]


PRESETS: dict[str, Preset] = {
    preset.slug: preset
    for preset in (
        Preset(steps=tuple(PresetStep(**s) for s in module.STEPS), **module.SCENARIO)
        for module in (second_purchase, after_follow, cross_sell, unpaid_reminder, lead_nurture)
    )
}


def _html(body: str) -> str:
    paragraphs = "\n".join(
        "<p>{}</p>".format(p.strip().replace("\n", "<br>\n")) for p in body.strip().split("\n\n")
    )
    return (
        '{% extends "saleor_stepmail/email/base.html" %}{% block body %}\n'
        f"{paragraphs}\n{{% endblock %}}"
    )


def _text(body: str) -> str:
    return (
        '{% extends "saleor_stepmail/email/base.txt" %}{% block body %}'
        f"{body.strip()}\n{{% endblock %}}"
    )


def scenario_create_from_preset(
    *,
    preset: str,
    language: str = "ja",
    slug: str | None = None,
    channels: list[str] | None = None,
    timezone: str = "Asia/Tokyo",
    activate: bool = False,
) -> Scenario:
    if preset not in PRESETS:
        raise ValueError(f"Unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    spec = PRESETS[preset]
    with transaction.atomic():
        scenario = Scenario.objects.create(
            slug=slug or spec.slug,
            name=spec.name[language],
            trigger=spec.trigger,
            goals=[g.value for g in spec.goals],
            channels=channels or [],
            status=ScenarioStatus.ACTIVE if activate else ScenarioStatus.PAUSED,
            reentry=spec.reentry,
            timezone=timezone,
            language=language,
            preset=preset,
        )
        Step.objects.bulk_create(
            Step(
                scenario=scenario,
                position=position,
                name=step.name,
                delay_days=step.delay_days,
                subject_template=step.subject[language],
                html_template=_html(step.body[language]),
                text_template=_text(step.body[language]),
            )
            for position, step in enumerate(spec.steps)
        )
    return scenario
