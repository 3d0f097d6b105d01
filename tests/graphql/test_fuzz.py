"""Arbitrary input at every mutation: a structured error or a success, never a 500, and a
refused mutation leaves every plugin table as it was.

The mutations and their argument types are read from the schema, so a new mutation is fuzzed
without touching this file. Each example runs in a savepoint that is rolled back afterwards;
the request shares the test's connection, so the before/after snapshots see its writes, and
deferred constraints are checked before the rollback (a violation would fail the real commit).
"""

import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from graphene.utils.str_converters import to_camel_case
from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from saleor_stepmail.api.errors import ErrorCode, InputError, Problem
from saleor_stepmail.api.subscriptions import CONFIRM_SALT, TokenClaims, _token, unsubscribe_token
from saleor_stepmail.engine.catalogue import FACTS
from saleor_stepmail.engine.tokens import UNSUBSCRIBE_SALT, delivery_token_create
from saleor_stepmail.graphql.auth import has_permission
from saleor_stepmail.graphql.mutations.scenarios import StepmailScenarioPause
from saleor_stepmail.graphql.schema import Mutation, schema
from saleor_stepmail.models import (
    BackfillJob,
    CallTask,
    Delivery,
    DirectMailRow,
    Enrollment,
    Scenario,
    Subscription,
    Suppression,
)
from saleor_stepmail.presets import PRESETS
from tests.factories import make_scenario

from .conftest import gid
from .integration import CHANNELS, PRINCIPALS

pytestmark = pytest.mark.django_db

MUTATION_TYPE = schema.get_mutation_type()
MUTATIONS = sorted(MUTATION_TYPE.fields)
# The graphene classes behind the fields, for their permissions.
MUTATION_CLASSES = {
    to_camel_case(name): field.type for name, field in Mutation._meta.fields.items()
}
ERROR_CODES = {code.name for code in ErrorCode}
# STEPMAIL_FUZZ_EXAMPLES=500 for a deeper run by hand.
EXAMPLES_PER_MUTATION = int(os.environ.get("STEPMAIL_FUZZ_EXAMPLES", "25"))
TYPE_NAMES = (
    "StepmailScenario",
    "StepmailStep",
    "StepmailVariant",
    "StepmailEnrollment",
    "StepmailDelivery",
    "StepmailCallTask",
    "StepmailBackfillJob",
)


def test_every_mutation_of_the_schema_is_fuzzed():
    assert len(MUTATIONS) >= 20
    assert set(MUTATIONS) == set(MUTATION_CLASSES)
    assert set(MUTATIONS) == {to_camel_case(name) for name in Mutation._meta.fields}


# --- the world the ids point into ----------------------------------------------------------


