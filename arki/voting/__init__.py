"""Arki's participatory-budgeting engine: elections, ballots, counting rules and pabulib files.

Pure Python (numpy where it pays), no Django: the budgeting app, the ``arki pb`` command, the
tests and the benchmark all use it as a library.

    from arki.voting import read_pb, count, CountOptions
    outcome = count(read_pb("Poland_Wieliczka_2023_Green_Budget.pb"),
                    CountOptions(completion="add1-until-overspend"))
"""

from arki.voting.model import Ballot, Election, Project, VoterTable, VoteType
from arki.voting.pabulib import PabulibError, read_pb, write_pb
from arki.voting.results import Outcome, compare
from arki.voting.rules import CountOptions, count

__all__ = [
    "Ballot",
    "CountOptions",
    "Election",
    "Outcome",
    "PabulibError",
    "Project",
    "VoteType",
    "VoterTable",
    "compare",
    "count",
    "read_pb",
    "write_pb",
]
