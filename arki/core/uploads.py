"""Files users upload for a background job to read (imports of service maps and diaries).

An upload holds personal data. The job deletes it as soon as it has read it, whatever the
outcome. One whose job never read it (the job was lost before it started, a worker was down
for good) would otherwise stay in storage forever: `uploads_purge()` deletes uploads older than
`ARKI_FILE_RETENTION_DAYS`, on the same schedule as job result files (after every job, from
`arki purge_files` and as the Celery task `arki.purge_files`). Each deletion is audit-logged
in the upload's process.

Uploads live in `uploads/<process slug>/<random folder>/<file name>`, so that two uploads
with the same name never meet and the process is known without a database row.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .enums import AuditAction
from .models import Process, User
from .services.audit import audit_record

logger = logging.getLogger(__name__)

FOLDER = "uploads"


def upload_too_large(upload: UploadedFile) -> str:
    """Why ``upload`` is refused for its size ("" if it is not), for a form to show before
    anything is stored: a job reads an upload as a stream, but storage and time are finite."""
    limit = settings.ARKI_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size <= limit:
        return ""
    return _("The file is %(size)s; the largest file accepted is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def upload_save(process: Process, upload: UploadedFile) -> str:
    """Store ``upload`` for a job of ``process``; returns its storage path (give it to the job,
    which deletes the file once it has read it). A form has refused a file too large
    (`upload_too_large`); this refuses it again, so that no other path stores one."""
    if upload_too_large(upload):
        raise ValueError(upload_too_large(upload))
    name = get_valid_filename(os.path.basename(upload.name or "")) or "upload"
    return default_storage.save(f"{FOLDER}/{process.slug}/{secrets.token_hex(8)}/{name}", upload)


def upload_delete(path: str | None) -> bool:
    """Delete an upload (a job that failed or read it); anything not under the uploads folder
    is left alone, whatever a job's parameters say. Returns whether a file went."""
    if not path or not path.startswith(f"{FOLDER}/") or ".." in path.split("/"):
        return False
    try:
        if not default_storage.exists(path):
            return False
        default_storage.delete(path)
    except Exception:
        logger.exception("Could not delete the upload %s", path)
        return False
    return True


def uploads_expired(*, now: datetime.datetime | None = None) -> list[str]:
    """Paths of the uploads stored before the retention period, oldest first."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ARKI_FILE_RETENTION_DAYS)
    found: list[tuple[datetime.datetime, str]] = []
    for path in _walk(FOLDER):
        try:
            stored = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError):
            continue
        if stored < cutoff:
            found.append((stored, path))
    return [path for _stored, path in sorted(found)]


def uploads_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False, by: User | None = None
) -> list[str]:
    """Delete the expired uploads (see the module's docstring); returns their paths."""
    paths = uploads_expired(now=now)
    if dry_run:
        return paths
    purged = []
    for path in paths:
        try:
            default_storage.delete(path)
        except Exception:
            logger.exception("Could not delete the upload %s", path)
            continue
        slug = path.split("/")[1]
        audit_record(
            actor=by,
            action=AuditAction.ERASE,
            subject="Expired upload deleted (its job never read it)",
            process=Process.objects.filter(slug=slug).first(),
            detail={"file": path, "days": settings.ARKI_FILE_RETENTION_DAYS},
        )
        purged.append(path)
    return purged


def _walk(folder: str) -> list[str]:
    """Every file under ``folder`` in the default storage."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    paths = [f"{folder}/{name}" for name in files]
    for name in folders:
        paths.extend(_walk(f"{folder}/{name}"))
    return paths
