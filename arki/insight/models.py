"""Service catalogue, participants of the customer-insight workshop, maps, diaries, paper entry.

A `Participant` is one `Person` taking part in one workshop (brief §2.1–2.2): it carries the
return status of their service map and diary, so that enrolment and return figures are a
single aggregate query. Service-map rows (`ServiceUse`) and diary days (`DiaryDay`) hang from
it, which links them to both the person and the workshop.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arki.core.enums import AgeGroup
from arki.core.models import CivicModel, TranslatedFieldsMixin

from .enums import (
    ChartDimension,
    EntryRound,
    Frequency,
    KitChannel,
    Sector,
    Served,
    ServiceCategory,
    TravelMode,
    UseChannel,
)

MAX_DISTANCE_KM = 500
MAX_TRAVEL_MINUTES = 600
#: Fastest believable average speeds (km/h) by travel mode. Generous on purpose: residents
#: estimate roughly, and the check is there to catch typos (30 km on foot in 20 minutes).
TOP_SPEED = {
    TravelMode.WALK: 15,
    TravelMode.BICYCLE: 40,
    TravelMode.CAR: 130,
    TravelMode.LIFT: 130,
    TravelMode.BUS: 110,
    TravelMode.TAXI: 130,
    TravelMode.SERVICE: 110,
}


class Service(TranslatedFieldsMixin, CivicModel):
    """A service in the catalogue; `process` empty = the shared catalogue of every process."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="insight_services",
    )
    name = models.CharField(_("name"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=ServiceCategory.choices)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    is_active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "name"], name="unique_service_name", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.tr("name")


class InsightSettings(CivicModel):
    """Per-process choices of the insight tool."""

    process = models.OneToOneField(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="insight_settings",
    )
    double_entry = models.BooleanField(
        _("double entry of paper kits"),
        default=False,
        help_text=_(
            "A second person enters every paper kit again; differences are resolved before "
            "the kit counts as returned."
        ),
    )
    diary_due_dates = models.JSONField(
        _("days the diary is due"),
        default=list,
        blank=True,
        help_text=_(
            "On each of these days, everyone who has not returned the diary and agreed to "
            "reminders gets one, by their own channel."
        ),
    )

    data_version = models.PositiveIntegerField(
        _("data version"),
        default=0,
        editable=False,
        help_text=_("Grows with every change to maps and diaries; keys the cached figures."),
    )

    class Meta:
        verbose_name = _("insight settings")
        verbose_name_plural = _("insight settings")

    def __str__(self) -> str:
        return str(self.process)


