"""The shared civic writes (`arki.core.services.writes`) every service creates and changes
rows with: validated, with who and when, and a row and its audit entry together or not at all.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from arki.core.enums import AuditAction, Role
from arki.core.models import AuditEntry, Meeting, Person
from arki.core.services import writes
from arki.core.services.writes import Audited, create_clean, save_fields

pytestmark = pytest.mark.django_db

DAY = datetime.date(2014, 5, 20)


def test_a_new_row_names_its_writer_and_is_audited_when_asked(process, make_user):
    by = make_user(Role.FACILITATOR, process=process)

    meeting = create_clean(
        Meeting,
        by=by,
        process=process,
        date=DAY,
        groups=["steering"],
        audit=Audited(subject=lambda row: f"Meeting {row.pk}", process=process),
    )

    meeting.refresh_from_db()
    assert (meeting.created_by, meeting.modified_by) == (by, by)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.subject, entry.process) == (
        by,
        AuditAction.CREATE,
        f"Meeting {meeting.pk}",
        process,
    )


def test_a_row_is_not_kept_when_its_audit_entry_cannot_be_written(process, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(writes, "audit_record", broken)

    with pytest.raises(RuntimeError):
        create_clean(
            Meeting, by=None, process=process, date=DAY, groups=["steering"], audit=Audited("x")
        )

    assert not Meeting.objects.exists()


def test_an_invalid_row_is_refused_and_nothing_is_written(process):
    with pytest.raises(ValidationError):
        create_clean(Meeting, by=None, process=process, date=DAY, groups=[], audit=Audited("x"))

    assert not Meeting.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_change_saves_only_its_fields_with_who_and_when(
    process, municipalities, make_person, make_user
):
    by = make_user(Role.FACILITATOR, process=process)
    person = make_person(process, municipalities["Kuhmo"], email="a@example.fi")
    stale = Person.objects.get(pk=person.pk)
    long_ago = datetime.datetime(2014, 1, 1, tzinfo=datetime.UTC)
    Person.objects.filter(pk=person.pk).update(phone="040 123", modified_at=long_ago)

    stale.email = "b@example.fi"
    save_fields(stale, by, ["email"], audit=Audited("Participant edited", person=stale))

    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.email, fresh.phone, fresh.modified_by) == ("b@example.fi", "040 123", by)
    assert fresh.modified_at > long_ago
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.person) == (by, AuditAction.CHANGE, fresh)


def test_a_refused_change_leaves_the_row_and_the_log_as_they_were(
    process, municipalities, make_person
):
    person = make_person(process, municipalities["Kuhmo"], email="a@example.fi")
    person.email = "not an address"

    with pytest.raises(ValidationError):
        save_fields(person, None, ["email"], clean=True, audit=Audited("x", person=person))

    assert Person.objects.get(pk=person.pk).email == "a@example.fi"
    assert not AuditEntry.objects.exists()
