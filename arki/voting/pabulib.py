"""Reading and writing pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each introduced by a line holding only its name and followed by a
header line: ``META`` (``key;value`` pairs), ``PROJECTS`` and ``VOTES``. Fields are separated by
``;`` and quoted the CSV way. The reader streams the file line by line, merging identical
ballots as it goes, so a 100,000-voter city file never exists as 100,000 ballot objects.

Anything the reader cannot make sense of raises :class:`PabulibError` naming the line; nothing
is silently dropped or repaired.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import IO

from arki.voting.model import (
    Ballot,
    Election,
    Number,
    Project,
    VoterTable,
    VoteType,
    canonical_ballot,
    parse_number,
)

SECTIONS = ("meta", "projects", "votes")
#: The largest budget, cost or number of points read (10^15: far above any real budget, yet
#: exact as a float, so that every counting rule stays exact and fast).
MAX_NUMBER = 10**15
#: Digits with an optional decimal part (point or comma) and a small exponent; no "inf" or
#: "nan". Negative numbers are read so that the caller can say what may not be negative.
_NUMBER_TEXT = re.compile(r"-?\d+(?:[.,]\d*)?(?:[eE][+-]?\d{1,2})?|-?[.,]\d+")


class PabulibError(ValueError):
    """A malformed pabulib file. ``line`` is 1-based, counting physical lines of the file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def read_pb(source: str | os.PathLike[str] | IO[str]) -> Election:
    """Read a ``.pb`` file from a path or an open text stream."""
    if isinstance(source, str | os.PathLike):
        with Path(source).open(encoding="utf-8-sig", newline="") as stream:
            return _Reader(stream).read()
    return _Reader(source).read()


def read_pb_string(text: str) -> Election:
    return read_pb(io.StringIO(text))


