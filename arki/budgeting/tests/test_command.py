"""``arki pb`` management command: a thin wrapper around arki.voting.cli (no database)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arki.voting.tests.conftest import DATA

ASSEN = str(DATA / "Netherlands_Assen_2024.pb")


def test_tally_json() -> None:
    out = io.StringIO()
    call_command("pb", "tally", ASSEN, "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rule"] == "mes"
    assert result["options"]["completion"] == "add1"
    assert result["spent"] <= result["budget"]


def test_tally_options_reach_the_engine() -> None:
    out = io.StringIO()
    call_command(
        "pb", "tally", ASSEN, "--completion", "add1", "--no-greedy-after-add1",
        "--ties", "cost-votes-lot", "--seed", "3", "--format", "json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert result["options"]["ties"] == "cost-votes-lot"
    assert result["options"]["seed"] == 3
    assert result["matches_official"] is True


def test_tally_table() -> None:
    out = io.StringIO()
    call_command("pb", "tally", ASSEN, "--rule", "greedy", stdout=out)
    assert "spent" in out.getvalue()


def test_convert(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command(
        "pb", "convert", ASSEN, "--to", "xlsx", "--output", str(tmp_path / "a.xlsx"), stdout=out
    )
    assert (tmp_path / "a.xlsx").exists()


def test_malformed_file_is_a_command_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.pb"
    bad.write_text("PROJECTS\n")
    with pytest.raises(CommandError, match="line 1: section PROJECTS found where META"):
        call_command("pb", "tally", str(bad), stdout=io.StringIO())


def _pb_file(tmp_path, budget: str) -> str:
    path = tmp_path / "bad.pb"
    path.write_text(
        "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;" + budget + "\n"
        "vote_type;approval\nPROJECTS\nproject_id;cost\na;10\nVOTES\nvoter_id;vote\n1;a\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("budget", ["9" * 400, "-100"])
def test_tally_refuses_an_out_of_bounds_budget_without_a_traceback(tmp_path, budget) -> None:
    """Run as a user would: the exit code says it failed, the message names the line."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "arki", "pb", "tally", _pb_file(tmp_path, budget)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "line 5: budget is" in done.stderr


@pytest.mark.parametrize("option", ["--seed", "--min-support"])
@pytest.mark.parametrize("value", ["-1", "1" + "0" * 400])
def test_tally_refuses_out_of_bounds_numbers_on_the_command_line(option, value) -> None:
    with pytest.raises(CommandError, match=option):
        call_command("pb", "tally", ASSEN, option, value, stdout=io.StringIO())