def _world(now: datetime) -> dict:
    """Two scenarios with steps and variants, an enrolment with deliveries, a call task, direct
    mail rows (one exported), a subscription and a backfill job; returns the values to aim at."""
    main = make_scenario(slug="follow-up", delays=(0, 3, 7), variants=(("a", 1), ("b", 2)))
    newsletter = make_scenario(slug="newsletter", trigger="subscribed", delays=(0,))
    make_scenario(slug="paused", status="paused", delays=(1,))
    steps = list(main.steps.order_by("position"))
    steps[1].channel, steps[2].channel = "call_task", "dm_export"
    for step in steps[1:]:
        step.save(update_fields=["channel"])
    enrollment = Enrollment.objects.create(
        scenario=main,
        email="hana@example.com",
        user_id="40",
        source_order_id="order-1",
        channel_slug="default-channel",
        triggered_at=now,
        context={"customer": {"first_name": "Hana"}, "order": {"number": "order-1"}},
    )
    deliveries = [
        Delivery.objects.create(
            enrollment=enrollment, step=step, due_at=now, available_at=now, state=state
        )
        for step, state in zip(steps, ("sent", "sent", "scheduled"), strict=True)
    ]
    CallTask.objects.create(delivery=deliveries[1], phone="090-0000-0000")
    DirectMailRow.objects.create(delivery=deliveries[2], address={"name": "花子"})
    old = Enrollment.objects.create(
        scenario=newsletter,
        email="ken@example.com",
        triggered_at=now,
        state="completed",
        ended_at=now,
    )
    exported = Delivery.objects.create(
        enrollment=old, step=newsletter.steps.get(), due_at=now, available_at=now, state="sent"
    )
    DirectMailRow.objects.create(
        delivery=exported, address={"name": "Ken"}, batch="batch-1", exported_at=now
    )
    Subscription.objects.create(email="mio@example.com", scenario=newsletter, state="pending")
    BackfillJob.objects.create(scenario=main, since=now - timedelta(days=30))

    rows = {
        "StepmailScenario": Scenario.objects.all(),
        "StepmailStep": main.steps.all().union(newsletter.steps.all()),
        "StepmailVariant": [v for step in steps for v in step.variants.all()],
        "StepmailEnrollment": Enrollment.objects.all(),
        "StepmailDelivery": Delivery.objects.all(),
        "StepmailCallTask": CallTask.objects.all(),
        "StepmailBackfillJob": BackfillJob.objects.all(),
    }
    ids = sorted(gid(type_name, row.pk) for type_name, found in rows.items() for row in found)
    return {
        "ids": ids,
        "ids_by_type": {
            type_name: [gid(type_name, row.pk) for row in found]
            for type_name, found in rows.items()
        },
        "step_ids": [gid("StepmailStep", step.pk) for step in steps],
        "tokens": [
            _token(CONFIRM_SALT, TokenClaims("mio@example.com", newsletter.pk, ""), now),
            _token(CONFIRM_SALT, TokenClaims("new@example.com", None, "jp"), now),
            unsubscribe_token(email="hana@example.com", scenario=main, now=now),
            unsubscribe_token(email="hana@example.com", scenario=None, now=now),
            delivery_token_create(delivery_id=deliveries[0].pk, salt=UNSUBSCRIBE_SALT),
        ],
        "slugs": ["follow-up", "newsletter", "paused"],
        "batches": ["batch-1"],
    }


# --- values for the argument types ---------------------------------------------------------

ODD_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "a\udfffb",
        "x" * 5000,
        "🙂" * 300,
        "顧客様",
        "\u202e\ufeff",
        "null",
        "-1",
        "0",
        "{}",
        "[]",
        "'; DROP TABLE x; --",
        "<script>alert(1)</script>",
    ]
)
TEXT = st.one_of(st.text(max_size=40), ODD_STRINGS)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
INTS = st.one_of(
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=-5, max_value=400),
    st.sampled_from([-(2**31), -1, 0, 23, 24, 59, 60, 61, 100, 365, 366, 2**31 - 1]),
    # Outside GraphQL's 32-bit Int: refused as the request's mistake (400), not a crash.
    st.sampled_from([-(2**31) - 1, 2**31, 2**63]),
)
TEMPLATES = st.sampled_from(
    [
        "Hello",
        "Thanks, {{ customer.first_name|default:'you' }}",
        "<p>{{ order.number }}</p>",
        "{{ customer.first_name }}",
        "{% if %}",
        "{{ x|no_such_filter }}",
        "{% load no_such_library %}",
        "{% include '/etc/passwd' %}",
        "{% extends 'x.html' %}",
        "{{ order.lines.0.product_name|upper }}",
        "{% for x in %}{% endfor %}",
        "{{",
        "{% url 'admin:index' %}",
        "{% debug %}",
        "{% now 'Y' %}" * 200,
    ]
)
DATETIMES = st.one_of(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.none() | st.just(UTC),
    ).map(lambda value: value.isoformat()),
    st.sampled_from(["", "now", "2026-02-30T00:00:00", "2026-11-02", "0001-01-01T00:00:00+14:00"]),
)


# Inputs a create accepts, by input type: the fuzzer also sends these with a field or two
# replaced, so that the writes (and a refusal after some of them) are reached.
ACCEPTED_INPUTS = {
    "StepmailScenarioInput": {
        "slug": "fuzzed",
        "name": "Fuzzed",
        "trigger": "ORDER_PAID",
        "goals": ["PURCHASED_AGAIN"],
        "channels": ["jp"],
        "reentry": "ONCE",
        "timezone": "Asia/Tokyo",
        "language": "JA",
        "holdoutPercent": 10,
    },
    "StepmailStepInput": {
        "name": "Fuzzed",
        "delayDays": 2,
        "subjectTemplate": "Hi {{ customer.first_name }}",
        "textTemplate": "Thanks.",
        "htmlTemplate": "<p>Thanks.</p>",
        "conditions": "[]",
    },
    "StepmailVariantInput": {"name": "c", "weight": 2, "subjectTemplate": "Hello"},
    "StepmailScenarioCreateFromPresetInput": {"preset": sorted(PRESETS)[0], "slug": "fuzzed"},
}


