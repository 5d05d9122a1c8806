"""The civic base model every Arki model builds on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CivicModel(models.Model):
    """Who created and last changed a row, and when; every domain model inherits this."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    """Rows that must not vanish (they are counted in published figures) are hidden instead."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class TranslatedFieldsMixin:
    """Content written by staff in Finnish, with optional Swedish and English versions.

    A model lists `<field>`, `<field>_sv` and `<field>_en`; `tr("field")` picks the active
    language and falls back to Finnish, so a missing translation never shows an empty page.
    """

    def tr(self, field: str) -> str:
        language = (get_language() or "fi")[:2]
        if language in {"sv", "en"}:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)
