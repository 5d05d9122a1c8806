"""Background-job progress pages and the demo's report regeneration.

`JobPages` is how every tool shows its own background jobs (exports, imports, paper kits): the
progress page and the download are written once here, so the owner check, the htmx polling
and the page for an expired file are the same in every tool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..jobs import job_start
from ..models import Job, Process
from ..selectors.processes import get_job_for_user, get_own_job_for_user, get_process_for_user
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


def _process_context(request: HttpRequest, process: Process, **extra: Any) -> dict[str, Any]:
    return {"process": process, **extra}


@dataclass(frozen=True)
class JobPages:
    """A tool's pages for one kind of background job, under `<slug>/…/<pk>/`.

    `status` is the progress page; htmx polls the same URL and gets `partial` (which extends
    core/jobs/partials/progress.html) until the job ends. `download` serves the result file.
    Both need `action` on the process and show a job only to the user who started it.
    """

    kind: str
    action: str
    #: The full page (extends the tool's base) and the partial htmx polls.
    page: str
    partial: str
    #: The tool's page context: called as context(request, process, job=…, …).
    context: Callable[..., dict[str, Any]] = _process_context
    #: URL name (slug, pk) of the download, and the file name a job's file is saved as.
    download_name: str = ""
    filename: Callable[[str, Job], str] | None = None
    #: URL name (slug) of the page where an expired file is made again.
    again: Callable[[Job], str] | None = None

    def _open(self, request: HttpRequest, slug: str, pk: int) -> tuple[Process, Job]:
        process = get_process_for_user(request.user, slug, self.action)
        return process, get_own_job_for_user(request.user, pk, self.kind)

    def _again_url(self, slug: str, job: Job) -> str:
        return reverse(self.again(job), kwargs={"slug": slug}) if self.again else ""

    def status(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        process, job = self._open(request, slug, pk)
        download = self.download_name
        context = self.context(
            request,
            process,
            job=job,
            again_url=self._again_url(slug, job),
            status_url=request.path,
            download_url=reverse(download, kwargs={"slug": slug, "pk": pk}) if download else "",
        )
        template = self.partial if request.headers.get("HX-Request") else self.page
        return render(request, template, context)

    def download(self, request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
        if self.filename is None:
            raise Http404
        _process, job = self._open(request, slug, pk)
        return job_file_response(
            request, job, filename=self.filename(slug, job), again_url=self._again_url(slug, job)
        )


@login_required
@require_POST
def reports_regenerate(request, slug):
    process = get_process_for_user(request.user, slug, "process.manage")
    job = job_start(
        kind="core.regenerate_reports",
        params={"process": process.pk, "language": translation.get_language()},
        user=request.user,
    )
    messages.info(request, _("The workshop reports are being regenerated."))
    return redirect("core:job_detail", pk=job.pk)
