"""Exports never run formulas: the one escaping rule. Each tool's tests check that its own
CSV and XLSX writers use it (`test_export_formulas.py` in insight, analysis, budgeting and
helpexchange)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arki.core.exports import FORMULA_STARTS, safe_cell, safe_row

FORMULAS = [
    '=HYPERLINK("http://x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_text_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_stay_as_they_are():
    assert safe_row([-5, 3.5, None, True, "Kävin kaupassa", ""]) == [
        -5,
        3.5,
        None,
        True,
        "Kävin kaupassa",
        "",
    ]


@given(st.text())
def test_no_escaped_text_starts_a_formula(text):
    escaped = safe_cell(text)
    assert not escaped.startswith(FORMULA_STARTS)
    assert escaped in (text, "'" + text)
