"""Live workshop sessions: a join code, seats for participants, activities and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ActivityState, Channel, SessionStatus
from .base import CivicModel, TranslatedFieldsMixin


class LiveSession(CivicModel):
    """A workshop running live: participants join with `code` (6 characters) or its QR code."""

    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="live_sessions",
    )
    sitting = models.ForeignKey(
        "core.Sitting",
        verbose_name=_("sitting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_sessions",
        help_text=_("The local sitting this session was held at; empty for older sessions."),
    )
    code = models.CharField(_("join code"), max_length=6, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    expires_at = models.DateTimeField(_("expires at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymous_seats = models.BooleanField(
        _("participants may join without a personal code"),
        default=True,
        help_text=_(
            "Open workshops welcome anyone who walks in. Turn this off when only enrolled "
            "participants may answer: then everyone joins with their personal access code."
        ),
    )
    timer_ends_at = models.DateTimeField(
        _("timer ends at"),
        null=True,
        blank=True,
        help_text=_("The facilitator's countdown, shown on the projector and on phones."),
    )

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-created_at"]
        constraints = [
            # A double-clicked or repeated "open session" must not start a second session
            # that half of the room joins; `session_open` returns the open one instead.
            models.UniqueConstraint(
                fields=["workshop"],
                condition=Q(status=SessionStatus.OPEN),
                name="one_open_session_per_workshop",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN and self.expires_at > timezone.now()


class Seat(CivicModel):
    """One participant in a live session, without an account.

    The participant's browser holds a random secret; only its SHA-256 is stored. Paper
    participants get a seat too, whose answers a facilitator enters.
    """

    session = models.ForeignKey(
        LiveSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="seats"
    )
    number = models.PositiveIntegerField(_("seat number"))
    label = models.CharField(_("name or table"), max_length=40, blank=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="unique_seat_number"),
            # One person, one seat: a second join with the same personal code must not double
            # their vouchers or answers (`seat_join` re-attaches the existing seat instead).
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False),
                name="one_seat_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.label or _("Seat %(number)s") % {"number": self.number}


class SessionActivity(TranslatedFieldsMixin, CivicModel):
    """An activity run in a session; `kind` names an activity registered by a tool."""

    session = models.ForeignKey(
        LiveSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(_("activity type"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=ActivityState.choices, default=ActivityState.DRAFT
    )
    show_results = models.BooleanField(
        _("show results to participants"),
        default=False,
        help_text=_("Participants see the results on their phones when this is on."),
    )

    class Meta:
        verbose_name = _("session activity")
        verbose_name_plural = _("session activities")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActivityResponse(CivicModel):
    """A seat's answer to a generic activity (tools with richer data keep their own models)."""

    activity = models.ForeignKey(
        SessionActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="responses"
    )
    payload = models.JSONField(_("answer"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["activity", "seat"], name="one_answer_per_seat")
        ]


class LiveQuestion(CivicModel):
    """A participant's question in a Q&A activity; the facilitator approves or hides it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Shown")
        HIDDEN = "hidden", _("Hidden")

    activity = models.ForeignKey(
        SessionActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    votes = models.PositiveIntegerField(_("up-votes"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("live question")
        verbose_name_plural = _("live questions")
        ordering = ["-votes", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class LiveQuestionVote(models.Model):
    """One seat's up-vote of a question: at most one per seat (a database constraint)."""

    question = models.ForeignKey(
        LiveQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("up-vote")
        verbose_name_plural = _("up-votes")
        constraints = [
            models.UniqueConstraint(fields=["question", "seat"], name="one_vote_per_seat")
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} → {self.question_id}"
