"""The election model: projects, ballots and voters, independent of any file format or database.

Ballots are stored *merged*: every distinct ballot once, with the number of voters who cast it.
Counting rules only ever look at the distinct ballots (Katowice 2023 has 1,806 distinct ballots
among 39,828 voters), so merging is what makes city-wide elections cheap. The individual voters
(their ids and metadata columns) are kept separately in a :class:`VoterTable` so that a file can
be written back completely.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

#: Money and points are exact: integers where the file has integers, fractions otherwise.
Number = int | Fraction


class VoteType(enum.StrEnum):
    """The ballot kinds pabulib knows. ``choose-1`` is an approval ballot of length one."""

    APPROVAL = "approval"
    CHOOSE_1 = "choose-1"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"

    @property
    def has_points(self) -> bool:
        return self in (VoteType.CUMULATIVE, VoteType.SCORING)

    @property
    def is_approval(self) -> bool:
        return self in (VoteType.APPROVAL, VoteType.CHOOSE_1)


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot.

    ``fields`` keeps every column of the file's PROJECTS section (including ``votes``, ``score``
    and the official ``selected`` column) as text, so nothing is lost when the file is written
    back; the typed attributes are the ones the engine needs.
    """

    id: str
    cost: Number
    name: str = ""
    categories: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def officially_selected(self) -> bool | None:
        """The file's ``selected`` column (official winners), or None when it has none."""
        value = self.fields.get("selected")
        if value is None or value.strip().lower() in ("", "none"):
            return None
        return value.strip() not in ("0", "false", "False")


@dataclass(frozen=True, slots=True)
class Ballot:
    """One distinct ballot.

    ``projects`` holds indices into :attr:`Election.projects`: ranked order for ordinal ballots,
    ascending index order for the others (so that equal ballots compare equal). ``points`` is
    aligned with ``projects`` for cumulative and scoring ballots and ``None`` otherwise.
    """

    projects: tuple[int, ...]
    points: tuple[Number, ...] | None = None


@dataclass(slots=True)
class VoterTable:
    """The individual voters: id, which distinct ballot they cast, and their metadata columns."""

    columns: tuple[str, ...] = ()
    ids: list[str] = field(default_factory=list)
    ballot_index: list[int] = field(default_factory=list)
    values: list[tuple[str, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class Election:
    """A participatory-budgeting election.

    ``ballots[k]`` was cast by ``counts[k]`` voters. ``meta`` keeps the file's META section
    verbatim (rule, thresholds, dates ...); ``budget`` and ``vote_type`` are its parsed values.
    """

    projects: list[Project]
    budget: Number
    vote_type: VoteType
    ballots: list[Ballot]
    counts: list[int]
    meta: dict[str, str] = field(default_factory=dict)
    voters: VoterTable = field(default_factory=VoterTable)
    project_columns: tuple[str, ...] = ("project_id", "cost", "name")

    @property
    def num_voters(self) -> int:
        return sum(self.counts)

    def index_of(self) -> dict[str, int]:
        """Map project id to its index in :attr:`projects`."""
        return {p.id: k for k, p in enumerate(self.projects)}

    def project_support(self) -> list[int]:
        """Number of voters naming each project on their ballot (pabulib's ``votes`` column)."""
        support = [0] * len(self.projects)
        for ballot, count in zip(self.ballots, self.counts, strict=True):
            for j in ballot.projects:
                support[j] += count
        return support

    def project_points(self) -> list[Number]:
        """Total points per project for cumulative and scoring ballots (the ``score`` column).

        For ordinal ballots this is the pabutools Borda score (a ballot of length L gives
        L-1, L-2, ..., 0 points); for approval ballots it is the number of approvals.
        """
        totals: list[Number] = [0] * len(self.projects)
        for ballot, count in zip(self.ballots, self.counts, strict=True):
            for j, pts in zip(ballot.projects, ballot_points(self.vote_type, ballot), strict=True):
                totals[j] += count * pts
        return totals

    @classmethod
    def from_ballots(
        cls,
        projects: Sequence[Project],
        budget: Number,
        vote_type: VoteType | str,
        ballots: Iterable[Ballot | tuple[Ballot, int]],
        meta: Mapping[str, str] | None = None,
    ) -> Election:
        """Build an election from individual (or already counted) ballots, merging equal ones.

        This is the entry point for code that does not read a file: the budgeting app and the
        property tests.
        """
        kind = VoteType(vote_type)
        merged: dict[Ballot, int] = {}
        for item in ballots:
            ballot, count = item if isinstance(item, tuple) else (item, 1)
            ballot = canonical_ballot(kind, ballot)
            merged[ballot] = merged.get(ballot, 0) + count
        return cls(
            projects=list(projects),
            budget=budget,
            vote_type=kind,
            ballots=list(merged),
            counts=list(merged.values()),
            meta=dict(meta or {}),
        )


def canonical_ballot(kind: VoteType, ballot: Ballot) -> Ballot:
    """Put a ballot in the form in which equal ballots compare equal (order only for ordinal)."""
    if kind is VoteType.ORDINAL:
        return ballot
    if ballot.points is None:
        return Ballot(tuple(sorted(ballot.projects)))
    pairs = sorted(zip(ballot.projects, ballot.points, strict=True))
    return Ballot(tuple(j for j, _ in pairs), tuple(p for _, p in pairs))


def ballot_points(kind: VoteType, ballot: Ballot) -> tuple[Number, ...]:
    """The points a ballot gives each project it names.

    Approval: 1 each. Cumulative/scoring: the points cast. Ordinal: pabutools' additive Borda
    satisfaction, ``len(ballot) - position - 1``, so the last-ranked project gets 0; this keeps
    Arki's results identical to pabutools' ``Additive_Borda_Sat``.
    """
    if ballot.points is not None:
        return ballot.points
    if kind is VoteType.ORDINAL:
        n = len(ballot.projects)
        return tuple(n - pos - 1 for pos in range(n))
    return (1,) * len(ballot.projects)


def parse_number(text: str) -> Number:
    """Parse a pabulib number exactly: ``"100000.0"`` is the integer 100000, ``"0,5"`` is 1/2."""
    text = text.strip()
    if text.isdigit():  # the common case, and much faster than Fraction
        return int(text)
    value = Fraction(text.replace(",", "."))
    return value.numerator if value.denominator == 1 else value
