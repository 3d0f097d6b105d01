"""The committed SDL is the schema the code builds."""

from saleor_stepmail.graphql.schema import SCHEMA_FILE, schema_sdl


def test_schema_graphql_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "saleor_stepmail/graphql/schema.graphql is stale: run "
        "`python -m django stepmail_graphql_schema --settings=standalone.settings`"
    )
