"""The diary exports (CSV, XLSX) escape formula text with the core's one rule."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from arki.core.tests.test_exports import FORMULAS


@pytest.fixture
def formula_diary(process, municipalities):
    """One returned diary whose answers are formulas, reviewed so analysts may read them."""
    from arki.insight import services
    from arki.insight.redaction import participant_texts_review
    from arki.insight.tests import factories

    participant = factories.participant(process, municipalities["Kajaani"])
    values = factories.day_values(
        did_today=FORMULAS[0],
        where_went=FORMULAS[1],
        with_whom=FORMULAS[2],
        served_text=FORMULAS[3],
    )
    services.kit_apply(
        participant=participant, payload={"map": [factories.map_row()], "days": {"1": values}}
    )
    participant_texts_review(participant=participant, by=None)
    return participant


@pytest.mark.parametrize("role", ["facilitator", "analyst"])
def test_diary_csv_and_xlsx_escape_formulas(client, process, make_user, formula_diary, role):
    client.force_login(make_user(role, process=process))
    args = [process.slug]
    content = client.get(reverse("insight:export_diaries_csv", args=args)).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    for text in FORMULAS[:4]:
        assert "'" + text in cells
        assert text not in cells
    content = client.get(reverse("insight:export_diaries_xlsx", args=args)).content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    for text in FORMULAS[:4]:
        assert "'" + text in values
    day = next(cell for cell in cells if cell.column == 4 + (3 if role == "facilitator" else 0))
    assert day.value == 1 and day.data_type == "n"  # numbers stay numbers
