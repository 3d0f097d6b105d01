"""The README and docs/ name only what the code has.

Links must lead to a file (and a heading) that exists; every setting, GraphQL name and fact the
pages name is looked up in the code's own lists: the fields of `conf.StepMailSettings` and the
plugin's per-channel configuration, the GraphQL schema, and the facts the engine knows.
"""

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from graphql import parse, validate

from saleor_stepmail.conf import StepMailSettings
from saleor_stepmail.constants import DEFAULT_CONFIGURATION
from saleor_stepmail.engine.catalogue import ENGINE_NAMESPACE, FAMILIES, fact_lookup
from saleor_stepmail.graphql.schema import schema

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^```[^\n]*\n.*?^```", re.S | re.M)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.M)
SETTING = re.compile(r"STEPMAIL\[[\"'](\w+)[\"']\]|STEPMAIL_([A-Z][A-Z0-9_]*)")
QUERY = re.compile(r'"query":\s*"((?:[^"\\]|\\.)*)"')
FACT_IN_CONDITION = re.compile(r'\\?"fact\\?":\s*\\?"([^"\\]+)\\?"')
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _prose(text: str) -> str:
    return FENCE.sub("", text)


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    anchors, seen = set(), {}
    for heading in HEADING.findall(_prose(page.read_text(encoding="utf-8"))):
        slug = _slug(heading)
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def _broken_links(page: Path) -> list[str]:
    broken = []
    for target in LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check offline
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.name}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_links_lead_to_files_and_headings_that_exist(page):
    assert _broken_links(page) == []


# Settings ---------------------------------------------------------------------------------

SETTINGS = {field.name for field in fields(StepMailSettings)}
CHANNEL_SETTINGS = {item["name"] for item in DEFAULT_CONFIGURATION}


def _settings_named(text: str) -> set[str]:
    return {(name or env).lower() for name, env in SETTING.findall(text)}


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_stepmail_setting_named_exists(page):
    assert _settings_named(page.read_text(encoding="utf-8")) - SETTINGS == set()


def test_every_name_in_the_settings_tables_is_a_setting():
    rows = [
        line
        for line in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("|")
    ]
    named = {token for row in rows for token in CODE.findall(row) if IDENTIFIER.fullmatch(token)}
    assert named - SETTINGS - CHANNEL_SETTINGS == set()


# GraphQL ----------------------------------------------------------------------------------

TYPES = schema.get_type_map()
ROOT_FIELDS = {*schema.get_query_type().fields, *schema.get_mutation_type().fields}


def _members(type_name: str) -> set[str]:
    kind = TYPES[type_name]
    if hasattr(kind, "values"):
        return {value.name for value in kind.values}
    return set(getattr(kind, "fields", {}))


def _graphql_names_missing(text: str) -> list[str]:
    missing = []
    for token in CODE.findall(text):
        name = re.match(r"[A-Za-z_][\w.]*", token)
        if not name:
            continue
        head, _, member = name.group().partition(".")
        if re.match(r"(my)?[sS]tepmail[A-Z]", head) and head[0].islower():
            if head not in ROOT_FIELDS:
                missing.append(f"{token}: no such query or mutation")
        elif re.match(r"Stepmail[A-Z]", head):
            if head not in TYPES:
                missing.append(f"{token}: no such type")
            elif member and member.split(".")[0] not in _members(head):
                missing.append(f"{token}: {head} has no {member}")
    return missing


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_graphql_query_type_and_field_named_exists(page):
    assert _graphql_names_missing(page.read_text(encoding="utf-8")) == []


def _documents(text: str) -> list[str]:
    documents = []
    for block in FENCE.findall(text):
        if block.startswith("```graphql"):
            documents.append(block.split("\n", 1)[1].rsplit("```", 1)[0])
        documents.extend(json.loads(f'"{query}"') for query in QUERY.findall(block))
    return documents


def _ours(document) -> bool:
    """Documents against our API; `tokenCreate` and the like are Saleor's."""
    return all(
        selection.name.value in ROOT_FIELDS or selection.name.value.startswith("__")
        for definition in document.definitions
        for selection in definition.selection_set.selections
    )


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_example_query_is_valid_against_the_schema(page):
    problems = []
    for text in _documents(page.read_text(encoding="utf-8")):
        document = parse(text)
        if _ours(document):
            problems += [f"{text[:60]}…: {error.message}" for error in validate(schema, document)]
    assert problems == []


def _first_column(text: str, header: str) -> set[str]:
    """The code names in the first column of the tables whose first header cell is `header`."""
    named, in_table = set(), False
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[0].lower() == header:
            in_table = True
        elif in_table:
            named |= set(CODE.findall(cells[0]))
    return named


def test_the_figures_tables_define_every_figure_and_rate_the_api_shows():
    text = (ROOT / "docs" / "tracking.md").read_text(encoding="utf-8")

    documented = _first_column(text, "figure") | _first_column(text, "rate")

    assert documented == _members("StepmailMailFigures")


# Facts ------------------------------------------------------------------------------------


def _fact_known(name: str) -> bool:
    """A fact, or a family as the docs write it (`customer.metadata.<key>`)."""
    return fact_lookup(name) is not None or name in {family.name for family in FAMILIES}


def _facts_named(text: str) -> set[str]:
    named = set(FACT_IN_CONDITION.findall(text))
    named |= {t for t in CODE.findall(text) if t.startswith(ENGINE_NAMESPACE + ".")}
    return named | _first_column(text, "fact")


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_fact_named_is_one_the_engine_knows(page):
    assert {
        f for f in _facts_named(page.read_text(encoding="utf-8")) if not _fact_known(f)
    } == set()


# Commands ---------------------------------------------------------------------------------

MAKE_TARGET = re.compile(r"^([a-z][\w-]*):", re.M)
MAKE_COMMAND = re.compile(r"(?:`|^)make ([a-z][\w-]*)", re.M)  # as code, not "make sure"


def test_every_make_command_in_the_docs_is_a_target_and_ci_runs_the_readmes_tests():
    targets = set(MAKE_TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    named = {
        target
        for page in PAGES
        for target in MAKE_COMMAND.findall(page.read_text(encoding="utf-8"))
    }
    assert named - targets == set()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_architecture_page_names_every_module():
    package = ROOT / "saleor_stepmail"
    modules = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    )
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [m for m in modules if f"`{m}`" not in page] == []
