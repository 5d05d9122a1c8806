"""The logic behind ``arki pb``: count a pabulib file, or convert it to CSV/XLSX.

Kept free of Django so it can be used (and tested) as a plain library; the management command
``arki/budgeting/management/commands/pb.py`` only parses arguments and prints.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from arki.voting.model import Election
from arki.voting.pabulib import format_number, project_fields, read_pb
from arki.voting.results import plain_number
from arki.voting.rules import CountOptions, count

ConvertFormat = Literal["csv", "xlsx"]


def tally(path: str | os.PathLike[str], **options: Any) -> dict[str, Any]:
    """Count the file; ``options`` are :class:`CountOptions` fields (``rule``, ``completion``,
    ``utility``, ``greedy_order``, ``endowment``, ``ties``, ``seed``, ``min_support``,
    ``greedy_skip``). Returns the outcome as a JSON-ready dict, plus the file's official
    winners and whether they agree, where the file has a ``selected`` column."""
    election = read_pb(path)
    outcome = count(election, CountOptions(**options))
    result = outcome.as_dict()
    result["file"] = str(path)
    result["vote_type"] = election.vote_type.value
    result["voters"] = election.num_voters
    result["official_rule"] = election.meta.get("rule")
    result["costs"] = {p.id: plain_number(p.cost) for p in election.projects}
    official = [p.id for p in election.projects if p.officially_selected]
    if any(p.officially_selected is not None for p in election.projects):
        result["official_selected"] = official
        result["matches_official"] = sorted(official) == sorted(outcome.selected)
    return result


def format_table(result: dict[str, Any]) -> str:
    """A plain-text report of :func:`tally`'s result, for a terminal or a projector."""
    options = result["options"]
    lines = [
        f"{result['file']}: {result['voters']:,} voters, {result['vote_type']} ballots",
        "rule: "
        + ", ".join(f"{k}={v}" for k, v in options.items() if v is not None)
        + f" ({result['rule']})",
        "",
        f"{'#':>3}  {'project':<20} {'votes':>8} {'cost':>14}",
    ]
    for number, pid in enumerate(result["selected"], start=1):
        lines.append(
            f"{number:>3}  {pid:<20} {result['support'][pid]:>8,} {_cost(result, pid):>14}"
        )
    lines += [
        "",
        f"spent {result['spent']:,} of {result['budget']:,} "
        f"({100 * result['spent'] / max(result['budget'], 1):.1f} %)",
    ]
    if "matches_official" in result:
        verdict = "the same as" if result["matches_official"] else "DIFFERENT from"
        lines.append(f"winners are {verdict} the official result in the file")
    return "\n".join(lines) + "\n"


def _cost(result: dict[str, Any], pid: str) -> str:
    cost = result.get("costs", {}).get(pid)
    return "" if cost is None else f"{cost:,}"


def convert(
    path: str | os.PathLike[str],
    fmt: ConvertFormat,
    out: str | os.PathLike[str],
    *,
    cell: Callable[[Any], Any],
) -> list[Path]:
    """Write the file's sections as spreadsheets; returns the files written.

    ``xlsx``: one workbook with sheets META, PROJECTS and VOTES. ``csv``: ``OUT`` holds the
    projects, ``OUT`` with ``.meta.csv`` and ``.votes.csv`` the other two sections (a CSV file
    holds a single table).

    Every value passes through ``cell`` before it is written: Arki passes its one
    spreadsheet-escaping rule (``arki.core.exports.safe_cell``), so a project name such as
    ``=HYPERLINK(…)`` is text, not a formula. It is a parameter because this engine imports
    nothing of Arki.
    """
    election = read_pb(path)
    tables = _tables(election)
    target = Path(out)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        for title, rows in tables.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append([cell(value) for value in row])
        book.save(target)
        return [target]
    if fmt != "csv":
        raise ValueError("format must be csv or xlsx")
    written = []
    for title, rows in tables.items():
        name = target if title == "PROJECTS" else target.with_suffix(f".{title.lower()}.csv")
        with name.open("w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows([cell(value) for value in row] for row in rows)
        written.append(name)
    return written


def _tables(election: Election) -> dict[str, list[list[str]]]:
    columns = list(election.project_columns)
    ids = [p.id for p in election.projects]
    has_points = election.vote_type.has_points
    votes: list[list[str]] = [
        ["voter_id", "vote", *(["points"] if has_points else []), *election.voters.columns]
    ]
    for voter_id, k, values in zip(
        election.voters.ids, election.voters.ballot_index, election.voters.values, strict=True
    ):
        ballot = election.ballots[k]
        row = [voter_id, ",".join(ids[j] for j in ballot.projects)]
        if has_points:
            row.append(",".join(format_number(p) for p in ballot.points or ()))
        votes.append([*row, *values])
    return {
        "META": [["key", "value"], *([k, v] for k, v in election.meta.items())],
        "PROJECTS": [columns, *([f[c] for c in columns] for f in project_fields(election))],
        "VOTES": votes,
    }
