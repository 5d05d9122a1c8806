"""User accounts, roles scoped to a process and municipality, participants and consents."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import AGE_GROUP_OF_BAND, AgeBand, ConsentMethod, ConsentPurpose, Language, Role
from ..phones import PhoneNumberField
from .base import CivicModel


class User(AbstractUser):
    """A staff member, decision-maker, volunteer or resident who logs in.

    Many participants never have an account: they are `Person` rows only.
    """

    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(CivicModel):
    """A role a user holds in one process, optionally limited to one municipality.

    `process` empty means every process (used for administrators); `municipality` empty means
    the whole process.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "process", "municipality"],
                name="unique_role_assignment",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.process or _("all processes")
        return f"{self.user} – {self.get_role_display()} ({scope})"


class Person(CivicModel):
    """Someone taking part in a process, with or without a user account.

    The pseudonym code (e.g. KAJ-017) is a label for analysis and paper forms, never a
    credential; the access code is the random secret a person uses to reach their own answers.
    Identity fields (name, e-mail, phone) are visible only to roles allowed to see identities.
    """

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="people"
    )
    code = models.CharField(_("pseudonym code"), max_length=12)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
    )
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    access_code = models.CharField(
        _("personal access code"), max_length=16, unique=True, editable=False
    )
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    #: The one-time key of the enrolment form that created this person: a double-clicked or
    #: re-sent form finds the person it already made instead of enrolling them twice.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="unique_person_code")
        ]
        indexes = [models.Index(fields=["process", "municipality"])]

    def __str__(self) -> str:
        return self.code

    @property
    def age_group(self) -> str:
        return AGE_GROUP_OF_BAND[AgeBand(self.age_band)]

    @property
    def is_minor(self) -> bool:
        return self.age_band == AgeBand.Y13_17


class Consent(CivicModel):
    """What a person consented to, under which text version, when, and who recorded it."""

    person = models.ForeignKey(
        Person, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("consent text version"), max_length=20)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how given"), max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_guardian = models.BooleanField(_("given by a guardian"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=150, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_on"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None
