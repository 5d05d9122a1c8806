"""The coded-segment exports escape formula text with the core's one rule."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from arki.analysis.exports import segments_csv, segments_xlsx


def test_segment_exports_escape_formulas():
    segment = ["KAJ-001", 1, "did_today", "=1+1", "", "a", 0, 4, "+text"]
    text = segments_csv([segment]).decode("utf-8-sig")
    assert "'=1+1" in text and "'+text" in text
    cells = list(load_workbook(io.BytesIO(segments_xlsx([segment]))).active.iter_rows())[1]
    assert [c.value for c in cells][3] == "'=1+1"
    assert all(c.data_type != "f" for c in cells)
    assert cells[1].value == 1 and cells[1].data_type == "n"
