"""The help exchange: organisations, villages, older people and their proxies, volunteers,
requests, assignments, feedback, incidents, group activities and certificates."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arki.core.models import CivicModel, TranslatedFieldsMixin
from arki.core.phones import PhoneNumberField

from .enums import (
    AssignmentStatus,
    AssignmentVia,
    EventKind,
    FeedbackChannel,
    IncidentSeverity,
    OrganisationKind,
    ProxyRelation,
    Recurrence,
    RequestChannel,
    RequestStatus,
    SafetyPolicyKey,
    SignupRole,
    Smiley,
    TaskType,
    VolunteerStatus,
)
from .matching import policy_for


def new_token() -> str:
    return secrets.token_urlsafe(12)


def age_on(born: datetime.date, on: datetime.date) -> int:
    """Age in full years on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Organisation(CivicModel):
    """A municipality, NGO, parish or school running the exchange in one municipality."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    safety_policy = models.CharField(
        _("safety policy"),
        max_length=20,
        choices=SafetyPolicyKey.choices,
        default=SafetyPolicyKey.STANDARD,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def policy(self):
        return policy_for(self.safety_policy)


class Village(models.Model):
    """A village or area with approximate coordinates; requests show this, never the address."""

    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("village or area")
        verbose_name_plural = _("villages and areas")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_village")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class Recipient(CivicModel):
    """An older person who receives help; many have no account and call a coordinator."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.OneToOneField(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="help_recipient",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village or area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Shown only to the confirmed helper and to coordinators."),
    )
    notes_for_helper = models.TextField(
        _("notes for the helper"),
        blank=True,
        help_text=_("For example hearing or mobility. No diagnoses."),
    )

    class Meta:
        verbose_name = _("older person")
        verbose_name_plural = _("older people")
        ordering = ["person__code"]

    def __str__(self) -> str:
        return self.person.code


