"""Operators' templates render within a time and size budget: at save, and at send."""

import pytest

from saleor_stepmail.engine import render
from saleor_stepmail.engine.dispatch import dispatch_due
from saleor_stepmail.engine.enrollment import record_event
from saleor_stepmail.engine.render import template_problem
from saleor_stepmail.models import Delivery

from ..factories import make_scenario, order_created

pytestmark = pytest.mark.django_db

THOUSAND = "x" * 1000
NESTED_LOOPS = (
    f'{{% for a in "{THOUSAND}" %}}{{% for b in "{THOUSAND}" %}}{{% for c in "{THOUSAND}" %}}'
    "{{ c }}{% endfor %}{% endfor %}{% endfor %}"
)
WIDE_LOOP = (
    f'{{% for a in "{THOUSAND}" %}}{{% for b in "{THOUSAND}" %}}'
    "0123456789{% endfor %}{% endfor %}"
)


@pytest.fixture
def short_budget(monkeypatch):
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.05)


def _step_mail_with(html: str, clock) -> Delivery:
    scenario = make_scenario(delays=(0,))
    scenario.steps.update(html_template=html)
    record_event(order_created(clock.now))
    dispatch_due(now=clock.advance(minutes=1))
    return Delivery.objects.get()


def test_a_huge_lorem_is_skipped_at_send_with_the_limit_named(clock, outbox):
    delivery = _step_mail_with("{% lorem 300000 w %}", clock)

    assert delivery.state == "skipped"
    assert delivery.reason == "html template: lorem may write at most 1000 words or 20 paragraphs"
    assert outbox == []


def test_nested_loops_are_stopped_at_the_time_budget(clock, outbox, short_budget):
    delivery = _step_mail_with(NESTED_LOOPS, clock)

    assert delivery.state == "skipped"
    assert delivery.reason == "html template: takes longer than 0.05 s to render"


def test_output_beyond_the_size_budget_is_stopped_while_rendering(clock, outbox, monkeypatch):
    monkeypatch.setattr(render, "MAX_RENDERED_CHARS", 100_000)

    delivery = _step_mail_with(WIDE_LOOP, clock)

    assert delivery.state == "skipped"
    assert delivery.reason == "html template: renders more than 100000 characters"


def test_a_padding_filter_may_not_build_a_huge_string(clock, outbox):
    delivery = _step_mail_with('{{ customer.email|ljust:"1000000000" }}', clock)

    assert delivery.state == "skipped"
    assert delivery.reason == "html template: ljust may pad to at most 1000 characters"


def test_an_ordinary_loop_over_order_lines_still_renders(no_public_url, clock, outbox):
    delivery = _step_mail_with(
        "{% for c in customer.first_name %}{{ forloop.counter }}{{ c }}{% endfor %}", clock
    )

    assert delivery.state == "sent"
    assert outbox[0].alternatives[0][0] == "1H2a3n4a"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{% lorem 300000 w %}",
            "html template: lorem may write at most 1000 words or 20 paragraphs",
        ),
        (NESTED_LOOPS, "html template: takes longer than 0.05 s to render"),
    ],
    ids=["lorem", "nested-loops"],
)
def test_a_template_over_budget_is_refused_when_saved(short_budget, source, message):
    assert template_problem("html", source) == message