def _conditions():
    condition = st.fixed_dictionaries(
        {
            "fact": st.sampled_from(sorted(FACTS)) | TEXT,
            "op": st.sampled_from(["gte", "lte", "eq", "ne", "in", "contains", "bogus"]),
            "value": JSON_VALUES,
        }
    )
    return st.lists(condition | JSON_VALUES, max_size=3)


def _json_strings():
    structured = st.one_of(
        _conditions(),
        st.fixed_dictionaries(
            {},
            optional={
                "url": st.sampled_from(["https://hooks.example.com/x", "ftp://x", ""]) | TEXT,
                "secret": TEXT,
                "timeout": JSON_VALUES,
            },
        ),
        st.fixed_dictionaries(
            {},
            optional={
                "voucherId": st.sampled_from(["Vm91Y2hlcjox", ""]) | TEXT,
                "validDays": INTS | JSON_VALUES,
            },
        ),
    )
    valid = (structured | JSON_VALUES).map(json.dumps)
    accepted = st.sampled_from(
        ["{}", "[]", '[{"fact": "customer.orders_count", "op": "gte", "value": 3}]']
    )
    return st.one_of(
        accepted,
        accepted,
        valid,
        valid,
        st.sampled_from(["{", "NaN", "[1e999]", "[1,", "\x00", '["\\u0000"]', "null"]),
        TEXT,
    )


# Arguments naming a row of one type; `id` names the mutation's own (stepmailStepCreate: a step).
ID_ARGUMENT_TYPES = {
    "scenario": "StepmailScenario",
    "moveTo": "StepmailScenario",
    "step": "StepmailStep",
    "steps": "StepmailStep",
    "variant": "StepmailVariant",
}


def id_type(mutation: str, argument: str) -> str | None:
    if argument in ID_ARGUMENT_TYPES:
        return ID_ARGUMENT_TYPES[argument]
    own = [name for name in TYPE_NAMES if ("S" + mutation[1:]).startswith(name)]
    return max(own, key=len) if own else None


def _ids(world: dict, type_name: str | None):
    """Existing rows of the expected type (mostly), of any type, made-up ids and junk."""
    expected = world["ids_by_type"].get(type_name) or world["ids"]
    return st.one_of(
        st.sampled_from(expected),
        st.sampled_from(expected),
        st.sampled_from(expected),
        st.sampled_from(world["ids"]),
        st.builds(
            gid,
            st.sampled_from(TYPE_NAMES),
            st.sampled_from(["0", "-1", "99999", "99999999999999999999", "1.5", "abc", ""]),
        ),
        TEXT,
    )


def _strings(name: str, world: dict):
    """A String argument: anything, leaning towards what the argument's name asks for."""
    hints = {
        "email": st.sampled_from(["hana@example.com", "new@example.com", "not-an-address"]),
        "to": st.sampled_from(["qa@example.com", "a@b", "x@example.com, y@example.com"]),
        "channel": st.sampled_from(sorted(CHANNELS) + ["unknown-channel"]),
        "channels": st.sampled_from(sorted(CHANNELS) + ["unknown-channel"]),
        "timezone": st.sampled_from(["Asia/Tokyo", "UTC", "Not/AZone", "../../etc/passwd"]),
        "sendAt": st.sampled_from(["09:30", "23:59", "24:00", "9:5", "09:30:00"]),
        "delayFact": st.sampled_from(sorted(FACTS) + ["order.total"]),
        "preset": st.sampled_from(sorted(PRESETS) + ["no-such-preset"]),
        "slug": st.sampled_from(world["slugs"] + ["new-slug", "Not A Slug"]),
        "scenario": st.sampled_from(world["slugs"]),
        "batch": st.sampled_from(world["batches"]),
        "token": st.sampled_from(world["tokens"]),
        "name": st.sampled_from(["Follow-up", "フォローアップ", "b"]),
        "orderId": st.sampled_from(["order-1", "order-404"]),
        "subjectTemplate": TEMPLATES,
        "htmlTemplate": TEMPLATES,
        "textTemplate": TEMPLATES,
    }
    if name in hints:
        return st.one_of(hints[name], hints[name], hints[name], TEXT)
    return TEXT


