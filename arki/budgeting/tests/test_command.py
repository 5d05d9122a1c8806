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
