"""Exports never run formulas: the one escaping rule, through the diary exports of a real
process (CSV and XLSX) and through every other spreadsheet writer in the code base."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

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


def test_every_spreadsheet_writer_escapes(tmp_path):
    """The other writers: budgeting's sheets, the segments of analysis and the pb CLI."""
    from arki.analysis.exports import segments_csv, segments_xlsx
    from arki.budgeting.compute.tabular import to_csv, to_xlsx

    row = [FORMULAS[0], -3, "@x"]
    text = to_csv(["a", "b", "c"], [row]).decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""click"")";-3;\'@x'
    sheet = load_workbook(io.BytesIO(to_xlsx([("s", ["a", "b", "c"], [row])]))).active
    assert [c.value for c in sheet[2]] == ["'" + FORMULAS[0], -3, "'@x"]
    assert all(c.data_type != "f" for c in sheet[2])
    segment = ["KAJ-001", 1, "did_today", "=1+1", "", "a", 0, 4, "+text"]
    assert "'=1+1" in segments_csv([segment]).decode("utf-8-sig")
    cells = list(load_workbook(io.BytesIO(segments_xlsx([segment]))).active.iter_rows())[1]
    assert [c.value for c in cells][3] == "'=1+1" and all(c.data_type != "f" for c in cells)


def test_pb_convert_escapes_project_names(tmp_path):
    from arki.voting.cli import convert

    pb = tmp_path / "x.pb"
    pb.write_text(
        "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;10\nvote_type;approval\n"
        'PROJECTS\nproject_id;cost;name\n1;5;=HYPERLINK("http://x","click")\n'
        "VOTES\nvoter_id;vote\nv1;1\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.xlsx"
    convert(pb, "xlsx", out)
    sheet = load_workbook(out)["PROJECTS"]
    assert [c.value for c in sheet[2]] == ["1", "5", '\'=HYPERLINK("http://x","click")']
    assert all(c.data_type != "f" for c in sheet[2])


def test_help_request_csv_escapes(client, process, municipalities, make_user):
    from arki.core.models import Municipality
    from arki.helpexchange.models import Village
    from arki.helpexchange.tests import factories
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)
    request = factories.help_request(process)
    Village.objects.filter(pk=request.recipient.village_id).update(name=FORMULAS[0])
    client.force_login(factories.coordinator(make_user, process))
    content = client.get(reverse("helpexchange:request_export", args=[process.slug])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[1][3] == "'" + FORMULAS[0]
    assert rows[1][0] == str(request.pk)
