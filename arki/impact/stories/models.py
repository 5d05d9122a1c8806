"""Community reporters and their stories (brief §6, issue #18 item 6).

Residents trained as community reporters (*yhteisöreportterit*) tell their own experience of
welfare services: text, photos and an audio clip. Staff moderate every story before it is
published (accept, ask for changes, reject, each with who and when; a reason is required
for asking changes and for rejecting) and then publish it on the process site and its feed.

Rules that must never break are kept by the database as well as the services: a photo has
alt text, an audio clip has a transcript, a moderation that asks for changes or rejects has a
reason. "No acceptance without a consent record" spans two tables and is checked by the
service under the story's row lock (`services/stories.py`).

Concepts and actions belong to the decisions tool, which this tool must not import: a story
keeps their id and title as plain values (read through registry capabilities).
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from arki.core.enums import ConsentMethod
from arki.core.models.base import CivicModel

from .enums import EDITABLE, Decision, MediaKind, StoryStatus

__all__ = ["ModerationEvent", "Reporter", "Story", "StoryConsent", "StoryMedia"]


def media_path(instance: StoryMedia, filename: str) -> str:
    """`stories/<process id>/<random folder>/<name>`: a name nobody can guess, and never under
    the core's `uploads/` (those are deleted after the retention period)."""
    name = get_valid_filename(os.path.basename(filename)) or "file"
    return f"stories/{instance.story.process_id}/{secrets.token_hex(12)}/{name}"


class Reporter(CivicModel):
    """A resident trained as a community reporter in one process.

    The reporter signs in with the personal access code of their `person` (the same code as
    their diary, throttled) or, if staff linked an account, by logging in as `user`.
    """

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    #: The training held as a meeting of the process (the core's meetings), when it was one.
    training = models.ForeignKey(
        "core.Meeting",
        verbose_name=_("training event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("community reporter")
        verbose_name_plural = _("community reporters")
        ordering = ["process", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(user__isnull=False),
                name="impact_reporter_has_person_or_user",
            ),
            models.UniqueConstraint(
                fields=["process", "person"],
                condition=Q(person__isnull=False),
                name="impact_unique_reporter_person",
            ),
        ]

    def __str__(self) -> str:
        return self.person.code if self.person_id else str(self.pk)  # type: ignore[union-attr]


class Story(CivicModel):
    """One reporter's story: text, photos and audio, moderated before it is published."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    #: None once the reporter's personal data was erased (a published story stays, unsigned).
    reporter = models.ForeignKey(
        Reporter,
        verbose_name=_("community reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"))
    #: A language tag (fi, sv, en, se, ru …): stories are told in the reporter's own language.
    language = models.CharField(_("language"), max_length=12, default="fi")
    byline = models.CharField(
        _("name shown with the story"),
        max_length=100,
        blank=True,
        help_text=_("For example your first name, or leave empty to publish without a name."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    concept_id = models.PositiveIntegerField(_("concept"), null=True, blank=True)
    concept_title = models.CharField(_("concept"), max_length=200, blank=True)
    action_id = models.PositiveIntegerField(_("action"), null=True, blank=True)
    action_title = models.CharField(_("action"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="impact_published_story_has_time",
            ),
        ]
        indexes = [models.Index(fields=["process", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class StoryMedia(CivicModel):
    """A photo (with alt text) or an audio clip (with a transcript) of a story."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=media_path, max_length=300)
    content_type = models.CharField(_("file type"), max_length=40)
    alt_text = models.CharField(
        _("description of the photo (alt text)"), max_length=300, blank=True
    )
    transcript = models.TextField(_("transcript of the audio"), blank=True)

    class Meta:
        verbose_name = _("story photo or audio")
        verbose_name_plural = _("story photos and audio")
        ordering = ["story", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="photo") | ~Q(alt_text=""),
                name="impact_photo_has_alt_text",
            ),
            models.CheckConstraint(
                condition=~Q(kind="audio") | ~Q(transcript=""),
                name="impact_audio_has_transcript",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text or self.get_kind_display()


class StoryConsent(CivicModel):
    """Consent of one person shown in a photo or named in the story (the reporter included)."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="consents"
    )
    person_name = models.CharField(_("who gave consent"), max_length=150)
    method = models.CharField(_("how given"), max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField(_("given on"))
    #: The reporter's own consent: blanked with the rest of their identity on erasure.
    is_reporter = models.BooleanField(_("the reporter's own consent"), default=False)

    class Meta:
        verbose_name = _("consent to a story")
        verbose_name_plural = _("consents to stories")
        ordering = ["story", "pk"]

    def __str__(self) -> str:
        return self.person_name


class ModerationEvent(CivicModel):
    """One step of a story's moderation: who (`created_by`), what and why, and when."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="moderation"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")
        ordering = ["story", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision__in=["changes", "reject"]) | ~Q(reason=""),
                name="impact_moderation_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return self.get_decision_display()
