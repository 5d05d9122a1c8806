"""Translated choices of the analysis tool."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterMethod(models.TextChoices):
    KMEANS = "kmeans", _("k-means")
    WARD = "ward", _("Hierarchical (Ward)")


class PersonaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DiaryField(models.TextChoices):
    """The free-text answers of the diary (brief §2.2) that analysts read and code."""

    DID_TODAY = "did_today", _("What I did today")
    WHERE_WENT = "where_went", _("Where I went")
    WITH_WHOM = "with_whom", _("With whom")
    SERVICES_TEXT = "services_text", _("Services used")
    SERVED_TEXT = "served_text", _("About the service")
    HELP_RECEIVED_TEXT = "help_received_text", _("Help I received")
    HELP_NEEDED_TEXT = "help_needed_text", _("Help I would have needed")
    WISHES_TEXT = "wishes_text", _("Wishes and dreams")
