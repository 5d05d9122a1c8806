"""The impact tool's data. Models inherit `CivicModel` (who and when).

The metric plan is the metrics workshop's table ("Kuva 15") as rows: criterion → metric →
how it is measured → source, unit, direction, baseline, target and follow-up dates. The
figures themselves are read from the source (`sources.read_points`): the registry's own
figures, survey rounds, imported official statistics, or follow-up diaries.

Criteria belong to the decisions tool, which this tool must not import: a metric keeps the
criterion's id and its text as it was when the metric was planned (the capability
`decisions.chosen_criteria` offers them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arki.core.models.base import CivicModel, TranslatedFieldsMixin

from .enums import Direction, SourceKind


class Metric(TranslatedFieldsMixin, CivicModel):
    """One row of the metric plan."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="metrics"
    )
    criterion_id = models.PositiveIntegerField(_("criterion"), null=True, blank=True)
    criterion_text = models.CharField(_("criterion"), max_length=280, blank=True)
    criterion_text_sv = models.CharField(_("criterion in Swedish"), max_length=280, blank=True)
    criterion_text_en = models.CharField(_("criterion in English"), max_length=280, blank=True)
    name = models.CharField(_("metric"), max_length=200)
    name_sv = models.CharField(_("metric in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("metric in English"), max_length=200, blank=True)
    how_measured = models.TextField(_("how it is measured"), blank=True)
    how_measured_sv = models.TextField(_("how it is measured, in Swedish"), blank=True)
    how_measured_en = models.TextField(_("how it is measured, in English"), blank=True)
    source = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    #: What the source's reader needs to find the figures (see sources.py).
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_sv = models.CharField(_("unit in Swedish"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit in English"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    follow_up_dates = models.JSONField(_("follow-up dates"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["process", "position", "pk"]

    def __str__(self) -> str:
        return self.tr("name")


# --- metrics: imported official statistics (imetrics) ---

from .enums import PeriodKind  # noqa: E402


class StatisticSeries(TranslatedFieldsMixin, CivicModel):
    """One imported official statistic (a JSON-stat 2 or CSV file), e.g. alcohol sales per
    inhabitant by municipality and year, with where it came from and under which licence."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="statistic_series",
    )
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300)
    licence = models.CharField(_("licence"), max_length=120)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statistic series")
        verbose_name_plural = _("statistic series")
        ordering = ["process", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class StatisticValue(models.Model):
    """One figure of a series: a municipality (None = the whole region) and a period."""

    series = models.ForeignKey(
        StatisticSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="values"
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period = models.DateField(_("period"))
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        ordering = ["series", "period", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "municipality", "period"], name="impact_statvalue_unique"
            ),
            models.UniqueConstraint(
                fields=["series", "period"],
                condition=models.Q(municipality__isnull=True),
                name="impact_statvalue_region_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}: {self.period} {self.value}"


from .stories.models import *  # noqa: E402, F403  (istories: community reporters)
from .surveys.models import *  # noqa: E402, F403  (surveys)
