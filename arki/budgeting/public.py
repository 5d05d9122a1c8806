"""Published results on the public workshop page (the process website, brief §5)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .selectors import published_rounds, round_breakdowns, round_totals, round_totals_split


def public_sections(workshop: Workshop) -> list[PublicSection]:
    """One section per closed, published round: totals by item and category, turnout, the
    results by persona and age group (personas are published only with enough supporters,
    so the groups are not individuals), what the discussion after the count raised, and the
    vouchers of each sitting and municipality when the workshop was held at several."""
    sections = []
    for round_ in published_rounds(workshop):
        totals = round_totals(round_)
        sections.append(
            PublicSection(
                title=_("Results: %(round)s") % {"round": round_.title},
                template="budgeting/public/results.html",
                context={
                    "round": round_,
                    "totals": totals,
                    "breakdowns": round_breakdowns(round_, totals),
                    # per sitting and municipality when the workshop had several sittings
                    "split": round_totals_split(round_),
                },
            )
        )
    return sections
