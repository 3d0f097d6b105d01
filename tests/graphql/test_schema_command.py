"""The schema command, run as an operator runs it (`python -m django ...`)."""

from django.core.management import ManagementUtility

from saleor_stepmail.graphql.schema import schema_sdl


def test_schema_command_prints_the_schema_with_stdout_flag(capsys):
    ManagementUtility(["django", "stepmail_graphql_schema", "--stdout"]).execute()

    assert capsys.readouterr().out == schema_sdl()
