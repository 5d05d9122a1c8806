"""Coordinator pages for volunteers: registration, consent, training, activation, pause,
certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view

from .. import selectors, services
from ..enums import VolunteerStatus
from ..forms import ConsentForm, ReasonForm, VolunteerForm
from .common import paginate, status_choice


@login_required
def volunteer_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    status = status_choice(request, VolunteerStatus)
    page = paginate(request, selectors.volunteers_for_user(request.user, process, status or None))
    people = [v.person for v in page.object_list]
    audit_identity_view(request, subject="Volunteer list", process=process, people=people)
    return render(
        request,
        "helpexchange/volunteer_list.html",
        {
            "process": process,
            "page": page,
            "status": status,
            "statuses": VolunteerStatus.choices,
        },
    )


@login_required
def volunteer_create(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    form = VolunteerForm(
        request.POST or None,
        organisations=selectors.organisations_for_user(request.user, process),
        villages=selectors.villages_for_process(process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_register(
                process=process, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The volunteer was registered. Record the consent next."))
            return redirect("helpexchange:volunteer_detail", slug=slug, pk=volunteer.pk)
    return render(request, "helpexchange/volunteer_form.html", {"process": process, "form": form})


def _detail(request, process, volunteer, status=200, **forms):
    audit_identity_view(
        request, subject=f"Volunteer {volunteer.person.code}", person=volunteer.person
    )
    assignments = list(selectors.assignments_of_volunteer(volunteer)[:50])
    # A helper may serve across a border: requests outside the viewer's municipalities are
    # listed without a link (their page is not the viewer's to open).
    openable = set(
        selectors.requests_for_user(request.user, process)
        .filter(pk__in=[a.request_id for a in assignments])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "helpexchange/volunteer_detail.html",
        {
            "process": process,
            "volunteer": volunteer,
            "problems": services.activation_problems(volunteer),
            "consents": volunteer.person.consents.filter(purpose="help_exchange"),
            "assignments": assignments,
            "openable_requests": openable,
            "certificates": volunteer.certificates.all(),
            "consent_form": forms.get("consent_form") or ConsentForm(),
            "pause_form": forms.get("pause_form") or ReasonForm(),
        },
        status=status,
    )


@login_required
def volunteer_detail(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    return _detail(request, process, selectors.get_volunteer_for_user(request.user, process, pk))


@require_POST
@login_required
def volunteer_consent(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    volunteer = selectors.get_volunteer_for_user(request.user, process, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.volunteer_consent_record(
                volunteer=volunteer, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("helpexchange:volunteer_detail", slug=slug, pk=pk)
    return _detail(request, process, volunteer, status=400, consent_form=form)


@require_POST
@login_required
def volunteer_status(request, slug, pk):
    """One endpoint for the status buttons: trained, activate, pause, resume."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    volunteer = selectors.get_volunteer_for_user(request.user, process, pk)
    action = request.POST.get("action")
    try:
        if action == "trained":
            services.volunteer_mark_trained(volunteer=volunteer, by=request.user)
        elif action == "activate":
            services.volunteer_activate(volunteer=volunteer, by=request.user)
        elif action == "resume":
            services.volunteer_resume(volunteer=volunteer, by=request.user)
        elif action == "pause":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _detail(request, process, volunteer, status=400, pause_form=form)
            services.volunteer_pause(
                volunteer=volunteer, reason=form.cleaned_data["reason"], by=request.user
            )
        else:
            return HttpResponse(status=400)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _detail(request, process, volunteer, status=400)
    messages.success(request, _("Saved."))
    return redirect("helpexchange:volunteer_detail", slug=slug, pk=pk)


@require_POST
@login_required
def certificate_issue(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    volunteer = selectors.get_volunteer_for_user(request.user, process, pk)
    certificate = services.certificate_issue(volunteer=volunteer, by=request.user)
    return redirect("helpexchange:certificate_pdf", slug=slug, pk=pk, cert=certificate.pk)


@login_required
def certificate_pdf(request, slug, pk, cert):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    volunteer = selectors.get_volunteer_for_user(request.user, process, pk)
    certificate = get_object_or_404(volunteer.certificates, pk=cert)
    audit_identity_view(
        request, subject=f"Certificate of {volunteer.person.code}", person=volunteer.person
    )
    response = HttpResponse(services.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{volunteer.person.code}.pdf"'
    return response
