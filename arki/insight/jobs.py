"""Background jobs of the insight tool: paper-kit batches, file imports, large exports."""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from arki.core.jobs import JobContext
from arki.core.models import Job, Person, Process, User, Workshop

from .kits import kit_pdf
from .selectors import participants_for_user
from .transfer import (
    ImportFileError,
    ImportResult,
    export_row_count,
    export_shows_identity,
    export_write,
    import_table,
    upload_table,
)


def build_paper_kits(ctx: JobContext) -> dict[str, Any]:
    """One PDF with the kits of every enrolled participant in the user's scope."""
    workshop = Workshop.objects.select_related("process").get(pk=ctx.params["workshop"])
    people = list(Person.objects.filter(pk__in=ctx.params["people"]).select_related("municipality"))
    total = len(people)
    ctx.progress(0, total, _("Printing kits"))

    def step(done: int) -> None:
        if done % 10 == 0 or done == total:
            ctx.progress(done, total, _("Printing kits"))

    pdf = kit_pdf(
        people,
        workshop,
        large_print=bool(ctx.params.get("large_print")),
        language=ctx.params.get("language") or None,
        progress=step,
    )
    ctx.attach(f"paper-kits-{workshop.process.slug}-{ctx.job.pk}.pdf", pdf)
    return {"kits": total, "file": ctx.job.result_file.name}


def import_file(ctx: JobContext) -> dict[str, Any]:
    """Validate and import an uploaded table; nothing is written if any row is wrong.

    The file is read as a stream, twice (check, then write), never whole into memory; a file
    that is no table (binary, not text, a cell too long) fails with the reason."""
    process = Process.objects.get(pk=ctx.params["process"])
    user = User.objects.get(pk=ctx.params["user"])
    path = ctx.params["path"]
    # The upload holds personal data: it goes whatever the outcome (a failed job is not
    # retried; only a worker dying before this point needs the file again).
    try:
        table = upload_table(lambda: default_storage.open(path, "rb"), path)
        result = import_table(
            process=process,
            kind=ctx.params["kind"],
            header=table.header,
            rows=table.rows,
            by=user,
            progress=lambda done, total, message: ctx.progress(done, total, message),
            expected_rows=table.expected_rows,
        )
    except ImportFileError as error:
        result = ImportResult(reason=str(error))
    finally:
        default_storage.delete(path)
    return result.as_dict()


def export_file(ctx: JobContext) -> dict[str, Any]:
    """Service maps or diaries as CSV or XLSX, with the permissions of the user who asked.

    Scope and identity columns are decided again when the job runs (a role withdrawn in the
    meantime counts); the file is written to a temporary file, not kept in memory.
    """
    process = Process.objects.get(pk=ctx.params["process"])
    user = User.objects.get(pk=ctx.params["user"])
    kind, fmt = ctx.params["kind"], ctx.params["fmt"]
    participants = participants_for_user(user, process, "insight.export")
    identity = export_shows_identity(user, process)
    total = export_row_count(participants, kind)
    message = _("Writing rows")
    ctx.progress(0, total, message)
    with tempfile.TemporaryFile() as out:
        rows = export_write(
            out,
            participants,
            kind=kind,
            fmt=fmt,
            identity=identity,
            progress=lambda done: ctx.progress(done, total, message),
        )
        out.seek(0)
        if ctx.job.result_file:  # a restarted job replaces its earlier file
            ctx.job.result_file.delete(save=False)
        ctx.job.result_file.save(f"{process.slug}-{kind}.{fmt}", File(out), save=False)
    Job.objects.filter(pk=ctx.job.pk).update(result_file=ctx.job.result_file.name)
    ctx.progress(rows, rows, _("The file is ready."))
    return {"rows": rows, "identities": identity}
