"""Participants, their consents and role assignments."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..enums import AuditAction, ConsentMethod, ConsentPurpose
from ..models import Consent, Municipality, Person, Process, RoleAssignment, User
from ..phones import phone_normalise
from ..registry import registry
from .audit import audit_record
from .writes import Audited, create_clean, save_fields

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
    submission_key: uuid.UUID | None = None,
) -> Person:
    """Enrol a participant with the next free pseudonym code of their municipality.

    Two enrolments at the same instant read the same "next" code; the database's unique
    constraint lets one win and the other retries with the next number. So the generated
    codes are not checked by `full_clean` beforehand: that check-then-insert would only turn
    the race into a validation error. With a `submission_key` (the form's one-time key) a
    form sent twice, even in parallel, returns the person the first sending enrolled.
    """
    for _attempt in range(5):
        if submission_key is not None:
            existing = Person.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                if existing.process_id != process.pk:
                    raise ValidationError(_("This form was already used; open it again."))
                return existing
        # Not create_clean: the generated code is checked by the unique constraint (see above).
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
            submission_key=submission_key,
            created_by=created_by,
            modified_by=created_by,
        )
        person.full_clean(validate_unique=code is not None, validate_constraints=code is not None)
        try:
            with transaction.atomic():
                person.save()
            return person
        except IntegrityError:
            if code is not None and submission_key is None:
                raise
    raise IntegrityError("Could not allocate a pseudonym code; try again.")


#: The fields tools key aggregate figures by: a change of either is announced to every tool.
PERSON_KEY_FIELDS = ("municipality_id", "age_band")


@transaction.atomic
def person_update(
    *,
    person: Person,
    by: User | None,
    municipality: Municipality | None = None,
    age_band: str | None = None,
    full_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    language: str | None = None,
) -> Person:
    """Correct a participant's details (None leaves a field as it is); audit-logged.

    The pseudonym code stays even if the municipality changes: it is printed on paper kits
    and used in the analysis. When the municipality or age band changes, every tool that
    registered `person_changed` is told, in this transaction, so its counts move with it.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("The personal data of this participant was erased."))
    if phone is not None:
        # Compared in E.164, as stored: "040 123 4567" for "+358401234567" is no change.
        try:
            phone = phone_normalise(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    old = {field: getattr(person, field) for field in PERSON_KEY_FIELDS}
    values = {
        "municipality": municipality,
        "age_band": age_band,
        "full_name": full_name,
        "email": email,
        "phone": phone,
        "language": language,
    }
    changed = []
    for field, value in values.items():
        if value is not None and getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if (
        municipality is not None
        and not person.process.municipalities.filter(pk=municipality.pk).exists()
    ):
        raise ValidationError(
            {"municipality": _("This municipality does not take part in the process.")}
        )
    if not changed:
        return person
    save_fields(
        person,
        by,
        changed,
        clean=True,
        audit=Audited(
            subject=f"Participant {person.code} edited", person=person, detail={"fields": changed}
        ),
    )
    if any(getattr(person, field) != old[field] for field in PERSON_KEY_FIELDS):
        for hook in registry.person_changed_hooks():
            hook(person, old)
    return person


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
    if person.is_minor and not (by_guardian and guardian_name.strip()):
        raise ValidationError(
            {"guardian_name": _("A participant under 18 needs a guardian's consent.")}
        )
    return create_clean(
        Consent,
        by=recorded_by,
        person=person,
        purpose=purpose,
        text_version=text_version,
        given_on=given_on,
        method=method,
        recorded_by=recorded_by,
        by_guardian=by_guardian,
        guardian_name=guardian_name,
    )


def consent_withdraw(*, consent: Consent, on: datetime.date, by: User | None = None) -> Consent:
    consent.withdrawn_on = on
    save_fields(consent, by, ["withdrawn_on"])
    return consent


def role_assign(
    *,
    user: User,
    role: str,
    process: Process | None = None,
    municipality: Municipality | None = None,
    by: User | None = None,
) -> RoleAssignment:
    """Give `user` a role in `process` (None: every process), optionally in one municipality.

    A grant made by a person (`by`) goes into the audit log with who and when; set-up code
    (the demo loader, test fixtures) passes no `by`. Granting a role already held changes
    nothing and writes nothing.
    """
    _check_municipality(process, municipality)
    with transaction.atomic():
        assignment = RoleAssignment.objects.filter(
            user=user, role=role, process=process, municipality=municipality
        ).first()
        if assignment is None:
            assignment = RoleAssignment(
                user=user, role=role, process=process, municipality=municipality, created_by=by
            )
            assignment.full_clean(validate_constraints=False)
            assignment.save()
            if by is not None:
                _audit_role(by, "granted", assignment)
    user.__dict__.pop("_arki_grants", None)
    return assignment


def role_change(
    *, assignment: RoleAssignment, role: str, municipality: Municipality | None, by: User
) -> RoleAssignment:
    """Change a held role or its municipality in place (its start date stays); audited with
    what it was and what it became."""
    process = assignment.process
    _check_municipality(process, municipality)
    with transaction.atomic():
        clash = RoleAssignment.objects.filter(
            user=assignment.user, role=role, process=process, municipality=municipality
        ).exclude(pk=assignment.pk)
        if clash.exists():
            raise ValidationError(_("This person already holds that role."))
        before = (assignment.role, assignment.municipality.name if assignment.municipality else "")
        assignment.role, assignment.municipality = role, municipality
        assignment.modified_by = by
        assignment.full_clean(validate_constraints=False)
        assignment.save()
        _audit_role(by, "changed", assignment, was={"role": before[0], "municipality": before[1]})
    assignment.user.__dict__.pop("_arki_grants", None)
    return assignment


def role_withdraw(*, assignment: RoleAssignment, by: User) -> None:
    """Take a role away. The user's next request is checked against what is left (grants are
    read afresh on every request), so the withdrawal takes effect at once."""
    with transaction.atomic():
        _audit_role(by, "withdrawn", assignment)
        assignment.delete()
    assignment.user.__dict__.pop("_arki_grants", None)


def _check_municipality(process: Process | None, municipality: Municipality | None) -> None:
    """A role limited to a municipality must name one of the process's municipalities."""
    if (
        municipality is not None
        and process is not None
        and not process.municipalities.filter(pk=municipality.pk).exists()
    ):
        raise ValidationError(_("The municipality is not part of this process."))


def _audit_role(
    by: User, change: str, assignment: RoleAssignment, was: dict[str, str] | None = None
) -> None:
    audit_record(
        actor=by,
        action=AuditAction.ACCOUNT,
        subject=f"role {change}: {assignment.user.get_username()} {assignment.role}",
        process=assignment.process,
        detail={
            "change": f"role {change}",
            "user": assignment.user.get_username(),
            "role": assignment.role,
            "municipality": assignment.municipality.name if assignment.municipality else "",
            **({"was": was} if was else {}),
        },
    )


def has_active_consent(person: Person, purpose: str) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).exists()
