"""What the decisions tool adds to a workshop's public page (`public_sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from arki.core.models import Workshop
from arki.core.registry import PublicSection

from .selectors import decision_scores, published_decisions


# decision of the concept selection (dcriteria)
def decision_sections(workshop: Workshop) -> list[PublicSection]:
    """The published decisions of the workshop's concept selection, each with the criteria
    totals behind it: means and weighted totals per concept, never a voter's scores."""
    return [
        PublicSection(
            title=_("Decision: %(concept)s") % {"concept": decision.concept.tr("name")},
            template="decisions/public/decision.html",
            context={
                "decision": decision,
                "rationale": decision.tr("rationale"),
                "superseded_by": getattr(decision, "superseded_by", None),
                "scores": decision_scores(decision),
            },
        )
        for decision in published_decisions(workshop)
    ]


def public_sections(workshop: Workshop) -> list[PublicSection]:
    return [*decision_sections(workshop)]
