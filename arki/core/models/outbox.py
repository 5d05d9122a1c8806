"""Scheduled messages: each person's channel preferences, the outbox (one row per message and
recipient, the send log) and staff's workshop invitations. The engine is `arki.core.outbox`."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import MessageChannel, OutboxReason, OutboxStatus
from .base import CivicModel


class MessagePreference(models.Model):
    """How one person wants to be reached, and the channels they refused.

    Without a row (or with `channel` empty) the person gets e-mail if an address is known,
    else a text message, else a printed letter if a postal address is known.
    """

    person = models.OneToOneField(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="message_preference",
    )
    channel = models.CharField(
        _("preferred channel"), max_length=10, choices=MessageChannel.choices, blank=True
    )
    no_email = models.BooleanField(_("no e-mail messages"), default=False)
    no_sms = models.BooleanField(_("no text messages"), default=False)
    no_letter = models.BooleanField(_("no letters"), default=False)
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("For printed letters to people with neither e-mail nor a phone."),
    )
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self) -> str:
        return str(self.person)

    def refuses(self, channel: str) -> bool:
        return bool(getattr(self, f"no_{channel}", False))


class OutboxMessage(models.Model):
    """One message to one person by one channel, and what became of it (the send log).

    The unique constraint makes every enqueue idempotent: a message key (e.g.
    ``sitting-reminder:12``) reaches a person once per channel, however often the scheduler
    runs or restarts; the engine also refuses a second channel for a key a person already has.
    """

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("message"), max_length=120)
    kind = models.CharField(_("kind"), max_length=60)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=OutboxReason.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: The letters batch (a background job) that printed this letter.
    letter_job = models.ForeignKey(
        "core.Job",
        verbose_name=_("letters batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "person", "channel"], name="unique_outbox_message"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["process", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.person} ({self.channel})"


class SittingInvitation(CivicModel):
    """Staff's decision to invite people to a workshop sitting, sent by the scheduler.

    The invited are the process's participants of the sitting's municipality (every
    participant for a joint sitting), limited to the chosen age groups if any.
    """

    sitting = models.ForeignKey(
        "core.Sitting",
        verbose_name=_("sitting"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    send_at = models.DateTimeField(_("send at"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop invitation")
        verbose_name_plural = _("workshop invitations")
        ordering = ["-send_at"]

    def __str__(self) -> str:
        return f"{self.sitting} ({self.send_at:%Y-%m-%d})"
