"""GDPR for one person: export everything every tool holds, and erase or anonymise it.

The core asks each registered tool through its manifest hooks; it never imports a tool.
Erasure keeps aggregate counts (a returned diary still counts as returned, a ballot's votes
still count) but removes what identifies the person, and leaves no way back in: the user
account is deactivated and anonymised and its sessions end, the personal access code is
replaced by one nobody can type, and live seats get a secret nobody holds. Every code lookup
also refuses erased people (`selectors.people.person_for_access_code`, the diary session, the
help exchange's links), so a row erased before this was done opens nothing either.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..enums import AuditAction, OutboxReason, OutboxStatus
from ..models import Job, MessagePreference, Person, User
from ..registry import registry
from .audit import audit_record
from .live import secret_hash


def person_export(*, person: Person, by: User) -> dict[str, Any]:
    """Everything about `person`, by tool; the export itself is audit-logged."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": {"code": person.code, "process": person.process.slug},
        "tools": {},
    }
    for tool in registry.tools():
        if tool.personal_data_export is not None:
            data["tools"][tool.name] = {
                "label": str(tool.label),
                "data": tool.personal_data_export(person),
            }
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        subject=f"GDPR export of {person.code}",
        person=person,
        detail={"tools": sorted(data["tools"])},
    )
    return data


def person_export_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def person_export_html(data: dict[str, Any]) -> str:
    return render_to_string("core/gdpr/export.html", {"data": data})


@transaction.atomic
def person_erase(*, person: Person, by: User) -> dict[str, dict[str, int]]:
    """Erase or anonymise the person in every tool, then log what was done."""
    report: dict[str, dict[str, int]] = {}
    for tool in registry.tools():
        if tool.personal_data_erase is not None:
            report[tool.name] = dict(tool.personal_data_erase(person))
    report.setdefault("core", {})["job_files"] = _job_files_delete(person)
    audit_record(
        actor=by,
        action=AuditAction.ERASE,
        subject=f"GDPR erasure of {person.code}",
        person=person,
        detail=report,
    )
    return report


def _job_files_delete(person: Person) -> int:
    """Delete the stored result files of the process's background jobs (exports, paper kits
    with the access code printed on them): any of them may hold the person. They are copies
    that staff can make again, and they would expire after the retention period anyway."""
    deleted = 0
    jobs = Job.objects.filter(params__process=person.process_id).exclude(result_file="")
    for job in jobs:
        with contextlib.suppress(FileNotFoundError):  # already gone: still clear the row
            job.result_file.storage.delete(job.result_file.name or "")
        Job.objects.filter(pk=job.pk).update(result_file="", file_expired_at=timezone.now())
        deleted += 1
    return deleted


def core_personal_data(person: Person) -> dict[str, Any]:
    """The core's part of a GDPR export: identity, consents and live-session answers."""
    return {
        "pseudonym_code": person.code,
        "name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "municipality": person.municipality.name,
        "age_band": person.age_band,
        "erased_at": person.erased_at,
        "consents": [
            {
                "purpose": c.purpose,
                "text_version": c.text_version,
                "given_on": c.given_on,
                "method": c.method,
                "by_guardian": c.by_guardian,
                "guardian_name": c.guardian_name,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in person.consents.all()
        ],
        "workshop_answers": [
            {
                "workshop": str(r.activity.session.workshop),
                "activity": r.activity.title,
                "answer": r.payload,
                "at": r.created_at,
            }
            for seat in person.seats.select_related("session__workshop")
            for r in seat.responses.select_related("activity__session__workshop")
        ],
        "message_settings": [
            {
                "channel": p.channel,
                "no_email": p.no_email,
                "no_sms": p.no_sms,
                "no_letter": p.no_letter,
                "postal_address": p.postal_address,
            }
            for p in MessagePreference.objects.filter(person=person)
        ],
        "messages": [
            {"subject": m.subject, "channel": m.channel, "status": m.status, "sent_at": m.sent_at}
            for m in person.outbox_messages.all()
        ],
    }


def core_personal_data_erase(person: Person) -> dict[str, int]:
    """Blank the identity; keep municipality and age band so aggregate figures stay true."""
    consents = person.consents.count()
    person.consents.all().delete()
    comments = 0
    for seat in person.seats.all():
        for response in seat.responses.all():
            if response.payload.get("comment"):
                response.payload["comment"] = ""
                response.save(update_fields=["payload"])
                comments += 1
        seat.label = ""
        seat.person = None
        # The browser that held this seat's secret can no longer answer on it.
        seat.secret_hash = secret_hash(secrets.token_urlsafe(24))
        seat.save(update_fields=["label", "person", "secret_hash"])
    accounts = _account_close(person)
    # Scheduled messages: the postal address goes; the send log keeps only what was sent
    # when (texts can name the person's code and links), and nothing waiting is sent.
    MessagePreference.objects.filter(person=person).delete()
    person.outbox_messages.update(subject="", body="")
    person.outbox_messages.filter(status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SKIPPED, reason=OutboxReason.ERASED
    )
    person.full_name = ""
    person.email = ""
    person.phone = ""
    person.user = None
    person.access_code = erased_access_code()
    person.erased_at = timezone.now()
    person.save(update_fields=["full_name", "email", "phone", "user", "access_code", "erased_at"])
    return {
        "identity_fields": 3,
        "consents": consents,
        "comments": comments,
        "accounts_closed": accounts,
    }


def erased_access_code() -> str:
    """A unique stand-in for an erased person's access code that no typed code can match:
    typed codes are upper-cased before lookup, this one is lower case."""
    return "x" + secrets.token_hex(7)


def _account_close(person: Person) -> int:
    """Deactivate and anonymise the person's user account and end its sessions.

    The row stays (it is referenced as creator of records and actor in the audit log) but no
    longer names anyone and cannot log in. An account that still belongs to another person who
    is not erased (the same resident in another process) is only unlinked from this one.
    """
    user = person.user
    if user is None:
        return 0
    still_used = user.persons.exclude(pk=person.pk).filter(erased_at__isnull=True).exists()
    if still_used:
        return 0
    user.username = f"erased-{uuid.uuid4().hex}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(
        update_fields=["username", "email", "first_name", "last_name", "is_active", "password"]
    )
    _sessions_end(user)
    return 1


def _sessions_end(user: User) -> None:
    """Delete the user's stored sessions. The new unusable password already invalidates them
    (the session's auth hash no longer matches); deleting them also removes what they hold.
    Only database-backed sessions can be listed; cache-only sessions expire on their own."""
    if settings.SESSION_ENGINE not in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }:
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_id = str(user.pk)
    doomed = [
        row.session_key
        for row in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(row.get_decoded().get("_auth_user_id", "")) == user_id
    ]
    for key in doomed:
        store(session_key=key).delete()
