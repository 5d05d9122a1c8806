"""Translated choices of the surveys."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale with labels")
    YES_NO = "yesno", _("Yes or no")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Short text")


class RespondentGroup(models.TextChoices):
    """Who a respondent is in the help exchange: results are also shown per group."""

    HELPED = "helped", _("People helped")
    VOLUNTEER = "volunteer", _("Young volunteers")
    RESIDENT = "resident", _("Other residents")
