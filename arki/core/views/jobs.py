"""Background-job progress pages and the demo's report regeneration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..jobs import job_start
from ..models import Job, Process
from ..selectors.processes import get_job_for_user, get_process_for_user
from ..services.audit import audit_identity_view


@login_required
def job_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "core/jobs/detail.html", {"job": job})


def job_file_response(
    request: HttpRequest, job: Job, *, filename: str, again_url: str = ""
) -> HttpResponseBase:
    """A job's result file for a user already allowed to have it; once the retention rule
    deleted it (or it is otherwise gone), a page saying so (410 Gone), never an error."""
    if not job.result_file and job.file_expired_at is None:
        raise Http404  # the job made no file
    try:
        handle = job.result_file.open("rb") if job.result_file else None
    except FileNotFoundError:
        handle = None
    if handle is None:
        return render(
            request, "core/jobs/expired.html", {"job": job, "again_url": again_url}, status=410
        )
    # Paper kits carry access codes, exports may carry names: every download is logged.
    audit_identity_view(
        request,
        subject=f"File of background job #{job.pk} ({job.kind})",
        process=Process.objects.filter(pk=job.params.get("process")).first(),
    )
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
def job_download(request, pk):
    """The result file, streamed only to the job's owner (it may hold personal data)."""
    job = get_job_for_user(request.user, pk)
    return job_file_response(request, job, filename=job.result_file.name.rsplit("/", 1)[-1])


@login_required
def job_progress(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "core/jobs/partials/progress.html", {"job": job})


@login_required
@require_POST
def reports_regenerate(request, slug):
    process = get_process_for_user(request.user, slug, "process.manage")
    job = job_start(
        kind="core.regenerate_reports", params={"process": process.pk}, user=request.user
    )
    messages.info(request, _("The workshop reports are being regenerated."))
    return redirect("core:job_detail", pk=job.pk)