class Proxy(CivicModel):
    """A relative or coordinator who acts for an older person and gets their messages."""

    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("older person"),
        on_delete=models.CASCADE,
        related_name="proxies",
    )
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation"), max_length=20, choices=ProxyRelation.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    receives_notifications = models.BooleanField(_("receives the messages"), default=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Volunteer(CivicModel):
    """A (mostly young) volunteer; active only after training, approval and, for minors,
    a guardian's consent."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.OneToOneField(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="help_volunteer",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    date_of_birth = models.DateField(_("date of birth"))
    village = models.ForeignKey(
        Village,
        verbose_name=_("home village or area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    max_km = models.PositiveSmallIntegerField(_("longest trip (km)"), default=15)
    weekdays = models.JSONField(_("usually free on"), default=list, blank=True)
    skills = models.JSONField(_("skills and interests"), default=list, blank=True)
    interests = models.CharField(_("other interests"), max_length=200, blank=True)
    onboarding_done = models.BooleanField(_("training done"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: SHA-256 of the secret in the volunteer's private calendar address (empty: no feed).
    #: Only the hash is kept; a new address replaces the old one, and turning it off stops it.
    calendar_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.PENDING,
    )
    pause_reason = models.CharField(_("reason for pause"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["person__code"]

    def __str__(self) -> str:
        return self.person.code

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_minor(self) -> bool:
        return self.age() < 18


class HelpRequest(CivicModel):
    """One request for help (a recurring one is repeated by the coordinator each time)."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        Recipient,
        verbose_name=_("older person"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    task_type = models.CharField(_("task"), max_length=20, choices=TaskType.choices)
    description = models.TextField(_("what is needed"))
    flexible = models.BooleanField(_("the time is flexible"), default=False)
    window_start = models.DateTimeField(_("earliest"), null=True, blank=True)
    window_end = models.DateTimeField(_("latest"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    recurrence = models.CharField(
        _("how often"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    village = models.ForeignKey(
        Village, verbose_name=_("village or area"), on_delete=models.PROTECT, related_name="+"
    )
    notes_for_helper = models.TextField(_("notes for the helper"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=RequestChannel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    paused = models.BooleanField(_("paused by a coordinator"), default=False)
    pause_reason = models.CharField(_("reason for pause"), max_length=200, blank=True)
    manual_intervention = models.BooleanField(_("a coordinator matched it by hand"), default=False)
    token = models.CharField(max_length=24, default=new_token, unique=True, editable=False)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["process", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_task_type_display()}"

    @property
    def policy(self):
        return self.organisation.policy

    @property
    def in_home(self) -> bool:
        return self.policy.in_home(self.task_type)

    @property
    def risk(self) -> str:
        return self.policy.risk(self.task_type)

    def team(self) -> list[Volunteer]:
        """The people of the team as the database holds it: every volunteer who accepted or
        has done the task, one entry per person (the `unique_assignment` constraint gives a
        volunteer at most one row per request, and a volunteer is one person)."""
        return [
            a.volunteer
            for a in self.assignments.filter(
                status__in=[AssignmentStatus.ACCEPTED, AssignmentStatus.DONE]
            )
            .select_related("volunteer__person")
            .order_by("pk")
        ]

    def team_problem(self) -> str | None:
        """The safety invariant of the help exchange, checked on the distinct people of the
        team read back from the database (never on a list put together from two sources that
        can overlap, which once counted one 15-year-old as "two minors"): a reason code if
        this team may not do the task under the organisation's policy, else None.

        A request may be ASSIGNED, and its helpers may see the address, only while this is
        None. The services check it where a team becomes final (accept, confirm, pick) and
        where it shrinks (a helper paused), and `Assignment.sees_address` checks it again."""
        return self.policy.team_problem([v.age() for v in self.team()], self.task_type)


class Assignment(CivicModel):
    """A volunteer's part in one request: offered, accepted, done (with check-in/out)."""

    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.OFFERED,
    )
    via = models.CharField(_("how"), max_length=12, choices=AssignmentVia.choices)
    points = models.FloatField(_("match points"), null=True, blank=True)
    reasons = models.JSONField(_("match reasons"), default=list, blank=True)
    token = models.CharField(max_length=24, default=new_token, unique=True, editable=False)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["request", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="unique_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.request} – {self.volunteer}"

    @property
    def sees_address(self) -> bool:
        """Only a confirmed helper of a confirmed team sees where the older person lives.

        The team is checked again here (one query), not only trusted from the request's
        status: a minor must never see an address while their team breaks the safety rule,
        even if some future write forgets to reopen the request."""
        return (
            self.status in {AssignmentStatus.ACCEPTED, AssignmentStatus.DONE}
            and self.request.status in {RequestStatus.ASSIGNED, RequestStatus.DONE}
            and self.request.team_problem() is None
        )


class Feedback(CivicModel):
    """ "Did this make your day easier?" — one answer per request."""

    request = models.OneToOneField(
        HelpRequest,
        verbose_name=_("help request"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    answer = models.PositiveSmallIntegerField(_("answer"), choices=Smiley.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=FeedbackChannel.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("experience answer")
        verbose_name_plural = _("experience answers")

    def __str__(self) -> str:
        return f"{self.request}: {self.get_answer_display()}"


class Incident(CivicModel):
    """Something that went wrong or felt unsafe; a coordinator follows it up."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices)
    description = models.TextField(_("what happened"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description[:40]}"


class Event(TranslatedFieldsMixin, CivicModel):
    """A group activity for young and old, such as a "Laula kanssain" sing-along."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=150)
    title_sv = models.CharField(_("title in Swedish"), max_length=150, blank=True)
    title_en = models.CharField(_("title in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    village = models.ForeignKey(
        Village, verbose_name=_("village or area"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=150)
    place_sv = models.CharField(_("place in Swedish"), max_length=150, blank=True)
    place_en = models.CharField(_("place in English"), max_length=150, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=30)

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class EventSignup(CivicModel):
    event = models.ForeignKey(
        Event,
        verbose_name=_("group activity"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    person = models.ForeignKey(
        "core.Person", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("taking part as"), max_length=10, choices=SignupRole.choices)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["event", "person__code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="unique_event_signup")
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.person}"


class Certificate(CivicModel):
    """A record of each volunteer certificate issued (the PDF is rendered from it)."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    issued_on = models.DateField(_("issued on"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    tasks = models.PositiveIntegerField(_("tasks done"))
    task_types = models.JSONField(_("kinds of tasks"), default=list, blank=True)
    events = models.PositiveIntegerField(_("group activities attended"), default=0)
    skills = models.JSONField(_("skills"), default=list, blank=True)

    class Meta:
        verbose_name = _("volunteer certificate")
        verbose_name_plural = _("volunteer certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.issued_on}"
