"""Budgeting's sheets and `arki pb convert` escape formula text with the core's one rule."""

from __future__ import annotations

import io

from django.core.management import call_command
from openpyxl import load_workbook

from arki.budgeting.compute.tabular import to_csv, to_xlsx
from arki.core.tests.test_exports import FORMULAS


def test_budgeting_sheets_escape_formulas_and_keep_numbers():
    row = [FORMULAS[0], -3, "@x"]
    text = to_csv(["a", "b", "c"], [row]).decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://x"",""click"")";-3;\'@x'
    sheet = load_workbook(io.BytesIO(to_xlsx([("s", ["a", "b", "c"], [row])]))).active
    assert [c.value for c in sheet[2]] == ["'" + FORMULAS[0], -3, "'@x"]
    assert all(c.data_type != "f" for c in sheet[2])
    assert sheet["B2"].data_type == "n"


def test_pb_convert_escapes_project_names(tmp_path):
    pb = tmp_path / "x.pb"
    pb.write_text(
        "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;10\nvote_type;approval\n"
        'PROJECTS\nproject_id;cost;name\n1;5;=HYPERLINK("http://x","click")\n'
        "VOTES\nvoter_id;vote\nv1;1\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.xlsx"
    call_command(
        "pb", "convert", str(pb), "--to", "xlsx", "--output", str(out), stdout=io.StringIO()
    )
    sheet = load_workbook(out)["PROJECTS"]
    assert [c.value for c in sheet[2]] == ["1", "5", '\'=HYPERLINK("http://x","click")']
    assert all(c.data_type != "f" for c in sheet[2])
