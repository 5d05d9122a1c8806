"""Development processes: seasons, phases, workshops, the two groups and their meetings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import GroupKind, PhaseKind, TaskStatus
from ..phones import PhoneNumberField
from .base import CivicModel, TranslatedFieldsMixin


class Process(TranslatedFieldsMixin, CivicModel):
    """One resident-driven development process in a region (e.g. Kainuu 2014–2016)."""

    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="processes"
    )
    municipalities = models.ManyToManyField(
        "core.Municipality", verbose_name=_("municipalities"), related_name="processes"
    )
    slug = models.SlugField(_("web address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    is_public = models.BooleanField(_("shown on the public website"), default=False)
    template = models.CharField(_("created from template"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("development process")
        verbose_name_plural = _("development processes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.tr("name")


class Season(TranslatedFieldsMixin, models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="seasons"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    theme_sv = models.CharField(_("theme in Swedish"), max_length=200, blank=True)
    theme_en = models.CharField(_("theme in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="unique_season_number")
        ]

    def __str__(self) -> str:
        return self.tr("name")


class Phase(TranslatedFieldsMixin, models.Model):
    """Ideation, planning, testing or implementation, with its dates."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="phases"
    )
    season = models.ForeignKey(
        Season,
        verbose_name=_("season"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phases",
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "position"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def is_current_on(self, day: datetime.date) -> bool:
        return (
            self.starts_on is not None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class Workshop(TranslatedFieldsMixin, CivicModel):
    """A workshop of the process; its activities are keys of tool-supplied activities."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="workshops"
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_sv = models.CharField(_("place in Swedish"), max_length=200, blank=True)
    place_en = models.CharField(_("place in English"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops",
        help_text=_("Leave empty for a region-wide workshop."),
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    methods = models.TextField(_("methods"), blank=True)
    methods_sv = models.TextField(_("methods in Swedish"), blank=True)
    methods_en = models.TextField(_("methods in English"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    agenda_sv = models.TextField(_("agenda in Swedish"), blank=True)
    agenda_en = models.TextField(_("agenda in English"), blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    results_summary = models.TextField(_("results summary"), blank=True)
    results_summary_sv = models.TextField(_("results summary in Swedish"), blank=True)
    results_summary_en = models.TextField(_("results summary in English"), blank=True)
    is_published = models.BooleanField(_("results published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="unique_workshop_position")
        ]

    def __str__(self) -> str:
        return self.tr("title")

    @property
    def is_past(self) -> bool:
        return self.date is not None and self.date < timezone.localdate()


class Sitting(TranslatedFieldsMixin, CivicModel):
    """One local sitting of a workshop: the same workshop held in one municipality at one time.

    Kainuu ran workshop 1 as a pioneer day in Kajaani and then in the other municipalities;
    each sitting has its own live sessions and paper entries, so results can be read per
    sitting, per municipality and for the whole workshop.
    """

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="sittings"
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sittings",
        help_text=_("Leave empty for a joint, region-wide sitting."),
    )
    place = models.CharField(_("place"), max_length=200)
    place_sv = models.CharField(_("place in Swedish"), max_length=200, blank=True)
    place_en = models.CharField(_("place in English"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sittings",
    )
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    how_to_take_part_sv = models.TextField(_("how to take part in Swedish"), blank=True)
    how_to_take_part_en = models.TextField(_("how to take part in English"), blank=True)

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["workshop", "starts_at", "pk"]

    def __str__(self) -> str:
        where = self.municipality.tr("name") if self.municipality else self.place
        return f"{where} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    def clean(self) -> None:
        if self.ends_at is not None and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A sitting must end after it starts.")})


class GroupMember(TranslatedFieldsMixin, CivicModel):
    """A member of the project group or the planning group; contact persons are published."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="group_members"
    )
    group = models.CharField(_("group"), max_length=10, choices=GroupKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_contact_person = models.BooleanField(_("municipal contact person"), default=False)
    work_email = models.EmailField(_("work e-mail (public)"), blank=True)
    work_phone = PhoneNumberField(_("work phone (public)"), blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["process", "group", "name"]
        constraints = [
            # Residents and the press are told whom to call in each municipality: one name.
            models.UniqueConstraint(
                fields=["process", "municipality"],
                condition=models.Q(is_contact_person=True),
                name="one_contact_person_per_municipality",
                violation_error_message=_(
                    "This municipality already has a contact person in this process."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.is_contact_person and self.municipality_id is None:
            raise ValidationError(
                {"municipality": _("A contact person is the contact of one municipality.")}
            )


class Meeting(CivicModel):
    """A preparatory meeting held well before a workshop."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="meetings"
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop being prepared"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    groups = models.JSONField(_("groups"), default=list)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    review_notes = models.TextField(_("review of the previous workshop's results"), blank=True)

    class Meta:
        verbose_name = _("preparatory meeting")
        verbose_name_plural = _("preparatory meetings")
        ordering = ["process", "date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} – {self.workshop or ''}"


class Task(CivicModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        GroupMember,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["meeting", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
