"""The one CSV writer: call tasks, direct mail and every analysis table are written by it.

Files are for Excel: UTF-8 with a byte-order mark (Excel in Japan opens a BOM-less UTF-8 file
as Shift_JIS and shows 文字化け; with the BOM it reads names and addresses correctly) and CRLF
line ends.

Text in a cell comes from outside (a customer's shipping name and phone, an operator's step
name, a link's URL), and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
formula (`=HYPERLINK(...)` sends whoever clicks it anywhere, DDE runs programs). So text that
starts with one of them, after any leading whitespace, or with a tab or a carriage return, gets
a leading apostrophe, as OWASP's "CSV Injection" page describes: the spreadsheet shows it as
text. Numbers are ours (counts, rates, money, a negative lift) and stay numbers.
"""

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")


def csv_cell(value: object) -> object:
    """The value as a spreadsheet may read it: text that would run as a formula, quoted."""
    if isinstance(value, str) and (
        value.startswith(CONTROL_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A CSV document for Excel: BOM, CRLF line ends, every text cell unable to run."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(map(csv_cell, header))
    writer.writerows(map(csv_cell, row) for row in rows)
    return out.getvalue()
