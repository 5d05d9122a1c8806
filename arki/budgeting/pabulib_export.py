"""A budgeting round's ballots as a pabulib `.pb` file (for the export and `arki pb convert`)."""

from __future__ import annotations

from arki.core.opendata import LICENCE, LICENCE_URL
from arki.voting.model import Project
from arki.voting.pabulib import write_pb_string

from . import selectors
from .compute.counting import ProjectSpec, build_election


def pabulib_text(round_, items, *, open_licence: bool = False) -> str:
    """The round's individual ballots as a cumulative pabulib file.

    Voucher rounds have no money: every service costs 1 and the budget covers them all, so
    the file records the vouchers (points) faithfully. Paper tallies are table totals, not
    ballots, and are left out (the META says how many).

    `open_licence` (the public open data): the META states CC BY 4.0, and the ballots are
    put in a canonical order (by their content), so that the voter numbers say nothing of
    the order in which people voted.
    """
    ballots = selectors.ballots_for_count(round_)
    if open_licence:
        ballots = sorted(ballots, key=lambda ballot: sorted(ballot.items()))
    specs = [
        ProjectSpec(str(item.pk), item.name, item.cost if round_.is_projects else 1)
        for item in items
    ]
    budget = round_.budget if round_.is_projects else len(specs)
    election = build_election(specs, budget, ballots)
    election.project_columns = ("project_id", "cost", "name", "category", "votes", "score")
    support = election.project_support()
    points = election.project_points()
    by_id = {str(item.pk): item for item in items}
    election.projects = [
        Project(
            id=p.id,
            cost=p.cost,
            name=p.name,
            categories=(by_id[p.id].category,) if by_id[p.id].category else (),
            fields={"votes": str(support[k]), "score": str(points[k])},
        )
        for k, p in enumerate(election.projects)
    ]
    workshop = round_.workshop
    tables = round_.tallies.filter(confirmed_at__isnull=False).count()
    election.meta = {
        "description": round_.title,
        "country": "Finland",
        "unit": str(workshop.process),
        "instance": str(workshop.date or round_.created_at.date()),
        "subunit": str(workshop),
        "rule": "greedy" if not round_.is_projects else "equalshares",
        "vouchers_per_participant": str(round_.vouchers_per_participant),
        "comment": (
            "Arki welfare-voucher round; voters may give vouchers to each other, so a ballot "
            "may hold more points than vouchers_per_participant. Paper tallies counted per "
            f"table are not included ({tables} tables)."
        ),
    }
    if open_licence:
        election.meta.update(licence=LICENCE, licence_url=LICENCE_URL)
    return write_pb_string(election)
