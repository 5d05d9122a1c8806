"""Participants, their consents and role assignments."""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..enums import ConsentMethod, ConsentPurpose
from ..models import Consent, Municipality, Person, Process, RoleAssignment, User

# No 0/O, 1/I/L: codes are read aloud on the phone and typed from paper by older people.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _next_pseudonym(process: Process, municipality: Municipality) -> str:
    prefix = f"{municipality.abbreviation.upper()}-"
    existing = Person.objects.filter(process=process, code__startswith=prefix).aggregate(
        last=Max("code")
    )["last"]
    number = int(existing.rsplit("-", 1)[1]) + 1 if existing else 1
    return f"{prefix}{number:03d}"


def person_create(
    *,
    process: Process,
    municipality: Municipality,
    age_band: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "fi",
    user: User | None = None,
    created_by: User | None = None,
    code: str | None = None,
) -> Person:
    """Enrol a participant with the next free pseudonym code of their municipality."""
    for _attempt in range(5):
        person = Person(
            process=process,
            municipality=municipality,
            age_band=age_band,
            full_name=full_name,
            email=email,
            phone=phone,
            language=language,
            user=user,
            code=code or _next_pseudonym(process, municipality),
            access_code=random_code(10),
            created_by=created_by,
            modified_by=created_by,
        )
        person.full_clean()
        try:
            with transaction.atomic():
                person.save()
            return person
        except IntegrityError:
            if code is not None:
                raise
    raise IntegrityError("Could not allocate a pseudonym code; try again.")


def consent_record(
    *,
    person: Person,
    purpose: ConsentPurpose | str,
    text_version: str,
    given_on: datetime.date,
    method: ConsentMethod | str,
    recorded_by: User | None = None,
    by_guardian: bool = False,
    guardian_name: str = "",
) -> Consent:
    """Record a consent. A minor's consent must come from a named guardian."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if person.is_minor and not (by_guardian and guardian_name.strip()):
        raise ValidationError(
            {"guardian_name": _("A participant under 18 needs a guardian's consent.")}
        )
    consent = Consent(
        person=person,
        purpose=purpose,
        text_version=text_version,
        given_on=given_on,
        method=method,
        recorded_by=recorded_by,
        by_guardian=by_guardian,
        guardian_name=guardian_name,
        created_by=recorded_by,
    )
    consent.full_clean()
    consent.save()
    return consent


def consent_withdraw(*, consent: Consent, on: datetime.date, by: User | None = None) -> Consent:
    consent.withdrawn_on = on
    consent.modified_by = by
    consent.save(update_fields=["withdrawn_on", "modified_by", "modified_at"])
    return consent


def role_assign(
    *,
    user: User,
    role: str,
    process: Process | None = None,
    municipality: Municipality | None = None,
    by: User | None = None,
) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        process=process,
        municipality=municipality,
        defaults={"created_by": by},
    )
    user.__dict__.pop("_arki_grants", None)
    return assignment


def has_active_consent(person: Person, purpose: str) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists()
