import re
from pathlib import Path

from saleor_stepmail.engine.catalogue import CATALOGUE, TYPES, facts_table
from saleor_stepmail.engine.conditions import OPERATORS_FOR_TYPE

SCENARIOS_DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"
FACTS_HEADING = "## Facts"


def _documented_table() -> str:
    text = SCENARIOS_DOC.read_text()
    section = text[text.index(FACTS_HEADING) :]
    table = re.search(r"^\| fact \|.*?(?=\n[^|]|\Z)", section, re.S | re.M)
    assert table, "docs/scenarios.md has no facts table under '## Facts'"
    return table.group(0).rstrip("\n") + "\n"


def test_the_docs_facts_table_is_the_catalogue():
    assert _documented_table() == facts_table()


def test_every_fact_has_a_known_type_operators_a_source_and_an_example():
    names = [fact.name for fact in CATALOGUE]
    assert len(names) == len(set(names))
    for fact in CATALOGUE:
        assert fact.type in TYPES and OPERATORS_FOR_TYPE[fact.type]
        assert fact.source and fact.example not in (None, "")
