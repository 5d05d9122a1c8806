"""The library side of ``arki pb``: tally and convert."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from arki.voting.cli import convert, format_table, tally
from arki.voting.pabulib import read_pb
from arki.voting.results import compare
from arki.voting.rules import CountOptions, count
from arki.voting.tests.conftest import DATA

ASSEN = DATA / "Netherlands_Assen_2024.pb"


def test_tally_json_fields() -> None:
    result = tally(ASSEN, rule="mes", completion="add1", greedy_after_add1=False)
    json.dumps(result)  # JSON-ready
    for key in ("selected", "spent", "budget", "rule", "options"):
        assert key in result
    assert result["options"]["utility"] == "cost"  # pabutools' default for approval ballots
    assert result["spent"] <= result["budget"] == 100000
    assert result["matches_official"] is True
    assert sum(result["mes_payments"].values()) == result["spent"]
    # nobody pays more for a project than the endowment MES worked with
    assert 0 < max(result["mes_max_share"].values()) <= result["endowment"]


def test_table_lists_every_selected_project() -> None:
    result = tally(ASSEN, rule="greedy")
    table = format_table(result)
    for pid in result["selected"]:
        assert f"  {pid} " in table


def test_compare_explains_differences() -> None:
    election = read_pb(DATA / "Poland_Wieliczka_2023_Green_Budget.pb")
    mes = count(election, CountOptions(completion="add1-until-overspend"))
    greedy = count(election, CountOptions(rule="greedy"))
    lines = compare(election, mes, greedy)
    only_mes = set(mes.selected) - set(greedy.selected)
    assert only_mes, "the two rules differ on Wieliczka"
    assert any(line.startswith("Only Equal Shares") for line in lines)
    assert all(pid in " ".join(lines) for pid in only_mes)


def test_convert_csv(tmp_path: Path) -> None:
    out = tmp_path / "assen.csv"
    written = convert(ASSEN, "csv", out, cell=str)
    assert written == [tmp_path / "assen.meta.csv", out, tmp_path / "assen.votes.csv"]
    with out.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    election = read_pb(ASSEN)
    assert rows[0] == list(election.project_columns)
    assert [r[0] for r in rows[1:]] == [p.id for p in election.projects]
    with (tmp_path / "assen.votes.csv").open(encoding="utf-8") as stream:
        assert sum(1 for _ in stream) == election.num_voters + 1


def test_convert_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "assen.xlsx"
    convert(ASSEN, "xlsx", out, cell=str)
    book = load_workbook(out)
    assert book.sheetnames == ["META", "PROJECTS", "VOTES"]
    assert book["VOTES"].max_row == read_pb(ASSEN).num_voters + 1