def _scalar(type_, name: str, world: dict):
    if type_ is GraphQLString:
        return _strings(name, world)
    if type_ is GraphQLID:
        return _ids(world, id_type(world["mutation"], name))
    if type_ is GraphQLInt:
        return INTS
    if type_ is GraphQLBoolean:
        return st.booleans()
    if type_ is GraphQLFloat:
        return st.floats(allow_nan=False, allow_infinity=False)
    return {
        "DateTime": DATETIMES,
        "JSONString": _json_strings(),
        "Decimal": st.decimals(allow_nan=False, allow_infinity=False).map(str) | TEXT,
    }[type_.name]


def well_typed(type_, name: str, world: dict):
    """Values the type accepts (nullable types include null)."""
    if isinstance(type_, GraphQLNonNull):
        return _non_null(type_.of_type, name, world)
    return st.none() | _non_null(type_, name, world)


def _non_null(type_, name: str, world: dict):
    if isinstance(type_, GraphQLList):
        items = st.lists(well_typed(type_.of_type, name, world), max_size=5)
        if name == "steps":  # a reorder: the real steps in any order, or anything
            return st.permutations(world["step_ids"]) | items
        return items
    if isinstance(type_, GraphQLInputObjectType):
        required, optional, given = {}, {}, {}
        for field_name, field in type_.fields.items():
            strategy = well_typed(field.type, field_name, world)
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            given[field_name] = _non_null(inner, field_name, world)
            if isinstance(field.type, GraphQLNonNull) and field.default_value is None:
                required[field_name] = strategy
            else:
                optional[field_name] = strategy
        fuzzed = st.fixed_dictionaries(required, optional=optional) | st.fixed_dictionaries(given)
        accepted = ACCEPTED_INPUTS.get(type_.name)
        if accepted is None:
            return fuzzed
        anything = {**required, **optional}
        changed = st.lists(st.sampled_from(sorted(anything)), max_size=2, unique=True).flatmap(
            lambda keys: st.fixed_dictionaries({key: anything[key] for key in keys})
        )
        return fuzzed | changed.map(lambda replaced: {**accepted, **replaced})
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from([value.name for value in type_.values])
    assert isinstance(type_, GraphQLScalarType), type_
    return _scalar(type_, name, world)


def variables_for(field, world: dict):
    """Each argument: left out (when it may be), well typed, or (rarely) any JSON at all."""
    strategies = {}
    for name, argument in field.args.items():
        typed = well_typed(argument.type, name, world)
        strategies[name] = st.one_of(*[typed] * 11, JSON_VALUES)
    required = {
        name: strategy
        for name, strategy in strategies.items()
        if isinstance(field.args[name].type, GraphQLNonNull)
    }
    optional = {name: s for name, s in strategies.items() if name not in required}
    return st.fixed_dictionaries(required, optional=optional)


# --- the request ----------------------------------------------------------------------------


def _scalar_fields(object_type) -> list[str]:
    names = []
    for name, field in object_type.fields.items():
        inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        required_args = any(isinstance(a.type, GraphQLNonNull) for a in field.args.values())
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType) and not required_args:
            names.append(name)
    return names


def document_for(mutation: str) -> str:
    """The mutation with every argument as a variable, selecting its errors and, one level
    deep, what it returns (so that the resolvers read back what was written)."""
    field = MUTATION_TYPE.fields[mutation]
    declared = ", ".join(f"${name}: {argument.type}" for name, argument in field.args.items())
    passed = ", ".join(f"{name}: ${name}" for name in field.args)
    payload = field.type
    selections = []
    for name, payload_field in payload.fields.items():
        inner = payload_field.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if isinstance(inner, GraphQLObjectType):
            selections.append(f"{name} {{ {' '.join(_scalar_fields(inner))} }}")
        else:
            selections.append(name)
    header = f"mutation Fuzz({declared})" if declared else "mutation Fuzz"
    call = f"{mutation}({passed})" if passed else mutation
    return f"{header} {{ {call} {{ {' '.join(selections)} }} }}"


