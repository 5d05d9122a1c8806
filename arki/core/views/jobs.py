"""Background-job progress pages and the demo's report regeneration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..jobs import job_start
from ..selectors.processes import get_job_for_user, get_process_for_user


@login_required
def job_detail(request, pk):
    job = get_job_for_user(request.user, pk)
    return render(request, "core/jobs/detail.html", {"job": job})


@login_required
def job_download(request, pk):
    """The result file, streamed only to the job's owner (it may hold personal data)."""
    job = get_job_for_user(request.user, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_file.name.rsplit("/", 1)[-1],
    )


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
