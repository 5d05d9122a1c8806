"""Regions and municipalities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TranslatedFieldsMixin


class Region(TranslatedFieldsMixin, models.Model):
    """A region or wellbeing services county (e.g. Kainuu, region code 18)."""

    code = models.CharField(_("official region code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    classification_year = models.PositiveSmallIntegerField(
        _("classification year"),
        null=True,
        blank=True,
        help_text=_("Year of the Statistics Finland classification this row was loaded from."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.tr("name")


class Municipality(TranslatedFieldsMixin, models.Model):
    """A municipality with its official three-digit code from Statistics Finland."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    code = models.CharField(_("official municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    name_se = models.CharField(_("name in Northern Sámi"), max_length=100, blank=True)
    name_smn = models.CharField(_("name in Inari Sámi"), max_length=100, blank=True)
    name_sms = models.CharField(_("name in Skolt Sámi"), max_length=100, blank=True)
    classification_year = models.PositiveSmallIntegerField(
        _("classification year"),
        null=True,
        blank=True,
        help_text=_("Year of the Statistics Finland classification this row was loaded from."),
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=3,
        help_text=_("Three letters used in pseudonym codes, e.g. KAJ for Kajaani."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.tr("name")