def plugin_tables_snapshot() -> dict[str, tuple[int, str]]:
    """Every plugin table's row count and a checksum of all its rows."""
    snapshot = {}
    with connection.cursor() as cursor:
        for model in apps.get_app_config("saleor_stepmail").get_models(include_auto_created=True):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM {table} t"
            )
            snapshot[model._meta.db_table] = cursor.fetchone()
    return snapshot


def deferred_constraints_problem() -> str | None:
    """What the real commit would fail on (the test's transaction never commits)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except IntegrityError as exc:
        return str(exc)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return None


class _RollBack(Exception):
    pass


def principals_for(mutation: str) -> list[str | None]:
    """Callers allowed to run it first (hypothesis leans to the first), then everyone else."""
    permissions = MUTATION_CLASSES[mutation].permissions
    allowed = [name for name in PRINCIPALS if has_permission(PRINCIPALS[name], permissions)]
    if not permissions:
        allowed = ["hana", None]
    others = [name for name in [*PRINCIPALS, None] if name not in allowed]
    return allowed * 10 + others


def _note(outcome: str) -> None:
    """The outcome, for --hypothesis-show-statistics (how far the inputs got)."""
    if currently_in_test_context():
        event(outcome)


def check_answer(mutation: str, response, token: str | None, before: dict) -> None:
    """A structured answer; when nothing was done, nothing was written."""
    assert response.status_code in (200, 400), (response.status_code, response.content)
    body = response.json()
    if response.status_code == 400:
        # The document or its variables refused before anything ran.
        assert isinstance(body.get("errors"), list) and body["errors"], body
        assert all(isinstance(error.get("message"), str) for error in body["errors"]), body
        assert not (body.get("data") or {}).get(mutation), body
        _note(f"400: {body['errors'][0]['message'][:70]}")
        assert plugin_tables_snapshot() == before
        return
    assert "errors" not in body, body  # a resolver raised: ours, shown as a bare error
    result = body["data"][mutation]
    assert isinstance(result, dict), body
    errors = result["errors"]
    assert isinstance(errors, list), body
    for error in errors:
        assert set(error) == {"field", "message", "code"}, error
        assert isinstance(error["message"], str) and error["message"], error
        assert error["code"] in ERROR_CODES, error
        assert error["field"] is None or isinstance(error["field"], str), error
    permissions = MUTATION_CLASSES[mutation].permissions
    principal = PRINCIPALS.get(token) if token else None
    if permissions and not has_permission(principal, permissions):
        assert [e["code"] for e in errors] == ["PERMISSION_DENIED"], (token, body)
    _note(", ".join(sorted({f"{e['code']} {e['field']}" for e in errors})) or "success")
    if errors:
        assert plugin_tables_snapshot() == before, ("partial write", body)
    problem = deferred_constraints_problem()
    assert problem is None, (f"the commit would fail: {problem}", body)


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_mutation_answers_arbitrary_input_without_a_500_or_a_partial_write(
    mutation, api, clock, outbox
):
    world = {**_world(clock.now), "mutation": mutation}
    field = MUTATION_TYPE.fields[mutation]
    document = document_for(mutation)

    @settings(
        max_examples=EXAMPLES_PER_MUTATION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        variables=variables_for(field, world),
        token=st.sampled_from(principals_for(mutation)),
    )
    def run(variables, token):
        try:
            with transaction.atomic():
                before = plugin_tables_snapshot()
                response = api.post(document, variables, token=token)
                check_answer(mutation, response, token, before)
                raise _RollBack
        except _RollBack:
            pass

    run()


def test_the_fuzzer_sees_a_write_left_behind_by_a_refused_mutation(api, clock, monkeypatch):
    """The oracle itself: a mutation that writes, then reports an error, is caught."""

    def write_then_refuse(info, **arguments):
        Suppression.objects.create(email_hash="0" * 64, reason="fuzz")
        raise InputError([Problem("id", "refused after a write")])

    monkeypatch.setattr(StepmailScenarioPause, "perform", write_then_refuse)
    scenario = make_scenario()
    document = document_for("stepmailScenarioPause")
    before = plugin_tables_snapshot()
    response = api.post(document, {"id": gid("StepmailScenario", scenario.pk)}, token="designer")
    with pytest.raises(AssertionError, match="partial write"):
        check_answer("stepmailScenarioPause", response, "designer", before)
