"""The one way to write a civic row: validated, with who and when, audited when asked.

Every service of the core and of every tool creates and changes its rows through these two
helpers, so that no write forgets the model's validation (`full_clean`), the `created_by` /
`modified_by` of `CivicModel`, or `modified_at` in a narrowed `update_fields` (an easy slip
that leaves a changed row looking untouched). A write that also belongs in the audit log
(personal data created or changed) passes `audit=Audited(...)`: the entry is written by the
same user, in the same transaction, with the action that follows from the helper (CREATE or
CHANGE), so such call sites all read alike.

A service that needs something else on purpose (an insert that relies on a database
constraint and retries, `bulk_create` for thousands of rows, a queryset `update`) writes
directly and says why in a one-line comment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

from ..enums import AuditAction
from ..models import CivicModel, Person, Process, User
from .audit import audit_record

M = TypeVar("M", bound=CivicModel)


@dataclass(frozen=True)
class Audited:
    """What the audit-log entry of a write says; the actor is the writer (`by`).

    `subject` may be a function of the saved row, for a subject that names a new row's id.
    """

    subject: str | Callable[[Any], str]
    person: Person | None = None
    process: Process | None = None
    detail: Mapping[str, Any] | None = None

    def record(self, obj: CivicModel, *, by: User | None, action: str) -> None:
        audit_record(
            actor=by,
            action=action,
            subject=self.subject(obj) if callable(self.subject) else self.subject,
            person=self.person,
            process=self.process,
            detail=dict(self.detail) if self.detail is not None else None,
        )


def _atomic_if(audit: Audited | None) -> AbstractContextManager[object]:
    """The row and its audit entry commit together; a plain write adds no savepoint."""
    return transaction.atomic() if audit is not None else nullcontext()


def create_clean(
    model: type[M], *, by: User | None, audit: Audited | None = None, **fields: Any
) -> M:
    """Build one row, validate it (`full_clean`) and save it, recording who created it."""
    obj = model(created_by=by, modified_by=by, **fields)
    obj.full_clean()
    with _atomic_if(audit):
        obj.save()
        if audit is not None:
            audit.record(obj, by=by, action=AuditAction.CREATE)
    return obj


def save_fields(
    obj: CivicModel,
    by: User | None,
    fields: Sequence[str],
    *,
    clean: bool = False,
    exclude: Sequence[str] | None = None,
    audit: Audited | None = None,
) -> None:
    """Save only the changed `fields` (set on `obj` by the caller), with who changed them.

    `clean=True` validates the row first (`full_clean`, skipping the fields in `exclude`),
    for values a user typed.
    """
    obj.modified_by = by
    if clean:
        obj.full_clean(exclude=exclude)
    with _atomic_if(audit):
        obj.save(update_fields=[*fields, "modified_by", "modified_at"])
        if audit is not None:
            audit.record(obj, by=by, action=AuditAction.CHANGE)
