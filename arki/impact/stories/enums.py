"""Translated choices of community reporters' stories."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for moderation")
    CHANGES = "changes", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")


#: The reporter may edit a story only in these states (a submitted story is being read).
EDITABLE = frozenset({StoryStatus.DRAFT, StoryStatus.CHANGES})


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    AUDIO = "audio", _("Audio clip")


class Decision(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for moderation")
    ACCEPT = "accept", _("Accepted")
    CHANGES = "changes", _("Changes requested")
    REJECT = "reject", _("Rejected")
    PUBLISH = "publish", _("Published")
    UNPUBLISH = "unpublish", _("Unpublished")


#: Decisions that must say why (the reporter reads the reason).
NEEDS_REASON = frozenset({Decision.CHANGES, Decision.REJECT})
