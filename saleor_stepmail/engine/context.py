"""Everything a delivery's message sees, built in one place for the dispatcher and the preview.

A message's context is what its enrolment recorded, the shop's template facts, fresh customer
facts (Integration.customer_facts), the engine's own history (previous_step.*), the LINE user
the enrolment reaches, and every derived fact of the catalogue (order.product_ids...) put in
its place. The facts that take queries are loaded for a whole set of deliveries at once
(message_facts: a chunk, or the one delivery a preview shows), the same way for both, so a
preview shows what the mail shows; conditions read the same dict, so a condition and a template
see the same value.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..models import Delivery
from .catalogue import CATALOGUE, ENGINE_NAMESPACE
from .channels import CHANNELS
from .facts import facts_merged, previous_step_facts
from .integration import Integration
from .line import line_facts_added, line_recipients
from .links import unsubscribe_url

# Channels whose payload reads the LINE user from the context: LINE pushes to it, a webhook
# passes on customer.line_user_id.
# A text naming a LINE fact of the catalogue (line_user_id, customer.line_user_id, line.*); not
# `line.product_name`, the loop variable over an order's lines.
_LINE_FACT = re.compile(r"\bline(_user_id\b|\.(user_id|display_name|blocked)\b)")
_DERIVED = tuple(fact for fact in CATALOGUE if fact.derive is not None)


@dataclass(frozen=True)
class MessageFacts:
    """The facts that take queries, loaded once for a set of deliveries."""

    # Per enrolment id: the shop's fresh customer facts (Integration.customer_facts).
    shop: dict[int | None, dict] = field(default_factory=dict)
    # Per delivery id: previous_step.*, for deliveries whose step reads it.
    history: dict[int | None, dict] = field(default_factory=dict)
    # Per enrolment id: its LINE user (engine/line.py), where a delivery needs one.
    line: dict[int | None, dict] = field(default_factory=dict)


def _texts(delivery: Delivery) -> list[str]:
    """Every text the step may render: its own, its variant's, its translations'."""
    step, variant = delivery.step, delivery.variant
    texts = [step.subject_template, step.html_template, step.text_template]
    if variant is not None:
        texts += [variant.subject_template, variant.html_template, variant.text_template]
    for parts in (step.translations or {}).values():
        texts += [str(text) for text in parts.values()] if isinstance(parts, dict) else []
    return texts


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[bool, bool]:
    """Whether a text names previous_step.*, and whether it names a LINE fact."""
    return ENGINE_NAMESPACE in text, bool(_LINE_FACT.search(text))


def _reads(delivery: Delivery) -> tuple[bool, bool]:
    """Whether the delivery's step reads previous_step.*, and whether it needs the LINE user
    (its channel reaches it, the enrolment is a LINE user's, or a text or condition names it)."""
    step = delivery.step
    named = [_names(text) for text in [*_texts(delivery), str(step.conditions)]]
    history = any(history for history, _ in named)
    line = (
        CHANNELS[step.channel].needs_line_recipients
        or bool(delivery.enrollment.line_user_id)
        or any(line for _, line in named)
    )
    return history, line


def message_facts(deliveries: Sequence[Delivery], *, integration: Integration) -> MessageFacts:
    """The facts of these deliveries' messages that take queries, a fixed number for them all:
    the shop's customer facts, previous_step.* (only when a step reads it) and the LINE users
    (only when a delivery needs one)."""
    if not deliveries:
        return MessageFacts()
    enrollments = list({d.enrollment_id: d.enrollment for d in deliveries}.values())
    reads = [(d, *_reads(d)) for d in deliveries]
    needing_line = {d.enrollment_id: d.enrollment for d, _, line in reads if line}
    return MessageFacts(
        shop=integration.customer_facts(enrollments),
        history=previous_step_facts([d for d, history, _ in reads if history]),
        line=line_recipients(needing_line.values()) if needing_line else {},
    )


def facts_derived(context: dict) -> dict:
    """`context` with each derived fact of the catalogue (order.product_ids...) in its place,
    computed from what the context holds. A namespace the context lacks (no order) stays out,
    as does a fact without a value."""
    derived = dict(context)
    for fact in _DERIVED:
        namespace, key = fact.name.split(".")
        value = fact.derive(context)
        if isinstance(derived.get(namespace), dict) and value is not None:
            derived[namespace] = {**derived[namespace], key: value}
    return derived


def message_context(delivery: Delivery, facts: MessageFacts, *, integration: Integration) -> dict:
    """Everything the delivery's message, its conditions and its channel read; `facts` are
    message_facts of a set of deliveries that holds this one."""
    enrollment = delivery.enrollment
    context = {**enrollment.context, **integration.template_context(enrollment)}
    context["customer"] = {"email": enrollment.email, **context.get("customer", {})}
    context["scenario"] = {"slug": enrollment.scenario.slug, "name": enrollment.scenario.name}
    context["language"] = enrollment.scenario.language
    context["step"] = {"position": delivery.step.position, "name": delivery.step.name}
    context["channel"] = enrollment.channel_slug
    context["unsubscribe_url"] = unsubscribe_url(delivery)
    # Issued when a template first shows it (Django calls callables), so a step skipped by
    # its conditions, or a mail that does not show a code, spends none.
    context["voucher"] = cache(lambda: integration.voucher_for(delivery) or {})
    context = facts_merged(context, facts.shop.get(enrollment.pk, {}))
    context = facts_merged(context, facts.history.get(delivery.pk, {}))
    line_facts_added(context, facts.line.get(enrollment.pk))
    return facts_derived(context)


def delivery_context(delivery: Delivery, *, integration: Integration) -> dict:
    """The context of one delivery's message (a preview), loaded as a chunk loads it."""
    facts = message_facts([delivery], integration=integration)
    return message_context(delivery, facts, integration=integration)
