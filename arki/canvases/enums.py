"""Translated choices of the canvases tool (`models.TextChoices` with gettext labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CanvasKind(models.TextChoices):
    EMPATHY_MAP = "empathy_map", _("Empathy map")
    BLUEPRINT = "blueprint", _("Service blueprint")
    BUSINESS_MODEL = "business_model", _("Business model canvas")
    STAKEHOLDER_MAP = "stakeholder_map", _("Stakeholder map")
    STORYBOARD = "storyboard", _("Storyboard")


class StakeholderKind(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    PRIVATE = "private", _("Company")
    NGO = "ngo", _("NGO")
    PARISH = "parish", _("Parish")
    EDUCATION = "education", _("Education")
    RESIDENTS = "residents", _("Resident group")
