"""GDPR tools for one participant (export, erasure) and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import EraseConfirmForm
from ..selectors.people import audit_entries_for_user, get_person_for_user
from ..selectors.processes import get_process_for_user
from ..services.gdpr import person_erase, person_export, person_export_html, person_export_json


@login_required
def person_export_view(request, slug, code, fmt):
    if fmt not in {"json", "html"}:
        raise Http404
    process = get_process_for_user(request.user, slug, "gdpr.export")
    person = get_person_for_user(request.user, process, code, "gdpr.export")
    data = person_export(person=person, by=request.user)
    if fmt == "json":
        response = HttpResponse(person_export_json(data), content_type="application/json")
    else:
        response = HttpResponse(person_export_html(data), content_type="text/html")
    response["Content-Disposition"] = f'attachment; filename="arki-{person.code}.{fmt}"'
    return response


@login_required
def person_erase_view(request, slug, code):
    process = get_process_for_user(request.user, slug, "gdpr.erase")
    person = get_person_for_user(request.user, process, code, "gdpr.erase")
    form = EraseConfirmForm(request.POST or None, expected=person.code)
    if request.method == "POST" and form.is_valid():
        report = person_erase(person=person, by=request.user)
        messages.success(
            request,
            _("The personal data of %(code)s was erased; aggregate figures were kept.")
            % {"code": person.code},
        )
        request.session["arki_last_erasure"] = report
        return redirect("core:person_detail", slug=slug, code=code)
    return render(
        request,
        "core/people/erase_confirm.html",
        {"process": process, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def audit_log(request, slug):
    process = get_process_for_user(request.user, slug, "audit.view")
    entries = audit_entries_for_user(request.user, process)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"process": process, "page": page})