class _Reader:
    """One pass over the rows; state is per section."""

    def __init__(self, stream: IO[str]) -> None:
        self.rows = csv.reader(stream, delimiter=";")
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: list[Project] = []
        self.index: dict[str, int] = {}
        self.project_columns: tuple[str, ...] = ()
        self.positions: dict[Ballot, int] = {}  # distinct ballot -> its index
        self.seen: dict[tuple[str, str], int] = {}  # raw (vote, points) text -> ballot index
        self.vote_columns: tuple[int, int, int | None, tuple[int, ...]] = (0, 0, None, ())
        self.counts: list[int] = []
        self.voters = VoterTable()
        self.vote_type = VoteType.APPROVAL
        self.budget: Number = 0
        self.max_points: Number | None = None
        self.max_sum_points: Number | None = None

    def _lines(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for row in self.rows:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield self.rows.line_num, row
        except csv.Error as exc:
            raise PabulibError(self.rows.line_num, f"unreadable line ({exc})") from exc

    def read(self) -> Election:
        lines = self._lines()
        seen: list[str] = []
        header: list[str] | None = None
        section = ""
        line = 0
        for line, row in lines:
            word = row[0].strip().lower()
            if len(row) == 1 and word in SECTIONS:
                expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
                if word != expected:
                    missing = expected.upper() if expected else "nothing"
                    raise PabulibError(
                        line, f"section {word.upper()} found where {missing} was expected"
                    )
                if section:
                    self._close_section(section, line)
                seen.append(word)
                section = word
                header = None
                continue
            if not section:
                raise PabulibError(line, "the file must start with a META section")
            if header is None:
                header = [cell.strip() for cell in row]
                self._open_section(section, header, line)
                continue
            if len(row) > len(header):
                raise PabulibError(
                    line, f"{len(row)} fields but the {section.upper()} header has {len(header)}"
                )
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            if section == "votes":
                self._vote_row(row, line)
                continue
            row = [cell.strip() for cell in row]
            if section == "meta":
                self._meta_row(row, line)
            elif section == "projects":
                self._project_row(header, row, line)
        end = line + 1
        if len(seen) < len(SECTIONS):
            raise PabulibError(end, f"missing {SECTIONS[len(seen)].upper()} section")
        if header is None:
            raise PabulibError(end, "the VOTES section has no header line")
        self._close_section("votes", end)
        return Election(
            projects=self.projects,
            budget=self.budget,
            vote_type=self.vote_type,
            ballots=list(self.positions),
            counts=self.counts,
            meta=self.meta,
            voters=self.voters,
            project_columns=self.project_columns,
        )

    # -- sections ---------------------------------------------------------------------------

    def _open_section(self, section: str, header: list[str], line: int) -> None:
        if section == "projects":
            for required in ("project_id", "cost"):
                if required not in header:
                    raise PabulibError(line, f"PROJECTS header lacks the {required} column")
            self.project_columns = tuple(header)
        elif section == "votes":
            needed = ["voter_id", "vote"] + (["points"] if self.vote_type.has_points else [])
            for column in needed:
                if column not in header:
                    raise PabulibError(line, f"VOTES header lacks the {column} column")
            self.voters.columns = tuple(
                c for c in header if c not in ("voter_id", "vote", "points")
            )
            self.vote_columns = (
                header.index("voter_id"),
                header.index("vote"),
                header.index("points") if self.vote_type.has_points else None,
                tuple(header.index(c) for c in self.voters.columns),
            )

    def _close_section(self, section: str, line: int) -> None:
        if section == "meta":
            for key in ("budget", "vote_type"):
                if key not in self.meta:
                    raise PabulibError(line, f"META lacks the {key} key")
            try:
                self.vote_type = VoteType(self.meta["vote_type"].lower())
            except ValueError:
                raise PabulibError(
                    self.meta_lines["vote_type"], f"unknown vote_type {self.meta['vote_type']!r}"
                ) from None
            self.budget = self._number(self.meta["budget"], self.meta_lines["budget"], "budget")
            if self.budget < 0:
                raise PabulibError(
                    self.meta_lines["budget"], f"budget is negative: {self.meta['budget']!r}"
                )
            for key in ("max_points", "max_sum_points"):
                if key in self.meta and self.meta[key].lower() != "none":
                    value = self._number(self.meta[key], self.meta_lines[key], key)
                    if value < 0:
                        raise PabulibError(self.meta_lines[key], f"{key} is negative")
                    setattr(self, key, value)
        elif section == "projects":
            self._check_count("num_projects", len(self.projects), "projects")
        else:
            self._check_count("num_votes", len(self.voters), "voters")

    def _check_count(self, key: str, actual: int, what: str) -> None:
        if key in self.meta and self.meta[key] != str(actual):
            raise PabulibError(
                self.meta_lines[key],
                f"META says {key} = {self.meta[key]} but the file has {actual} {what}",
            )

    # -- rows -------------------------------------------------------------------------------

    def _meta_row(self, row: list[str], line: int) -> None:
        key = row[0]
        if key in self.meta:
            raise PabulibError(line, f"META key {key!r} appears twice")
        self.meta[key] = row[1] if len(row) > 1 else ""
        self.meta_lines[key] = line

    def _project_row(self, header: list[str], row: list[str], line: int) -> None:
        fields = dict(zip(header, row, strict=True))
        pid = fields["project_id"]
        if not pid:
            raise PabulibError(line, "empty project_id")
        if pid in self.index:
            raise PabulibError(line, f"project {pid!r} is listed twice")
        cost = self._number(fields["cost"], line, f"cost of project {pid}")
        if cost < 0:
            raise PabulibError(line, f"project {pid!r} has a negative cost ({fields['cost']})")
        categories = fields.get("category") or fields.get("categories") or ""
        self.index[pid] = len(self.projects)
        self.projects.append(
            Project(
                id=pid,
                cost=cost,
                name=fields.get("name", ""),
                categories=tuple(
                    c.strip() for c in categories.split(",") if c.strip() and c != "None"
                ),
                fields=fields,
            )
        )

    def _vote_row(self, row: list[str], line: int) -> None:
        id_at, vote_at, points_at, meta_at = self.vote_columns
        vote = row[vote_at].strip()
        points_text = row[points_at].strip() if points_at is not None else ""
        # Most voters repeat a ballot already seen, often written the same way: a cache on
        # the raw text skips re-validating it.
        k = self.seen.get((vote, points_text))
        if k is None:
            k = self._new_ballot(vote, points_text, line)
            self.seen[(vote, points_text)] = k
        self.counts[k] += 1
        voters = self.voters
        voters.ids.append(row[id_at].strip())
        voters.ballot_index.append(k)
        voters.values.append(tuple(row[i].strip() for i in meta_at))

    def _new_ballot(self, vote: str, points_text: str, line: int) -> int:
        projects: list[int] = []
        for pid in vote.split(",") if vote else ():
            j = self.index.get(pid.strip())
            if j is None:
                raise PabulibError(line, f"vote names unknown project {pid.strip()!r}")
            projects.append(j)
        if len(set(projects)) != len(projects):
            raise PabulibError(line, "vote names the same project twice")
        points: tuple[Number, ...] | None = None
        if self.vote_type.has_points:
            points = self._points(points_text, len(projects), line)
        ballot = canonical_ballot(self.vote_type, Ballot(tuple(projects), points))
        k = self.positions.setdefault(ballot, len(self.positions))
        if k == len(self.counts):
            self.counts.append(0)
        return k

    def _points(self, text: str, expected: int, line: int) -> tuple[Number, ...]:
        cells = text.split(",") if text else []
        if len(cells) != expected:
            raise PabulibError(line, f"{len(cells)} points for {expected} projects")
        points = tuple(self._number(c, line, "points") for c in cells)
        if any(p < 0 for p in points):
            raise PabulibError(line, "negative points")
        if self.max_points is not None and any(p > self.max_points for p in points):
            raise PabulibError(
                line, f"a project gets more than max_points = {self.meta['max_points']}"
            )
        if self.max_sum_points is not None and sum(points) > self.max_sum_points:
            raise PabulibError(
                line,
                f"ballot gives {sum(points)} points, over max_sum_points = "
                f"{self.meta['max_sum_points']}",
            )
        return points

    @staticmethod
    def _number(text: str, line: int, what: str) -> Number:
        """A number of the file, bounded: a 400-digit budget or ``1e999999999`` (which would
        take Fraction minutes to expand) is refused with its line, not counted."""
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        if not _NUMBER_TEXT.fullmatch(text.strip()) or len(text.strip()) > 40:
            raise PabulibError(line, f"{what} is not a number: {shown!r}")
        try:
            value = parse_number(text)
        except (ValueError, ZeroDivisionError):
            raise PabulibError(line, f"{what} is not a number: {shown!r}") from None
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise PabulibError(line, f"{what} is larger than {MAX_NUMBER:,}: {shown!r}")
        return value


# -- writing ---------------------------------------------------------------------------------


def format_number(value: Number) -> str:
    """Integers as integers, other exact values as decimals (pabulib has no fractions)."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return repr(float(value))
    return str(int(value))


def write_pb(election: Election, stream: IO[str]) -> None:
    """Write ``election`` as a complete ``.pb`` file.

    META keeps every key of :attr:`Election.meta`; ``num_projects``, ``num_votes``, ``budget``
    and ``vote_type`` are set from the election itself so they can never disagree with it.
    Elections built from ballots (no :class:`VoterTable`) get voter ids 1, 2, 3, ...
    """
    out = csv.writer(stream, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta.update(
        num_projects=str(len(election.projects)),
        num_votes=str(election.num_voters),
        budget=format_number(election.budget),
        vote_type=election.vote_type.value,
    )
    out.writerow(["META"])
    out.writerow(["key", "value"])
    out.writerows(meta.items())

    columns = list(election.project_columns)
    for required in ("cost", "project_id"):
        if required not in columns:
            columns.insert(0, required)
    out.writerow(["PROJECTS"])
    out.writerow(columns)
    for project in election.projects:
        out.writerow([_project_cell(project, c) for c in columns])

    has_points = election.vote_type.has_points
    voters = election.voters
    out.writerow(["VOTES"])
    out.writerow(["voter_id", "vote", *(["points"] if has_points else []), *voters.columns])
    ids = [p.id for p in election.projects]
    cells = [_ballot_cells(b, ids, has_points) for b in election.ballots]
    if len(voters):
        for voter_id, k, values in zip(voters.ids, voters.ballot_index, voters.values, strict=True):
            out.writerow([voter_id, *cells[k], *values])
    else:
        number = 0
        for k, count in enumerate(election.counts):
            for _ in range(count):
                number += 1
                out.writerow([str(number), *cells[k]])


def write_pb_string(election: Election) -> str:
    buffer = io.StringIO()
    write_pb(election, buffer)
    return buffer.getvalue()


def _project_cell(project: Project, column: str) -> str:
    """The cell as the file had it where it still agrees with the project, else recomputed."""
    raw = project.fields.get(column)
    if column == "project_id":
        return project.id
    if column == "cost":
        if raw is not None and _same_number(raw, project.cost):
            return raw
        return format_number(project.cost)
    if column == "name" and project.name and raw != project.name:
        return project.name
    if column in ("category", "categories") and raw is None and project.categories:
        return ",".join(project.categories)
    return raw or ""


def _same_number(text: str, value: Number) -> bool:
    try:
        return parse_number(text) == value
    except (ValueError, ZeroDivisionError):
        return False


def _ballot_cells(ballot: Ballot, ids: list[str], has_points: bool) -> list[str]:
    cells = [",".join(ids[j] for j in ballot.projects)]
    if has_points:
        cells.append(",".join(format_number(p) for p in ballot.points or ()))
    return cells


def project_fields(election: Election) -> list[Mapping[str, str]]:
    """Each project's columns as text, in file order (used by the CSV/XLSX export)."""
    columns = list(election.project_columns)
    return [{c: _project_cell(p, c) for c in columns} for p in election.projects]
