"""Downloads (REFI-QDA, CSV, Excel, persona PDF), the codebook import and the small JSON API."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_record

from .. import exports, selectors, services
from ..cards import persona_pdf
from ..forms import ImportForm
from ..refi.qdpx import QdpxError, read_qdpx, write_qdpx
from .workspace import base, staff


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export_diaries(request: HttpRequest, slug: str, what: str):
    process = get_process_for_user(request.user, slug, "analysis.export")
    diaries = list(selectors.diaries_for_user(request.user, process))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject=what,
        process=process,
        detail={"diaries": len(diaries)},
    )
    return process, diaries


def export_segments(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    process, diaries = _export_diaries(request, slug, f"Coded segments ({fmt})")
    rows = exports.segment_rows(process, diaries)
    if fmt == "xlsx":
        return _download(
            exports.segments_xlsx(rows),
            f"{slug}-coded-segments.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return _download(
        exports.segments_csv(rows), f"{slug}-coded-segments.csv", "text/csv; charset=utf-8"
    )


def export_qdpx(request: HttpRequest, slug: str) -> HttpResponse:
    process, diaries = _export_diaries(request, slug, "REFI-QDA project")
    project = exports.refi_project(process, diaries)
    return _download(write_qdpx(project), f"{slug}.qdpx", "application/zip")


def import_qdpx(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.codebook")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = read_qdpx(form.cleaned_data["file"].read())
            made = exports.codebook_import(process=process, project=project, by=staff(request))
        except QdpxError as error:
            form.add_error("file", _("The file is not a REFI-QDA project (.qdpx)."))
            del error
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            messages.success(request, _("%(n)d codes added to the codebook.") % {"n": made})
            return redirect("analysis:codebook", slug=slug)
    return render(request, "analysis/import.html", base(request, process, form=form))


def persona_card_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    persona = selectors.get_persona_for_user(request.user, process, pk)
    return _download(
        persona_pdf(selectors.persona_card(persona)), f"persona-{pk}.pdf", "application/pdf"
    )


# --- JSON API (other tools and scripts) ----------------------------------------------------


def _persona_json(persona) -> dict:
    return {
        "id": persona.pk,
        "name": persona.name,
        "status": persona.status,
        "age_band": persona.age_band,
        "municipalities": [m.code for m in persona.municipalities.all()],
        "supporters": persona.supporter_count,
        "version": persona.version,
    }


def api_personas(request: HttpRequest, slug: str) -> JsonResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    personas = selectors.personas_for_user(request.user, process)
    return JsonResponse({"personas": [_persona_json(p) for p in personas]})


@require_POST
def api_persona_publish(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    try:
        process = get_process_for_user(request.user, slug, "analysis.publish")
    except PermissionDenied:
        return JsonResponse({"error": "forbidden"}, status=403)
    persona = selectors.get_persona_for_user(request.user, process, pk)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": _("The request is not valid JSON.")}, status=400)
    try:
        if body.get("status") == "draft":
            services.persona_unpublish(persona=persona, by=staff(request))
        else:
            services.persona_publish(persona=persona, by=staff(request))
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    persona = selectors.get_persona_for_user(request.user, process, pk)
    return JsonResponse(_persona_json(persona))
