"""Writes of the criteria vote (workshop 5): propose criteria, cast ballots, pick the chosen.

A ballot is one seat's marks on the criteria of one criteria-vote activity: each criterion
is marked important, not important, or left without a mark. The seed's own table
(brief §3, item 1) has rows whose counts do not add up to the number of voters (17/0 but
7/0), so voters did leave criteria unmarked; a ballot must mark at least one criterion and
may leave the others blank. Casting again replaces the seat's whole ballot (a criterion
left blank the second time loses the seat's earlier mark), so a seat has at most one mark
per criterion (the database's `one_vote_per_criterion`) and the counts are always a recount
of the current ballots.

Every refusal is a `ValidationError` with a translated message, raised before anything is
written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState
from arki.core.models import Seat, SessionActivity, User
from arki.core.services.writes import create_clean, save_fields

from ..models import SHORT_TEXT, Criterion, CriterionVote

CRITERIA_VOTE = "decisions.criteria_vote"
#: A criteria vote is a short list voters can read on a phone and the projector can show.
MAX_CRITERIA = 20


def _check_activity(activity: SessionActivity) -> None:
    if activity.kind != CRITERIA_VOTE:
        raise ValidationError(_("This activity is not a criteria vote."))


def _check_open(activity: SessionActivity) -> None:
    if not activity.session.is_open or activity.state != ActivityState.OPEN:
        raise ValidationError(_("This criteria vote is closed: votes are no longer taken."))


def criterion_propose(
    *,
    activity: SessionActivity,
    text: str,
    text_sv: str = "",
    text_en: str = "",
    seat: Seat | None = None,
    by: User | None = None,
) -> Criterion:
    """Add a criterion to a criteria vote: by staff (`by`) at any time, or from a
    participant's phone (`seat`) while the vote is open and the facilitator allows it."""
    _check_activity(activity)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the criterion."))
    if len(text) > SHORT_TEXT:
        raise ValidationError(
            _("A criterion can be at most %(max)d characters.") % {"max": SHORT_TEXT}
        )
    if seat is not None:
        if seat.session_id != activity.session_id:
            raise ValidationError(_("This seat belongs to another session."))
        if not activity.config.get("participants_propose"):
            raise ValidationError(_("In this vote only the facilitators propose criteria."))
        _check_open(activity)
    elif by is None:
        raise ValidationError(_("Join the workshop to propose a criterion."))
    with transaction.atomic():
        existing = Criterion.objects.select_for_update().filter(activity=activity)
        texts = {c.text.casefold() for c in existing}
        if text.casefold() in texts:
            raise ValidationError(_("This criterion is already on the list."))
        if len(texts) >= MAX_CRITERIA:
            raise ValidationError(
                _("A criteria vote has at most %(max)d criteria.") % {"max": MAX_CRITERIA}
            )
        position = (existing.aggregate(last=Max("position"))["last"] or 0) + 1
        return create_clean(
            Criterion,
            by=by,
            process=activity.session.workshop.process,
            activity=activity,
            text=text,
            text_sv=(text_sv or "").strip(),
            text_en=(text_en or "").strip(),
            position=position,
            proposed_by=seat,
        )


def ballot_cast(
    *,
    activity: SessionActivity,
    seat: Seat,
    marks: Mapping[int, bool | None],
    entered_by: User | None = None,
) -> bool:
    """Store a seat's ballot: `marks` maps criterion ids to True (important), False (not
    important) or None (no mark). Returns True for a first ballot, False for a re-vote.

    Refused, with nothing written: a seat of another session, a closed vote, a criterion of
    another activity (another session's or process's vote), and a ballot with no mark.
    """
    _check_activity(activity)
    if seat.session_id != activity.session_id:
        raise ValidationError(_("This seat belongs to another session."))
    _check_open(activity)
    criteria = set(Criterion.objects.filter(activity=activity).values_list("pk", flat=True))
    foreign = set(marks) - criteria
    if foreign:
        raise ValidationError(
            _("A vote can mark only the criteria of this vote; another session's is refused.")
        )
    marked = {pk: bool(value) for pk, value in marks.items() if value is not None}
    if not marked:
        raise ValidationError(_("Mark at least one criterion important or not important."))
    with transaction.atomic():
        # Lock the seat: two submits of one ballot at once must not interleave.
        Seat.objects.select_for_update().filter(pk=seat.pk).first()
        previous = CriterionVote.objects.filter(criterion__activity=activity, seat=seat)
        created = not previous.exists()
        previous.exclude(criterion_id__in=marked).delete()
        for pk, important in marked.items():
            vote = CriterionVote.objects.filter(criterion_id=pk, seat=seat).first()
            if vote is None:
                create_clean(
                    CriterionVote, by=entered_by, criterion_id=pk, seat=seat, important=important
                )
            elif vote.important != important:
                vote.important = important
                save_fields(vote, entered_by, ["important"])
    return created


def criteria_choose(
    *, activity: SessionActivity, chosen: Iterable[int], by: User | None
) -> list[Criterion]:
    """The facilitator's ticks: exactly these criteria of the vote carry on."""
    _check_activity(activity)
    chosen = set(chosen)
    criteria = list(Criterion.objects.filter(activity=activity))
    if chosen - {c.pk for c in criteria}:
        raise ValidationError(_("Only the criteria of this vote can be chosen."))
    if not chosen:
        raise ValidationError(_("Choose at least one criterion to carry on."))
    with transaction.atomic():
        for criterion in criteria:
            if criterion.chosen != (criterion.pk in chosen):
                criterion.chosen = criterion.pk in chosen
                save_fields(criterion, by, ["chosen"])
    return [c for c in criteria if c.chosen]


def criteria_choose_by_threshold(
    *,
    activity: SessionActivity,
    min_important: int | None = None,
    min_share: float | None = None,
    by: User | None,
) -> list[Criterion]:
    """The criteria with at least `min_important` "important" marks, or at least `min_share`
    (0–1) of their marks "important", carry on; the others do not."""
    from ..selectors import criteria_tally

    _check_activity(activity)
    if (min_important is None) == (min_share is None):
        raise ValidationError(_("Give either a minimum count or a minimum share."))
    if min_important is not None and min_important < 1:
        raise ValidationError(_("The minimum count is at least 1."))
    if min_share is not None and not 0 < min_share <= 1:
        raise ValidationError(_("The minimum share is between 1 and 100 per cent."))
    rows = criteria_tally(activity)
    chosen = [
        row.pk
        for row in rows
        if (min_important is not None and row.important >= min_important)
        or (min_share is not None and row.marks and row.important / row.marks >= min_share)
    ]
    if not chosen:
        raise ValidationError(_("No criterion reaches this threshold: nothing was changed."))
    return criteria_choose(activity=activity, chosen=chosen, by=by)
