"""Q&A: participants send questions and up-vote others' (once each); the facilitator
approves or hides them. Questions live in `LiveQuestion`, up-votes in `LiveQuestionVote`
(one per seat and question: a database constraint)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ..enums import ActivityState, Channel
from ..models import LiveQuestion, LiveQuestionVote, Seat, SessionActivity, User
from .base import Activity, ActivityError

MAX_QUESTION = 300
#: Questions one seat may send to one Q&A: enough for anyone, not enough to flood the wall.
MAX_PER_SEAT = 10


class QAConfigForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300)
    moderated = forms.BooleanField(
        label=_("Show a question only after I approve it"), required=False
    )


class QuestionsAndAnswers(Activity):
    key = "core.qa"
    label = _("Q&A with up-votes")
    description = _(
        "Participants send questions and up-vote the ones they want answered; "
        "you approve or hide them."
    )
    participant_template = "core/activities/qa_answer.html"
    projector_template = "core/activities/qa_results.html"
    config_form_class = QAConfigForm

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {"title": cleaned_data["title"], "moderated": bool(cleaned_data.get("moderated"))}

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        form = forms.Form(data=data, prefix=f"a{activity.pk}")
        form.fields["text"] = forms.CharField(
            label=_("Your question"),
            max_length=MAX_QUESTION,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={
                "required": _("Write your question."),
                "max_length": _("A question can be at most %(limit_value)d characters."),
            },
        )
        if seat is not None:
            # The questions on the participant's page, with the ones this seat up-voted.
            form.qa_questions = list(  # type: ignore[attr-defined]
                activity.questions.filter(state=LiveQuestion.State.APPROVED)
            )
            form.qa_voted = set(  # type: ignore[attr-defined]
                LiveQuestionVote.objects.filter(question__activity=activity, seat=seat).values_list(
                    "question_id", flat=True
                )
            )
            form.qa_waiting = activity.questions.filter(  # type: ignore[attr-defined]
                seat=seat, state=LiveQuestion.State.PENDING
            ).count()
        return form

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        if activity.questions.filter(seat=seat).count() >= MAX_PER_SEAT:
            raise ActivityError(
                _("You have sent %(count)d questions, the most one participant can.")
                % {"count": MAX_PER_SEAT}
            )
        moderated = activity.config.get("moderated")
        LiveQuestion.objects.create(
            activity=activity,
            seat=seat,
            text=cleaned_data["text"].strip(),
            state=LiveQuestion.State.PENDING if moderated else LiveQuestion.State.APPROVED,
            channel=Channel.PAPER if entered_by is not None else seat.channel,
            created_by=entered_by,
        )
        return True

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        questions = list(activity.questions.exclude(state=LiveQuestion.State.HIDDEN))
        approved = [q for q in questions if q.state == LiveQuestion.State.APPROVED]
        return {
            "questions": approved,
            "waiting": len(questions) - len(approved),
            "respondents": len(approved),
        }

    @classmethod
    def has_answers(cls, activity: SessionActivity) -> bool:
        return activity.questions.exists()

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]]:
        rows: list[list[Any]] = [
            [str(_("Question")), str(_("State")), str(_("Up-votes")), str(_("Sent"))]
        ]
        rows += [
            [q.text, str(q.get_state_display()), q.votes, q.created_at.isoformat()]
            for q in activity.questions.all()
        ]
        return rows


def question_vote(*, question: LiveQuestion, seat: Seat) -> None:
    """A seat's up-vote: once per seat, only for a shown question of an open Q&A."""
    activity = question.activity
    if seat.session_id != activity.session_id:
        raise ActivityError(_("This seat belongs to another session."))
    if not activity.session.is_open or activity.state != ActivityState.OPEN:
        raise ActivityError(_("This activity is not open for answers right now."))
    if question.state != LiveQuestion.State.APPROVED:
        raise ActivityError(_("This question is not shown."))
    try:
        with transaction.atomic():
            LiveQuestionVote.objects.create(question=question, seat=seat)
            LiveQuestion.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError as error:
        raise ActivityError(_("You have already up-voted this question.")) from error


def question_moderate(*, question: LiveQuestion, state: str, by: User | None) -> None:
    """The facilitator shows (approves) or hides a question."""
    if state not in LiveQuestion.State.values:
        raise ActivityError(_("Unknown question state."))
    question.state = state
    question.modified_by = by
    question.save(update_fields=["state", "modified_by", "modified_at"])
