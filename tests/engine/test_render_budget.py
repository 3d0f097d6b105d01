"""Operators' templates render within a time and size budget: at save, and at send."""

import tracemalloc

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


def _doubled(seed: str, times: int) -> str:
    """`{% with %}` and `|add` doubling a value `times` times, showing only its length."""
    steps = "".join(f"{{% with v{i + 1}=v{i}|add:v{i} %}}" for i in range(times))
    return f"{{% with v0={seed} %}}{steps}{{{{ v{times}|length }}}}" + "{% endwith %}" * (times + 1)


HEX_TWENTY_TIMES = '{% with s="' + "x" * 16 + '" %}{{ s' + ".encode.hex" * 20 + "|length }}"
JOIN = '{% with c="' + "x" * 100 + '"|make_list %}{{ c|join:"' + "y" * 5000 + '"|length }}'
VALUES_BUILT_ON_THE_WAY = [
    (_doubled('"' + "x" * 64 + '"', 20), "add takes and makes values of at most 100000 characters"),
    (
        '{{ "x"|stringformat:"80000000s"|length }}',
        "stringformat may use widths and precisions of at most 1000",
    ),
    ('{{ 1|floatformat:"900000"|length }}', "floatformat may show at most 1000 decimals"),
    (
        HEX_TWENTY_TIMES + "{% endwith %}",
        "builds more than 1000000 characters in filters and lookups",
    ),
    (JOIN + "{% endwith %}", "join may make at most 100000 characters"),
]


@pytest.mark.parametrize(
    ("source", "message"),
    VALUES_BUILT_ON_THE_WAY,
    ids=["with-add-doubling", "stringformat-width", "floatformat-digits", "method-lookups", "join"],
)
def test_a_template_building_huge_values_it_does_not_show_is_refused_at_save_in_little_memory(
    source, message
):
    tracemalloc.start()
    try:
        problem = template_problem("html", source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert problem == f"html template: {message}"
    assert peak < 8 * 2**20


def test_a_customers_name_doubled_through_with_and_add_is_skipped_at_send(clock, outbox):
    source = _doubled("customer.first_name", 20)
    assert template_problem("html", source) is None  # no name at save: nothing to double

    delivery = _step_mail_with(source, clock)

    assert delivery.state == "skipped"
    assert (
        delivery.reason == "html template: add takes and makes values of at most 100000 characters"
    )
    assert outbox == []


@pytest.mark.parametrize(
    "tag", ["{% debug %}", "{% load static %}", "{% url 'admin:index' %}", "{% csrf_token %}"]
)
def test_tags_that_reach_outside_the_message_are_refused_when_saved(tag):
    name = tag.split()[1]

    assert template_problem("html", f"<p>{tag}</p>") == (
        f"html template (line 1): Invalid block tag on line 1: '{name}'. "
        "Did you forget to register or load this tag?"
    )


def test_filters_and_lookups_of_an_ordinary_mail_still_render(clock, outbox):
    delivery = _step_mail_with(
        "{{ customer.first_name|upper|ljust:'6' }}|{{ customer.first_name.lower }}|"
        "{{ order.number|stringformat:'10s' }}|{{ 3.14159|floatformat:2 }}|"
        "{{ customer.first_name|make_list|join:'-' }}|{{ customer.first_name.0 }}|"
        "{{ customer.first_name.zfill }}|"
        "{% for key, value in order.items %}{% if key == 'number' %}{{ value }}{% endif %}"
        "{% endfor %}",
        clock,
    )

    assert delivery.state == "sent"
    assert outbox[0].alternatives[0][0] == ("HANA  |hana|   order-1|3.14|H-a-n-a|H||order-1")


SIXTY_FOUR_THOUSAND = _doubled('"' + "x" * 1000 + '"', 6).replace(
    "{{ v6|length }}", "{{ v6 }}" * 2000
)


@pytest.mark.parametrize(
    "source",
    [SIXTY_FOUR_THOUSAND, "{% lorem 1000 w %}" * 3000],
    ids=["a-long-value-2000-times", "lorem-3000-times"],
)
def test_a_template_writing_a_long_text_thousands_of_times_is_refused_at_save_in_little_memory(
    source,
):
    tracemalloc.start()
    try:
        problem = template_problem("html", source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert problem == "html template: renders more than 1000000 characters"
    assert peak < 8 * 2**20


def test_tags_nested_thousands_deep_are_refused_when_saved():
    source = "{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000

    assert template_problem("html", source) == "html template: tags nested too deeply"
