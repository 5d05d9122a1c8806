"""Writes of the concept selection (workshop 6) and of the decision it ends with.

Decision-makers score every candidate concept against every chosen criterion on the
selection's scale; a seat's scores are one matrix, and scoring again replaces it. The
decision is recorded once and never edited: `decision_update` refuses every change, and a
changed mind is a new decision that supersedes the old one (`Decision.supersedes`, one
successor per decision, a database constraint), so the history is kept and shown.
Publishing a decision is not an edit of what was decided: it puts it on the public page.

Every refusal is a `ValidationError` with a translated message, raised before anything is
written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState
from arki.core.models import Process, Seat, SessionActivity, User
from arki.core.services.writes import create_clean, save_fields

from ..enums import WeightSource
from ..models import Concept, Criterion, Decision, Score, Selection

CONCEPT_SELECT = "decisions.concept_select"


def selection_create(
    *,
    process: Process,
    title: str,
    concepts: Iterable[Concept],
    criteria: Iterable[Criterion],
    scale_min: int = 1,
    scale_max: int = 5,
    weights: str = WeightSource.EQUAL,
    by: User | None,
    title_sv: str = "",
    title_en: str = "",
) -> Selection:
    """A concept selection: candidate concepts of the process, scored against its chosen
    criteria on a scale from `scale_min` to `scale_max`."""
    concepts, criteria = list(concepts), list(criteria)
    if len(concepts) < 1:
        raise ValidationError(_("Choose at least one candidate concept."))
    if not criteria:
        raise ValidationError(_("Choose at least one criterion."))
    if any(c.process_id != process.pk for c in concepts):
        raise ValidationError(_("A candidate concept belongs to another process."))
    if any(c.process_id != process.pk for c in criteria):
        raise ValidationError(_("A criterion belongs to another process."))
    chosen = Criterion.objects.filter(pk__in=[c.pk for c in criteria], chosen=True).count()
    if chosen != len({c.pk for c in criteria}):
        raise ValidationError(_("Only criteria chosen in the criteria vote can be scored."))
    if scale_min >= scale_max:
        raise ValidationError(_("The lowest score must be below the highest."))
    with transaction.atomic():
        selection = create_clean(
            Selection,
            by=by,
            process=process,
            title=(title or "").strip(),
            title_sv=(title_sv or "").strip(),
            title_en=(title_en or "").strip(),
            scale_min=scale_min,
            scale_max=scale_max,
            weights=weights,
        )
        selection.concepts.set(concepts)
        selection.criteria.set(criteria)
    return selection


def scores_submit(
    *,
    selection: Selection,
    activity: SessionActivity,
    seat: Seat,
    scores: Mapping[tuple[int, int], int | None],
    entered_by: User | None = None,
) -> bool:
    """Store a seat's score matrix: `scores` maps (concept id, criterion id) to a score.
    Returns True for a first matrix, False when it replaced the seat's earlier one.

    Refused, with nothing written: an activity that does not run this selection (or a
    selection already scored in another session), a seat of another session, a closed
    activity, a concept or criterion not in the selection, a score outside the scale and a
    matrix with a cell left empty. The first matrix links the selection to its activity.
    """
    if activity.kind != CONCEPT_SELECT or activity.config.get("selection") != selection.pk:
        raise ValidationError(_("This activity does not run this concept selection."))
    if selection.activity_id not in (None, activity.pk):
        raise ValidationError(_("This selection is already scored in another session."))
    if seat.session_id != activity.session_id:
        raise ValidationError(_("This seat belongs to another session."))
    if not activity.session.is_open or activity.state != ActivityState.OPEN:
        raise ValidationError(_("This selection is closed: scores are no longer taken."))
    concepts = set(selection.concepts.values_list("pk", flat=True))
    criteria = set(selection.criteria.values_list("pk", flat=True))
    for concept_id, criterion_id in scores:
        if concept_id not in concepts:
            raise ValidationError(_("This concept is not a candidate in this selection."))
        if criterion_id not in criteria:
            raise ValidationError(_("This criterion is not scored in this selection."))
    for value in scores.values():
        if value is not None and not selection.scale_min <= value <= selection.scale_max:
            raise ValidationError(
                _("A score must be from %(min)d to %(max)d.")
                % {"min": selection.scale_min, "max": selection.scale_max}
            )
    given = {cell for cell, value in scores.items() if value is not None}
    if {(a, b) for a in concepts for b in criteria} - given:
        raise ValidationError(_("Score every concept against every criterion."))
    with transaction.atomic():
        if selection.activity_id is None:
            selection.activity = activity
            save_fields(selection, entered_by, ["activity"])
        Seat.objects.select_for_update().filter(pk=seat.pk).first()
        previous = {
            (s.concept_id, s.criterion_id): s
            for s in Score.objects.filter(selection=selection, seat=seat)
        }
        for (concept_id, criterion_id), value in scores.items():
            if value is None:
                continue
            score = previous.get((concept_id, criterion_id))
            if score is None:
                create_clean(
                    Score,
                    by=entered_by,
                    selection=selection,
                    seat=seat,
                    concept_id=concept_id,
                    criterion_id=criterion_id,
                    value=value,
                )
            elif score.value != value:
                score.value = value
                save_fields(score, entered_by, ["value"])
    return not previous


def decision_record(
    *,
    process: Process,
    concept: Concept,
    decided_on: datetime.date,
    participants: str,
    rationale: str,
    rationale_sv: str = "",
    rationale_en: str = "",
    selection: Selection | None = None,
    supersedes: Decision | None = None,
    by: User | None,
) -> Decision:
    """Record the decision: the chosen concept, its date, who took part and why.

    A decision that supersedes another names it; only the current decision (one nothing has
    superseded yet) can be superseded, so the history is a single line. The superseded
    decision stays (in the staff history, and on the public page if it was published there),
    marked as superseded."""
    if concept.process_id != process.pk:
        raise ValidationError(_("The chosen concept belongs to another process."))
    if selection is not None:
        if selection.process_id != process.pk:
            raise ValidationError(_("This selection belongs to another process."))
        if not selection.concepts.filter(pk=concept.pk).exists():
            raise ValidationError(_("The chosen concept is not a candidate in this selection."))
    if not (participants or "").strip():
        raise ValidationError(_("Say who took part in the decision."))
    if not (rationale or "").strip():
        raise ValidationError(_("Write the rationale of the decision."))
    with transaction.atomic():
        if supersedes is not None:
            old = Decision.objects.select_for_update().filter(pk=supersedes.pk).first()
            if old is None or old.process_id != process.pk:
                raise ValidationError(_("The superseded decision belongs to another process."))
            if Decision.objects.filter(supersedes=old).exists():
                raise ValidationError(
                    _("This decision has already been superseded; supersede the newest one.")
                )
        return create_clean(
            Decision,
            by=by,
            process=process,
            selection=selection,
            concept=concept,
            decided_on=decided_on,
            participants=participants.strip(),
            rationale=rationale.strip(),
            rationale_sv=(rationale_sv or "").strip(),
            rationale_en=(rationale_en or "").strip(),
            supersedes=supersedes,
        )


def decision_update(*, decision: Decision, by: User | None, **changes: Any) -> None:
    """A recorded decision is never edited: this refuses every change, with nothing written."""
    raise ValidationError(
        _(
            "A recorded decision cannot be edited. Record a new decision that supersedes it; "
            "the earlier one stays in the history."
        )
    )


def decision_publish(*, decision: Decision, by: User | None) -> Decision:
    """Put the decision on the public page, with its criteria totals (aggregates only).

    A superseded decision is not published anew; one published before it was superseded
    stays public, marked as superseded, so the public history is kept too."""
    if Decision.objects.filter(supersedes=decision).exists():
        raise ValidationError(
            _("This decision has been superseded: publish the decision that replaced it.")
        )
    decision.is_published = True
    decision.published_at = timezone.now()
    save_fields(decision, by, ["is_published", "published_at"])
    return decision


def decision_unpublish(*, decision: Decision, by: User | None) -> Decision:
    decision.is_published = False
    save_fields(decision, by, ["is_published"])
    return decision
