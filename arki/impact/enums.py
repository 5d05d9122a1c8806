"""Translated choices of the impact tool (`models.TextChoices` with gettext labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    """Where a metric's figures come from (each kind has a reader in sources.py)."""

    ARKI = "arki", _("Arki's own figures")
    SURVEY = "survey", _("Survey")
    STATISTICS = "statistics", _("Official statistics")
    DIARY = "diary", _("Follow-up diaries and interviews")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


# --- metrics (imetrics) ---


class PeriodKind(models.TextChoices):
    """How long one value of an official statistic covers; stored as the period's first day."""

    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
