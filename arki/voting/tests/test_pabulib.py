"""Reading and writing .pb files: round trips, and malformed files named by line and reason."""

from __future__ import annotations

import io

import pytest

from arki.voting.model import VoteType
from arki.voting.pabulib import PabulibError, read_pb, read_pb_string, write_pb, write_pb_string
from arki.voting.tests.conftest import DATA

GOOD = """META
key;value
description;test
num_projects;2
num_votes;3
budget;100
vote_type;cumulative
max_sum_points;5
PROJECTS
project_id;cost;name;selected
a;60;"Park; with a semicolon";1
b;50;Library;0
VOTES
voter_id;vote;points;age
1;a,b;3,2;30
2;b,a;2,3;41
3;b;5;None
"""


def _error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as caught:
        read_pb_string(text)
    return caught.value


def test_reads_and_merges_identical_ballots() -> None:
    election = read_pb_string(GOOD)
    assert election.vote_type is VoteType.CUMULATIVE
    assert election.budget == 100
    assert [p.id for p in election.projects] == ["a", "b"]
    assert election.projects[0].name == "Park; with a semicolon"
    assert election.projects[0].officially_selected is True
    # voters 1 and 2 gave the same points in a different order: one distinct ballot
    assert sorted(election.counts) == [1, 2]
    assert election.voters.ids == ["1", "2", "3"]
    assert election.voters.columns == ("age",)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)
def test_round_trip(path) -> None:  # type: ignore[no-untyped-def]
    election = read_pb(path)
    again = read_pb(io.StringIO(write_pb_string(election)))
    assert again.projects == election.projects
    assert [p.fields for p in again.projects] == [dict(p.fields) for p in election.projects]
    assert again.ballots == election.ballots
    assert again.counts == election.counts
    assert again.meta == election.meta
    assert again.voters == election.voters


def test_writes_elections_built_without_voters() -> None:
    from arki.voting.model import Ballot, Election, Project

    election = Election.from_ballots(
        [Project("x", 10), Project("y", 5)],
        12,
        "approval",
        [Ballot((0,)), Ballot((1, 0)), Ballot((0, 1))],
    )
    stream = io.StringIO()
    write_pb(election, stream)
    again = read_pb_string(stream.getvalue())
    assert again.counts == [1, 2]
    assert again.voters.ids == ["1", "2", "3"]
    assert again.meta["num_votes"] == "3"


def test_missing_votes_section() -> None:
    text = GOOD.split("VOTES")[0]
    error = _error(text)
    assert error.line == 13
    assert error.reason == "missing VOTES section"


def test_missing_meta_section() -> None:
    error = _error(GOOD.replace("META\nkey;value\n", "", 1))
    assert error.line == 1
    assert error.reason == "the file must start with a META section"


def test_sections_out_of_order() -> None:
    error = _error(GOOD.replace("PROJECTS\n", "VOTES\n", 1))
    assert error.line == 9
    assert error.reason == "section VOTES found where PROJECTS was expected"


def test_wrong_vote_count() -> None:
    error = _error(GOOD.replace("num_votes;3", "num_votes;4"))
    assert error.line == 5
    assert error.reason == "META says num_votes = 4 but the file has 3 voters"


def test_wrong_project_count() -> None:
    error = _error(GOOD.replace("num_projects;2", "num_projects;3"))
    assert error.line == 4
    assert error.reason == "META says num_projects = 3 but the file has 2 projects"


def test_negative_cost() -> None:
    error = _error(GOOD.replace("b;50;", "b;-50;"))
    assert error.line == 12
    assert error.reason == "project 'b' has a negative cost (-50)"


def test_unknown_project_in_vote() -> None:
    error = _error(GOOD.replace("3;b;5;None", "3;c;5;None"))
    assert error.line == 17
    assert error.reason == "vote names unknown project 'c'"


def test_points_over_limit() -> None:
    error = _error(GOOD.replace("1;a,b;3,2;30", "1;a,b;3,3;30"))
    assert error.line == 15
    assert error.reason == "ballot gives 6 points, over max_sum_points = 5"


def test_points_do_not_match_projects() -> None:
    error = _error(GOOD.replace("1;a,b;3,2;30", "1;a,b;3;30"))
    assert error.line == 15
    assert error.reason == "1 points for 2 projects"


def test_project_named_twice_in_a_vote() -> None:
    error = _error(GOOD.replace("3;b;5;None", "3;b,b;2,2;None"))
    assert (error.line, error.reason) == (17, "vote names the same project twice")


def test_cost_not_a_number() -> None:
    error = _error(GOOD.replace("b;50;", "b;fifty;"))
    assert (error.line, error.reason) == (12, "cost of project b is not a number: 'fifty'")


def test_too_many_fields() -> None:
    error = _error(GOOD.replace("3;b;5;None", "3;b;5;None;extra"))
    assert (error.line, error.reason) == (17, "5 fields but the VOTES header has 4")


def test_missing_budget() -> None:
    error = _error(GOOD.replace("budget;100\n", ""))
    assert error.line == 8
    assert error.reason == "META lacks the budget key"


def test_error_message_names_the_line() -> None:
    assert str(_error(GOOD.replace("b;50;", "b;-50;"))).startswith("line 12: ")


# -- bounds on numbers (issue #12, finding 13) ---------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("budget;100", "budget;" + "9" * 400, 6, "budget is not a number: '99999999999999999999…'"),
        ("budget;100", "budget;-100", 6, "budget is negative: '-100'"),
        ("budget;100", "budget;2e15", 6, "budget is larger than 1,000,000,000,000,000: '2e15'"),
        ("budget;100", "budget;1e999999999", 6, "budget is not a number: '1e999999999'"),
        ("budget;100", "budget;inf", 6, "budget is not a number: 'inf'"),
        ("budget;100", "budget;nan", 6, "budget is not a number: 'nan'"),
        ("b;50;", "b;1000000000000001;", 12,
         "cost of project b is larger than 1,000,000,000,000,000: '1000000000000001'"),
        ("3;b;5;None", "3;b;5e20;None", 17,
         "points is larger than 1,000,000,000,000,000: '5e20'"),
        ("max_sum_points;5", "max_sum_points;-5", 8, "max_sum_points is negative"),
    ],
)  # fmt: skip
def test_numbers_out_of_bounds_are_refused_with_their_line(old, new, line, reason) -> None:
    assert old in GOOD
    error = _error(GOOD.replace(old, new))
    assert (error.line, error.reason) == (line, reason)


def test_largest_allowed_budget_reads() -> None:
    election = read_pb_string(GOOD.replace("budget;100", "budget;1000000000000000"))
    assert election.budget == 10**15
