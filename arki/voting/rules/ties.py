"""Tie-breaking between projects that a rule values exactly equally.

* ``id`` — pabutools' default: the project whose id is smallest *as a string* wins, so "10"
  comes before "9". This is what makes Arki's results identical to pabutools'.
* ``cost-votes-lot`` — equalshares.net's: the cheaper project wins, then the one named on more
  ballots, then a lot drawn with a seeded random generator (the same seed always gives the same
  draw, so a published result can be re-checked).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from arki.voting.model import Election
from arki.voting.rules.options import Ties


def tie_key(election: Election, ties: Ties, seed: int = 0) -> Callable[[int], Any]:
    """A sort key on project indices: the project with the smallest key wins a tie."""
    projects = election.projects
    if ties == "id":
        return lambda j: projects[j].id
    votes = election.project_support()
    draw = list(range(len(projects)))
    random.Random(seed).shuffle(draw)
    lot = {j: position for position, j in enumerate(draw)}
    return lambda j: (projects[j].cost, -votes[j], lot[j])