class Participant(CivicModel):
    """One person's service map and diary in one workshop, with their return status."""

    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="insight_participations",
    )
    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="insight_participants",
    )
    channel = models.CharField(
        _("how they take part"),
        max_length=10,
        choices=KitChannel.choices,
        default=KitChannel.ONLINE,
    )
    map_submitted_at = models.DateTimeField(_("service map returned at"), null=True, blank=True)
    diary_returned_at = models.DateTimeField(_("diary returned at"), null=True, blank=True)
    returned_channel = models.CharField(
        _("returned as"), max_length=10, choices=KitChannel.choices, blank=True
    )
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    #: Fingerprint of the free texts (diary answers, service names in own words) as staff
    #: reviewed them: analysts see the texts only while it matches (`redaction.TextGate`).
    texts_reviewed_digest = models.CharField(
        _("reviewed texts fingerprint"), max_length=64, blank=True, editable=False
    )
    texts_reviewed_at = models.DateTimeField(_("texts reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diary participant")
        verbose_name_plural = _("diary participants")
        ordering = ["person__code"]
        constraints = [
            models.UniqueConstraint(fields=["person", "workshop"], name="unique_participation")
        ]
        indexes = [models.Index(fields=["workshop", "diary_returned_at"])]

    def __str__(self) -> str:
        return f"{self.person.code} – {self.workshop}"

    @property
    def is_returned(self) -> bool:
        return self.diary_returned_at is not None


class ServiceUse(CivicModel):
    """One row of a service map: a service used in the last three months and the trip to it."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="service_uses",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    service_text = models.CharField(
        _("service in own words"),
        max_length=120,
        blank=True,
        help_text=_("If the service is not in the list, write its name here."),
    )
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    channel = models.CharField(
        _("electronic or on site"), max_length=12, choices=UseChannel.choices
    )
    distance_km = models.DecimalField(
        _("distance from home (km)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    travel_minutes = models.PositiveSmallIntegerField(_("travel time (minutes)"), default=0)
    travel_mode = models.CharField(
        _("usual way to get there"), max_length=10, choices=TravelMode.choices
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service-map row")
        verbose_name_plural = _("service-map rows")
        ordering = ["participant", "position", "pk"]
        indexes = [models.Index(fields=["service_text"])]

    def __str__(self) -> str:
        return self.service_name

    @property
    def service_name(self) -> str:
        return str(self.service) if self.service_id else self.service_text

    def clean(self) -> None:
        errors = service_use_errors(
            has_service=bool(self.service_id or self.service_text.strip()),
            channel=self.channel,
            travel_mode=self.travel_mode,
            distance_km=self.distance_km,
            travel_minutes=self.travel_minutes,
        )
        if errors:
            raise ValidationError(errors)


def service_use_errors(
    *,
    has_service: bool,
    channel: str,
    travel_mode: str,
    distance_km: Decimal | None,
    travel_minutes: int | None,
) -> dict[str, Any]:
    """Plausibility rules of one service-map row, as {field: message} (empty when fine).

    Shared by the model, the online form, paper entry and the file import so that every
    channel refuses the same rows with the same words.
    """
    errors: dict[str, Any] = {}  # field → message (lazy: translated when shown)
    if not has_service:
        errors["service"] = _("Choose a service from the list or write its name.")
    distance = distance_km or Decimal("0")
    minutes = travel_minutes or 0
    if channel == UseChannel.ELECTRONIC:
        if travel_mode and travel_mode != TravelMode.NONE:
            errors["travel_mode"] = _("An electronic service needs no trip: choose “No trip”.")
        return errors
    if travel_mode == TravelMode.NONE:
        if distance > 0 or minutes > 0:
            errors["travel_mode"] = _(
                "Tell how you usually get there: “No trip” fits only electronic services and "
                "services that come to your home (0 km)."
            )
        return errors
    if distance > MAX_DISTANCE_KM:
        errors["distance_km"] = _("The distance can be at most %(max)s km.") % {
            "max": MAX_DISTANCE_KM
        }
    if minutes > MAX_TRAVEL_MINUTES:
        errors["travel_minutes"] = _("The travel time can be at most %(max)s minutes.") % {
            "max": MAX_TRAVEL_MINUTES
        }
    if errors or not travel_mode:
        return errors
    if distance > 0 and minutes == 0:
        errors["travel_minutes"] = _("A trip of %(km)s km takes at least one minute.") % {
            "km": distance
        }
    elif minutes and float(distance) / (minutes / 60) > TOP_SPEED[TravelMode(travel_mode)]:
        errors["travel_minutes"] = _(
            "%(km)s km in %(minutes)s minutes is too fast for this way of travelling; "
            "check the distance and the time."
        ) % {"km": distance, "minutes": minutes}
    return errors


class DiaryDay(CivicModel):
    """One day of the one-week diary: the eight prompts, partly structured.

    `draft` holds what the participant has typed but not yet saved (autosaved on every
    change); saving the day validates it, copies it into the fields and clears the draft.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="days"
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    did_today = models.TextField(_("what I did today"), blank=True)
    where_went = models.TextField(_("where I went"), blank=True)
    with_whom = models.TextField(_("with whom"), blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services used"), blank=True, related_name="diary_days"
    )
    services_text = models.TextField(_("services used, in own words"), blank=True)
    served = models.CharField(
        _("was I served well"), max_length=6, choices=Served.choices, blank=True
    )
    served_text = models.TextField(_("about the service"), blank=True)
    help_from = models.JSONField(_("help received from"), default=list, blank=True)
    help_received_text = models.TextField(_("help I received"), blank=True)
    help_needed_text = models.TextField(_("help I would have needed"), blank=True)
    wishes_text = models.TextField(_("wishes and dreams"), blank=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    draft = models.JSONField(_("unsaved draft"), default=dict, blank=True)
    draft_at = models.DateTimeField(_("draft saved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("diary day")
        verbose_name_plural = _("diary days")
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="unique_diary_day")
        ]

    def __str__(self) -> str:
        return f"{self.participant.person.code} / {self.day}"

    @property
    def is_saved(self) -> bool:
        return self.saved_at is not None


class PaperEntry(CivicModel):
    """A returned paper kit as typed in by one staff member (one round of double entry).

    `payload` has the same shape as the online data ({"map": [...], "days": {...}}), so the
    kit is applied with the same services once its entries agree.
    """

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="paper_entries",
    )
    round = models.PositiveSmallIntegerField(_("entry round"), choices=EntryRound.choices)
    payload = models.JSONField(_("entered data"))
    applied_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper-kit entry")
        verbose_name_plural = _("paper-kit entries")
        ordering = ["participant", "round"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="unique_entry_round")
        ]

    def __str__(self) -> str:
        return f"{self.participant.person.code} #{self.round}"


class ChartCount(models.Model):
    """How many service-map rows fall in one bar of the charts, per municipality and age group.

    Derived data kept next to `ServiceUse` by the write services (`chart_counts.py`), so the
    charts read a few hundred rows instead of aggregating every map row (100,000 maps are
    about 550,000 rows). `bucket` is the category ("unmapped" for a free-text service), the
    distance or travel-time bin (its index; on-site use only), the travel mode or the channel.
    `chart_counts_rebuild` (command `arki insight_charts_rebuild`) recomputes it from scratch.
    """

    workshop = models.ForeignKey(
        "core.Workshop", verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    dimension = models.CharField(_("chart"), max_length=10, choices=ChartDimension.choices)
    bucket = models.CharField(_("bar"), max_length=16)
    n = models.IntegerField(_("service-map rows"), default=0)

    class Meta:
        verbose_name = _("chart count")
        verbose_name_plural = _("chart counts")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "municipality", "age_group", "dimension", "bucket"],
                name="unique_chart_count",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.bucket} = {self.n}"
