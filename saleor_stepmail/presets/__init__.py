"""Built-in scenarios an operator creates in one call, with mails a shop can send as they are.

A preset is data: steps with a delay and texts in Japanese and English. Creating one copies the
texts into ordinary Step rows, which the operator then edits like any other.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from ..engine.channels import CHANNELS
from ..models import Scenario, Step
from ..vocabulary import ChannelKind, Goal, ReentryPolicy, ScenarioStatus, Trigger
from . import (
    abandoned_checkout,
    after_follow,
    cross_sell,
    lead_nurture,
    line_friend,
    reorder_reminder,
    second_purchase,
    unpaid_reminder,
    win_back,
)

LANGUAGES = ("ja", "en")


@dataclass(frozen=True, kw_only=True)
class PresetStep:
    name: str
    subject: dict[str, str]
    # Paragraphs of Django template text; the shared layout adds order or cart lines, the cart
    # link and the footer.
    body: dict[str, str]
    delay_days: int = 0
    delay_hours: int = 0
    # Step.voucher: a per-customer voucher shown in the mail; empty: none.
    voucher: dict = field(default_factory=dict)
    # Step.delay_fact: take the delay from a context fact (days), offset by these days.
    delay_fact: str = ""
    delay_fact_offset_days: int = 0
    # A channel without an HTML body (Channel.html_body: LINE) sends the body as its text,
    # without the mail layout.
    channel: ChannelKind = ChannelKind.EMAIL

    @property
    def delay(self) -> tuple[int, int]:
        """(days, hours): hours past a day carry over, as Step keeps hours under 24."""
        return divmod(self.delay_days * 24 + self.delay_hours, 24)


@dataclass(frozen=True)
class Preset:
    slug: str
    name: dict[str, str]
    trigger: Trigger
    goals: tuple[Goal, ...]
    reentry: ReentryPolicy
    steps: tuple[PresetStep, ...]
    # Win-back: Scenario.dormant_days.
    dormant_days: int | None = None


PRESETS: dict[str, Preset] = {
    preset.slug: preset
    for preset in (
        Preset(steps=tuple(PresetStep(**s) for s in module.STEPS), **module.SCENARIO)
        for module in (
            second_purchase,
            after_follow,
            cross_sell,
            unpaid_reminder,
            lead_nurture,
            abandoned_checkout,
            reorder_reminder,
            line_friend,
            win_back,
        )
    )
}


# A link written in a preset's text ({{ shop.storefront_url }}, {{ product.url }}): in the HTML
# part it becomes an <a>, which click tracking then rewrites.
_URL_VARIABLE = re.compile(r"\{\{ ([\w.]*url) \}\}")


def _html(body: str) -> str:
    body = _URL_VARIABLE.sub(r'<a href="{{ \1 }}">{{ \1 }}</a>', body)
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


def _bodies(step: PresetStep, language: str) -> dict[str, str]:
    body = step.body[language]
    if not CHANNELS[step.channel].html_body:
        return {"html_template": "", "text_template": body.strip()}
    return {"html_template": _html(body), "text_template": _text(body)}


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
            dormant_days=spec.dormant_days,
        )
        Step.objects.bulk_create(
            Step(
                scenario=scenario,
                position=position,
                name=step.name,
                delay_days=step.delay[0],
                delay_hours=step.delay[1],
                voucher=step.voucher,
                delay_fact=step.delay_fact,
                delay_fact_offset_days=step.delay_fact_offset_days,
                channel=step.channel,
                subject_template=step.subject[language],
                **_bodies(step, language),
                translations={
                    other: {
                        "subject": step.subject[other],
                        "html": bodies["html_template"],
                        "text": bodies["text_template"],
                    }
                    for other in LANGUAGES
                    if other != language
                    for bodies in [_bodies(step, other)]
                },
            )
            for position, step in enumerate(spec.steps)
        )
    return scenario
