"""Translated choices of the decisions tool (`models.TextChoices` with gettext labels)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionLevel(models.TextChoices):
    """The seed's three levels of action (workshop 8)."""

    EASY_ENCOUNTERS = "easy_encounters", _("Easy encounters")
    SHARED_PREMISES = "shared_premises", _("Shared premises")
    COMMUNAL_MODELS = "communal_models", _("Communal operating models")


class ActionStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    AGREED = "agreed", _("Agreed")
    STARTED = "started", _("Started")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class TesterGroup(models.TextChoices):
    """Who gave user-testing feedback (workshop 9)."""

    YOUNG = "young", _("Young people")
    OLDER = "older", _("Older people")
    PUBLIC = "public", _("Public-sector practitioners")
    NGO = "ngo", _("NGO practitioners")
    OTHER = "other", _("Others")


class WeightSource(models.TextChoices):
    EQUAL = "equal", _("Every criterion weighs the same")
    VOTE = "vote", _("Weight from the criteria vote (share voting important)")


class ProblemPickMethod(models.TextChoices):
    DOTS = "dots", _("Dot vote in the group")
    FACILITATOR = "facilitator", _("Facilitator's choice")
