"""Translated choices of service maps and diaries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social care")
    SPORTS = "sports", _("Sports and exercise")
    CULTURE = "culture", _("Culture and education")
    TRANSPORT = "transport", _("Transport")
    COMMERCE = "commerce", _("Commerce")
    EVERYDAY = "everyday", _("Other everyday services")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    PRIVATE = "private", _("Private sector")
    THIRD = "third", _("Third sector (NGOs, parishes)")
    INFORMAL = "informal", _("Informal help from people close by")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    LESS = "less", _("Less often")


class UseChannel(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic")
    ON_SITE = "on_site", _("On site")
    BOTH = "both", _("Both")


class TravelMode(models.TextChoices):
    WALK = "walk", _("On foot")
    BICYCLE = "bicycle", _("Bicycle")
    CAR = "car", _("Own car")
    LIFT = "lift", _("A lift from someone")
    BUS = "bus", _("Bus")
    TAXI = "taxi", _("Taxi")
    SERVICE = "service", _("Service transport")
    NONE = "none", _("No trip (electronic or at home)")


class Served(models.TextChoices):
    WELL = "well", _("Well")
    BADLY = "badly", _("Badly")
    MIXED = "mixed", _("Partly well, partly badly")


class HelpFrom(models.TextChoices):
    FRIEND = "friend", _("Friend")
    NEIGHBOUR = "neighbour", _("Neighbour")
    RELATIVE = "relative", _("Relative")
    OTHER = "other", _("Someone else")


class KitChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper kit")


class EntryRound(models.IntegerChoices):
    FIRST = 1, _("First entry")
    SECOND = 2, _("Second entry")


class ChartDimension(models.TextChoices):
    """What a bar of the service-map charts counts (see `ChartCount`)."""

    CATEGORY = "category", _("Service category")
    DISTANCE = "distance", _("Distance from home")
    MINUTES = "minutes", _("Travel time")
    MODE = "mode", _("Travel mode")
    CHANNEL = "channel", _("Electronic or on site")
