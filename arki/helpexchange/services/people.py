"""Writes about the people of the exchange: organisations, older people and their proxies,
volunteers (registration, guardian consent, training, activation, pause)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import AgeBand, ConsentMethod, ConsentPurpose
from arki.core.models import Consent, Municipality, Process, User
from arki.core.services.people import consent_record, person_create
from arki.core.services.writes import create_clean, save_fields

from ..enums import AssignmentStatus, RequestStatus, VolunteerStatus
from ..models import HelpRequest, Organisation, Proxy, Recipient, Village, Volunteer, age_on
from .requests import request_team_recheck

CONSENT_TEXT_VERSION = "apu-2016-1"


def age_band_for(date_of_birth: datetime.date, on: datetime.date | None = None) -> str:
    age = age_on(date_of_birth, on or timezone.localdate())
    for limit, band in [
        (18, AgeBand.Y13_17),
        (30, AgeBand.Y18_29),
        (65, AgeBand.Y30_64),
        (75, AgeBand.Y65_74),
        (85, AgeBand.Y75_84),
    ]:
        if age < limit:
            return band
    return AgeBand.Y85


def organisation_create(
    *,
    process: Process,
    name: str,
    kind: str,
    municipality: Municipality,
    safety_policy: str = "standard",
    by: User | None = None,
) -> Organisation:
    organisation = create_clean(
        Organisation,
        by=by,
        process=process,
        name=name,
        kind=kind,
        municipality=municipality,
        safety_policy=safety_policy,
    )
    return organisation


def _check_village(process: Process, village: Village) -> None:
    if not process.municipalities.filter(pk=village.municipality_id).exists():
        raise ValidationError(
            {"village": _("This area is not in the municipalities of this process.")}
        )


@transaction.atomic
def recipient_create(
    *,
    process: Process,
    village: Village,
    full_name: str,
    age_band: str = AgeBand.Y75_84,
    phone: str = "",
    email: str = "",
    language: str = "fi",
    address: str = "",
    notes_for_helper: str = "",
    user: User | None = None,
    by: User | None = None,
) -> Recipient:
    """Enrol an older person (often by phone: no account needed)."""
    _check_village(process, village)
    person = person_create(
        process=process,
        municipality=village.municipality,
        age_band=age_band,
        full_name=full_name,
        phone=phone,
        email=email,
        language=language,
        user=user,
        created_by=by,
    )
    recipient = create_clean(
        Recipient,
        by=by,
        process=process,
        person=person,
        village=village,
        address=address,
        notes_for_helper=notes_for_helper,
    )
    return recipient


def proxy_add(
    *,
    recipient: Recipient,
    name: str,
    relation: str,
    email: str = "",
    phone: str = "",
    user: User | None = None,
    receives_notifications: bool = True,
    by: User | None = None,
) -> Proxy:
    proxy = create_clean(
        Proxy,
        by=by,
        recipient=recipient,
        name=name,
        relation=relation,
        email=email,
        phone=phone,
        user=user,
        receives_notifications=receives_notifications,
    )
    return proxy


@transaction.atomic
def volunteer_register(
    *,
    process: Process,
    organisation: Organisation,
    full_name: str,
    date_of_birth: datetime.date,
    village: Village,
    email: str = "",
    phone: str = "",
    skills: list[str] | None = None,
    weekdays: list[int] | None = None,
    max_km: int = 15,
    interests: str = "",
    user: User | None = None,
    by: User | None = None,
    today: datetime.date | None = None,
) -> Volunteer:
    """Register a volunteer; they stay pending until trained, consented and approved."""
    _check_village(process, village)
    today = today or timezone.localdate()
    if not 13 <= age_on(date_of_birth, today) <= 100:
        raise ValidationError({"date_of_birth": _("Volunteers must be at least 13 years old.")})
    person = person_create(
        process=process,
        municipality=village.municipality,
        age_band=age_band_for(date_of_birth, today),
        full_name=full_name,
        email=email,
        phone=phone,
        user=user,
        created_by=by,
    )
    volunteer = create_clean(
        Volunteer,
        by=by,
        process=process,
        person=person,
        organisation=organisation,
        date_of_birth=date_of_birth,
        village=village,
        skills=sorted(skills or []),
        weekdays=sorted(weekdays if weekdays is not None else range(7)),
        max_km=max_km,
        interests=interests,
    )
    return volunteer


def volunteer_consent_record(
    *,
    volunteer: Volunteer,
    given_on: datetime.date,
    method: str = ConsentMethod.PAPER,
    guardian_name: str = "",
    by: User | None = None,
) -> Consent:
    """Consent to take part; for a minor it must come from a named guardian."""
    minor = volunteer.age(given_on) < 18
    if minor and not guardian_name.strip():
        raise ValidationError(
            {"guardian_name": _("A volunteer under 18 needs a guardian's consent.")}
        )
    return consent_record(
        person=volunteer.person,
        purpose=ConsentPurpose.HELP_EXCHANGE,
        text_version=CONSENT_TEXT_VERSION,
        given_on=given_on,
        method=method,
        recorded_by=by,
        by_guardian=minor,
        guardian_name=guardian_name.strip() if minor else "",
    )


def _has_valid_consent(volunteer: Volunteer) -> bool:
    consents = volunteer.person.consents.filter(
        purpose=ConsentPurpose.HELP_EXCHANGE, withdrawn_on__isnull=True
    )
    if volunteer.is_minor:
        consents = consents.filter(by_guardian=True).exclude(guardian_name="")
    return consents.exists()


def volunteer_mark_trained(*, volunteer: Volunteer, by: User | None = None) -> Volunteer:
    volunteer.onboarding_done = True
    save_fields(volunteer, by, ["onboarding_done"])
    return volunteer


def activation_problems(volunteer: Volunteer) -> list[str]:
    """What still stops the activation, in words a coordinator can act on."""
    problems = []
    if not _has_valid_consent(volunteer):
        problems.append(
            _("A guardian's consent has not been recorded.")
            if volunteer.is_minor
            else _("The volunteer's consent has not been recorded.")
        )
    if not volunteer.onboarding_done:
        problems.append(_("The training has not been done."))
    return problems


def volunteer_activate(
    *, volunteer: Volunteer, by: User, now: datetime.datetime | None = None
) -> Volunteer:
    """A coordinator approves the volunteer; refused while anything is missing."""
    problems = activation_problems(volunteer)
    if problems:
        raise ValidationError(problems)
    volunteer.status = VolunteerStatus.ACTIVE
    volunteer.approved_by = by
    volunteer.approved_at = now or timezone.now()
    volunteer.pause_reason = ""
    save_fields(volunteer, by, ["status", "approved_by", "approved_at", "pause_reason"])
    return volunteer


@transaction.atomic
def volunteer_pause(*, volunteer: Volunteer, reason: str, by: User) -> Volunteer:
    """Stop a volunteer at once: open offers are withdrawn, and each unfinished task's team
    is checked again without them (`request_team_recheck`): a task whose remaining team is
    no longer safe, such as a minor left without their adult partner, goes back to waiting
    and the minor no longer sees the address."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write a short reason for the pause.")})
    volunteer.status = VolunteerStatus.PAUSED
    volunteer.pause_reason = reason.strip()
    save_fields(volunteer, by, ["status", "pause_reason"])
    pending = volunteer.assignments.filter(
        status__in=[AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED],
        request__status__in=[RequestStatus.OPEN, RequestStatus.ASSIGNED],
    )
    # Lock the requests in a fixed order, as accepting does, so that no accept can confirm
    # a team with this volunteer while they are being taken off it.
    requests = list(
        HelpRequest.objects.select_for_update()
        .filter(pk__in=pending.values("request_id"))
        .select_related("organisation")
        .order_by("pk")
    )
    # Not save_fields: one UPDATE for all of the volunteer's pending assignments.
    pending.update(status=AssignmentStatus.WITHDRAWN, modified_by=by, modified_at=timezone.now())
    for help_request in requests:
        request_team_recheck(help_request=help_request, by=by)
    return volunteer


def volunteer_resume(*, volunteer: Volunteer, by: User) -> Volunteer:
    volunteer.pause_reason = ""
    return volunteer_activate(volunteer=volunteer, by=by)
