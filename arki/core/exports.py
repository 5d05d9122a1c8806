"""Spreadsheet cells that cannot run: the one escaping rule for every CSV and XLSX export.

Spreadsheet programs read a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or a carriage return before them) as a formula. A resident's diary text
``=HYPERLINK("http://…","click")`` would then become a live link, or worse, in the
facilitator's Excel. Following OWASP's "CSV injection" advice, such text gets a leading
apostrophe: Excel and LibreOffice show it as text and a reader still sees what was written.

Only strings are touched: numbers, dates and booleans stay typed values, so a negative
number is still a number. Plain Python, no Django: the voting engine's CLI uses it too.
Every writer (``csv.writer`` rows, ``openpyxl`` ``append``) passes its rows through
`safe_row`, so the rule lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: OWASP's list of characters that start a formula (or hide one after a tab/CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` ready for a spreadsheet cell: formula-like text prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """A row with every cell passed through `safe_cell`."""
    return [safe_cell(value) for value in row]
