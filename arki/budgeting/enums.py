"""Translated choices of participatory-budgeting rounds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundKind(models.TextChoices):
    """What vouchers buy: catalogue services (the Kainuu way) or costed project proposals."""

    SERVICES = "services", _("Welfare vouchers for services")
    PROJECTS = "projects", _("Projects with costs and a real budget")


class GiftStatus(models.TextChoices):
    GIVEN = "given", _("Given")
    TAKEN_BACK = "taken_back", _("Taken back")
