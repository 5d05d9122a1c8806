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
    `tr_is_fallback("field")` says when the Finnish text stands in for a missing version: the
    page then marks it `lang="fi"` (template filter `lang_of`), so a screen reader reads it
    with Finnish pronunciation.
    """

    def tr(self, field: str) -> str:
        language = _page_language()
        if language in TRANSLATED_LANGUAGES:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)

    def tr_is_fallback(self, field: str) -> bool:
        language = _page_language()
        return (
            language in TRANSLATED_LANGUAGES
            and not getattr(self, f"{field}_{language}", "")
            and bool(getattr(self, field))
        )


#: The languages a staff-entered text may have besides Finnish (`<field>_sv`, `<field>_en`).
TRANSLATED_LANGUAGES = ("sv", "en")


def _page_language() -> str:
    return (get_language() or "fi")[:2]
