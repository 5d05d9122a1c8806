"""The decisions tool's open data (the manifest's `open_data`): criteria votes and concepts.

A criteria vote is published when its workshop's results are published, or when a published
decision was scored on its criteria (the public decision trail shows it then). A vote with
fewer voters than `ARKI_K_ANONYMITY` is left out: its counts would be a few people's marks.
Who proposed a criterion and who marked what are never given, only the counts. Concepts are
given once published, with the name and aim that their public pages show.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process
from arki.core.registry import OpenColumn, OpenDataset

from .models import Concept, Criterion, CriterionVote, Decision


def _published_criteria(process: Process):
    decided = Decision.objects.filter(
        process=process, is_published=True, selection__isnull=False
    ).values_list("selection__criteria__activity_id", flat=True)
    return Criterion.objects.filter(process=process).filter(
        Q(activity__session__workshop__is_published=True) | Q(activity_id__in=decided)
    )


def criteria_rows(process: Process) -> list[list[Any]]:
    criteria = list(
        _published_criteria(process)
        .select_related("activity__session__workshop")
        .annotate(
            n_important=Count("votes", filter=Q(votes__important=True)),
            n_not=Count("votes", filter=Q(votes__important=False)),
        )
        .order_by("activity_id", "position", "pk")
    )
    voters = dict(
        CriterionVote.objects.filter(criterion__in=[c.pk for c in criteria])
        .values_list("criterion__activity_id")
        .annotate(n=Count("seat", distinct=True))
    )
    rows = []
    for criterion in criteria:
        n = voters.get(criterion.activity_id, 0)
        if n < int(settings.ARKI_K_ANONYMITY):
            continue
        workshop = criterion.activity.session.workshop if criterion.activity else None
        rows.append(
            [
                workshop.position if workshop else "",
                criterion.activity_id or "",
                criterion.pk,
                criterion.tr("text"),
                criterion.n_important,
                criterion.n_not,
                n,
                "yes" if criterion.chosen else "no",
            ]
        )
    return rows


def concept_rows(process: Process) -> list[list[Any]]:
    return [
        [
            concept.pk,
            concept.tr("name"),
            concept.tr("aim"),
            timezone.localtime(concept.published_at).date().isoformat()
            if concept.published_at
            else "",
        ]
        for concept in Concept.objects.filter(process=process, is_published=True).order_by(
            "name", "pk"
        )
    ]


OPEN_DATA = [
    OpenDataset(
        name="criteria-votes",
        title=_("Criteria votes"),
        description=_(
            "The criteria for choosing the concept to pilot and how many voters marked each "
            "important or not important. Votes with fewer voters than the k-anonymity size "
            "are left out."
        ),
        columns=[
            OpenColumn(
                "workshop", _("Workshop"), _("The workshop's number in the process."), "integer"
            ),
            OpenColumn("vote", _("Vote"), _("The criteria vote's number in Arki."), "integer"),
            OpenColumn(
                "criterion", _("Criterion"), _("The criterion's number in Arki."), "integer"
            ),
            OpenColumn("criterion_text", _("Criterion text"), _("The criterion as written.")),
            OpenColumn(
                "important", _("Important"), _("Voters who marked it important."), "integer"
            ),
            OpenColumn(
                "not_important",
                _("Not important"),
                _("Voters who marked it not important."),
                "integer",
            ),
            OpenColumn("voters", _("Voters"), _("Voters in the whole vote."), "integer"),
            OpenColumn(
                "chosen",
                _("Chosen"),
                _("yes: the criterion carries on to the concept selection."),
            ),
        ],
        rows=criteria_rows,
    ),
    OpenDataset(
        name="concepts",
        title=_("Service concepts"),
        description=_("The published service concepts gathered from the workshops' ideas."),
        columns=[
            OpenColumn("concept", _("Concept"), _("The concept's number in Arki."), "integer"),
            OpenColumn("name", _("Name"), _("The concept's name.")),
            OpenColumn("aim", _("Aim"), _("What the concept aims at.")),
            OpenColumn("published", _("Published"), _("The day it was published."), "date"),
        ],
        rows=concept_rows,
    ),
]
