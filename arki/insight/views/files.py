"""Downloads and uploads: exports, imports, paper kits and the charts PDF."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arki.core.enums import AuditAction
from arki.core.jobs import job_start
from arki.core.models import Job
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view, audit_record
from arki.core.uploads import upload_save
from arki.core.views.jobs import JobPages

from ..forms import ImportForm, KitBatchForm
from ..kits import kit_pdf
from ..pictures import charts_pdf
from ..selectors import (
    charts_for_user,
    get_participant_for_user,
    insight_workshop,
    participants_for_user,
)
from ..transfer import export_shows_identity, export_write
from .staff import _base, staff_user

KINDS = {"maps", "diaries"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Exports of up to this many participants are written during the request (about two
#: seconds for XLSX); larger ones run as a background job with a progress page.
EXPORT_IN_REQUEST_MAX = 2000


def export(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponseBase:
    """Maps or diaries as CSV or XLSX; names and contacts only for roles that may see them.

    A small export downloads at once. A large one shows what will happen (GET) and, when the
    user confirms (POST), is written by a background job; its page shows the progress and
    then the download link.
    """
    if kind not in KINDS or fmt not in CONTENT_TYPES:
        raise Http404
    process = get_process_for_user(request.user, slug, "insight.export")
    participants = participants_for_user(request.user, process, "insight.export")
    identity = export_shows_identity(request.user, process)
    count = participants.count()
    background = count > EXPORT_IN_REQUEST_MAX
    if background and request.method != "POST":
        return render(
            request,
            "insight/staff/export.html",
            _base(request, process, kind=kind, fmt=fmt, count=count, identity=identity),
        )
    job = None
    if background:
        job = job_start(
            kind="insight.export",
            params={"process": process.pk, "user": request.user.pk, "kind": kind, "fmt": fmt},
            user=staff_user(request),
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject=f"Insight export: {kind}.{fmt}",
        process=process,
        detail={
            "identities": identity,
            "participants": count,
            **({"job": job.pk} if job else {}),
        },
    )
    if job is not None:
        return redirect("insight:export_status", slug=slug, pk=job.pk)
    out = io.BytesIO()
    export_write(out, participants, kind=kind, fmt=fmt, identity=identity)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-{kind}.{fmt}"'
    return response


def _export_again(job: Job) -> str:
    """Where an export whose file has expired is made again (a URL name)."""
    return f"insight:export_{job.params['kind']}_{job.params['fmt']}"


def _kits_again(job: Job) -> str:
    return "insight:kits"


def _export_filename(slug: str, job: Job) -> str:
    return f"{slug}-{job.params['kind']}.{job.params['fmt']}"


def _kits_filename(slug: str, job: Job) -> str:
    return f"{slug}-paper-kits.pdf"


def _job_pages(
    name: str,
    kind: str,
    action: str,
    filename: Callable[[str, Job], str] | None = None,
    again: Callable[[Job], str] | None = None,
) -> JobPages:
    """Insight's pages for one kind of job: `<name>_status` (its templates under staff/ and
    partials/) and, given a file name and a page to make it again, `<name>_download`."""
    return JobPages(
        kind=kind,
        action=action,
        page=f"insight/staff/{name}_status.html",
        partial=f"insight/partials/{name}_status.html",
        context=_base,
        download_name=f"insight:{name}_download" if filename else "",
        filename=filename,
        again=again,
    )


EXPORT_JOB = _job_pages(
    "export", "insight.export", "insight.export", _export_filename, _export_again
)
export_status = EXPORT_JOB.status
export_download = EXPORT_JOB.download


def import_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        path = upload_save(process, form.cleaned_data["file"])
        job = job_start(
            kind="insight.import",
            params={
                "process": process.pk,
                "kind": form.cleaned_data["kind"],
                "path": path,
                "user": request.user.pk,
            },
            user=staff_user(request),
        )
        return redirect("insight:import_status", slug=slug, pk=job.pk)
    return render(request, "insight/staff/import.html", _base(request, process, form=form))


import_status = _job_pages("import", "insight.import", "insight.import").status


def kits(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.manage")
    participants = participants_for_user(request.user, process, "insight.manage")
    form = KitBatchForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        chosen = form.selected().order_by("person__code")
        people = list(chosen.values_list("person_id", flat=True))
        if not people:
            messages.error(request, _("Enrol participants first: there is nobody to print for."))
            return redirect("insight:kits", slug=slug)
        job = job_start(
            kind="insight.paper_kits",
            params={
                "process": process.pk,
                "workshop": insight_workshop(process).pk,
                "people": people,
                "large_print": form.cleaned_data["large_print"],
                "language": form.cleaned_data["language"],
            },
            user=staff_user(request),
        )
        return redirect("insight:kits_status", slug=slug, pk=job.pk)
    return render(
        request,
        "insight/staff/kits.html",
        _base(request, process, form=form, count=participants.count()),
    )


KITS_JOB = _job_pages("kits", "insight.paper_kits", "insight.manage", _kits_filename, _kits_again)
kits_status = KITS_JOB.status
kits_download = KITS_JOB.download


def kit_single(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One participant's kit at once (a lost kit, a late enrolment)."""
    process = get_process_for_user(request.user, slug, "insight.enter")
    participant = get_participant_for_user(request.user, process, code, "insight.enter")
    large = request.GET.get("large") == "1"
    audit_identity_view(  # the kit carries the personal access code
        request, subject=f"Paper kit of {participant.person.code}", person=participant.person
    )
    pdf = kit_pdf([participant.person], participant.workshop, large_print=large)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kit-{participant.person.code}.pdf"'
    return response


def charts_download(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.charts")
    data = charts_for_user(request.user, process)
    pdf = charts_pdf(data, _("Service maps: summary – %(process)s") % {"process": process})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slug}-service-maps.pdf"'
    return response
