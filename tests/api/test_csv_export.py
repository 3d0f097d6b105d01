"""The one CSV writer: text a spreadsheet would run as a formula is written as text."""

import csv
import io
from decimal import Decimal

import pytest

from saleor_stepmail.api.csv_export import csv_text


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("https://attacker.example","open")',
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1)",
        "\t=1+2",
        "\r=1+2",
        "  =1+2",
        "\n@SUM(1)",
        "\u3000+1+1",
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(cell):
    [header, row] = _cells(csv_text([cell], [[cell]]))

    assert header == row == ["'" + cell]


def test_plain_text_and_numbers_are_written_unchanged():
    row = ["山田 花子", "", "1-2-3", "a=b", Decimal("-0.25"), -3, 0.5]

    [_, written] = _cells(csv_text(["a", "b", "c", "d", "e", "f", "g"], [row]))

    assert written == ["山田 花子", "", "1-2-3", "a=b", "-0.25", "-3", "0.5"]
