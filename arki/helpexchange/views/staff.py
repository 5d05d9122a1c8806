"""Coordinator pages: overview with figures, requests (phone-in, ranking, offers, feedback)."""

from __future__ import annotations

import csv
from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction
from arki.core.exports import safe_row
from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can, municipality_scope
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view, audit_record

from .. import metrics, selectors, services
from ..enums import FeedbackChannel, RequestStatus
from ..forms import (
    ChooseVolunteersForm,
    DoneForm,
    FeedbackForm,
    IncidentForm,
    ReasonForm,
    RequestForm,
)
from ..models import Feedback, Incident
from ..reasons import reason_text
from .common import paginate, status_choice


@login_required
def dashboard(request, slug):
    process = get_process_for_user(request.user, slug, "helpexchange.view")
    context = {
        "process": process,
        "figures": metrics.figures(process),
        "months": metrics.tasks_done_by_month(process),
        "open_incidents": Incident.objects.filter(process=process, resolved_at=None).count(),
        "can_coordinate": can(request.user, selectors.COORDINATE, process),
    }
    return render(request, "helpexchange/dashboard.html", context)


@login_required
def request_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    status = status_choice(request, RequestStatus)
    page = paginate(request, selectors.requests_for_user(request.user, process, status or None))
    people = [r.recipient.person for r in page.object_list]
    audit_identity_view(request, subject="Help request list", process=process, people=people)
    return render(
        request,
        "helpexchange/request_list.html",
        {
            "process": process,
            "page": page,
            "status": status,
            "statuses": RequestStatus.choices,
        },
    )


def _request_form(request, process, data=None):
    recipients = selectors.recipients_for_user(request.user, process).select_related("person")
    show_names = selectors.sees_names(request.user, process)
    if show_names:
        audit_identity_view(
            request,
            subject="Older people to choose from",
            process=process,
            people=[r.person for r in recipients],
        )
    return RequestForm(
        data,
        show_names=show_names,
        recipients=recipients,
        villages=selectors.villages_for_process(process),
        initial={"recipient": request.GET.get("recipient")},
    )


@login_required
def request_create(request, slug):
    """A coordinator takes a phone call and records the request for the person."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    form = _request_form(request, process, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                recipient = data["recipient"] or services.recipient_create(
                    process=process,
                    village=data["village"],
                    full_name=data["full_name"].strip(),
                    age_band=data["age_band"],
                    phone=data["phone"].strip(),
                    address=data["address"].strip(),
                    by=request.user,
                )
                help_request = services.request_create(
                    process=process,
                    recipient=recipient,
                    task_type=data["task_type"],
                    description=data["description"],
                    flexible=data["flexible"],
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                    recurrence=data["recurrence"],
                    village=data["village"],
                    notes_for_helper=data["notes_for_helper"],
                    channel=data["channel"],
                    by=request.user,
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request was saved. Choose a helper below."))
            return redirect("helpexchange:request_detail", slug=slug, pk=help_request.pk)
    return render(request, "helpexchange/request_form.html", {"process": process, "form": form})


def _ranked(help_request):
    return [
        {"volunteer": volunteer, "rank": r, "reasons": [reason_text(x) for x in r.reasons]}
        for volunteer, r in selectors.ranked_volunteers(help_request)
    ]


def _detail_context(request, process, help_request, **forms):
    ranked = _ranked(help_request) if help_request.status == RequestStatus.OPEN else []
    audit_identity_view(
        request,
        subject=f"Help request #{help_request.pk}",
        person=help_request.recipient.person,
        detail={"volunteers": [row["volunteer"].person.code for row in ranked]},
    )
    return {
        "process": process,
        "help_request": help_request,
        "address": selectors.address_for_user(request.user, help_request.recipient),
        "team": selectors.team_of(help_request),
        "ranked": ranked,
        "feedback": Feedback.objects.filter(request=help_request).first(),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
        "incident_form": forms.get("incident_form") or IncidentForm(),
        "pause_form": forms.get("pause_form") or ReasonForm(),
        "choose_errors": forms.get("choose_errors", []),
    }


@login_required
def request_detail(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    return render(
        request, "helpexchange/request_detail.html", _detail_context(request, process, help_request)
    )


def _rerender(request, process, help_request, status=400, **forms):
    return render(
        request,
        "helpexchange/request_detail.html",
        _detail_context(request, process, help_request, **forms),
        status=status,
    )


@require_POST
@login_required
def request_match(request, slug, pk):
    """Send offers to the chosen volunteers, or (action=confirm) assign them directly."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    ranked = {
        v.pk: (r.points, [asdict(x) for x in r.reasons])
        for v, r in selectors.ranked_volunteers(help_request, limit=None)
    }
    form = ChooseVolunteersForm(
        request.POST,
        volunteers=selectors.volunteers_for_user(request.user, process).filter(pk__in=ranked)
        if ranked
        else selectors.volunteers_for_user(request.user, process).none(),
    )
    if not form.is_valid():
        return _rerender(
            request, process, help_request, choose_errors=form.errors.get("volunteers", [])
        )
    chosen = list(form.cleaned_data["volunteers"])
    try:
        if request.POST.get("action") == "confirm":
            services.assignment_confirm(
                help_request=help_request, volunteers=chosen, by=request.user
            )
            messages.success(request, _("The helpers are confirmed and have been told."))
        else:
            services.assignment_offer(
                help_request=help_request, volunteers=chosen, by=request.user, scores=ranked
            )
            messages.success(request, _("Offers sent: %(n)s.") % {"n": len(chosen)})
    except ValidationError as exc:
        return _rerender(request, process, help_request, choose_errors=exc.messages)
    return redirect("helpexchange:request_detail", slug=slug, pk=pk)


@require_POST
@login_required
def request_pause(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    if help_request.paused:
        services.request_resume(help_request=help_request, by=request.user)
        messages.success(request, _("The request is open again."))
        return redirect("helpexchange:request_detail", slug=slug, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _rerender(request, process, help_request, pause_form=form)
    services.request_pause(
        help_request=help_request, reason=form.cleaned_data["reason"], by=request.user
    )
    messages.success(request, _("The request is paused."))
    return redirect("helpexchange:request_detail", slug=slug, pk=pk)


@require_POST
@login_required
def request_feedback(request, slug, pk):
    """The coordinator records the answer the older person gave on the phone."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_record(
                help_request=help_request,
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                channel=FeedbackChannel.PHONE,
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The answer was saved. Thank you!"))
            return redirect("helpexchange:request_detail", slug=slug, pk=pk)
    return _rerender(request, process, help_request, feedback_form=form)


@require_POST
@login_required
def request_incident(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    form = IncidentForm(request.POST)
    if not form.is_valid():
        return _rerender(request, process, help_request, incident_form=form)
    services.incident_report(
        process=process, help_request=help_request, by=request.user, **form.cleaned_data
    )
    messages.success(request, _("The incident report was saved."))
    return redirect("helpexchange:request_detail", slug=slug, pk=pk)


@require_POST
@login_required
def assignment_pass(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    scope = municipality_scope(request.user, selectors.COORDINATE, process)
    try:
        offers = services.assignment_pass(process=process, by=request.user, municipality_ids=scope)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Offers sent: %(n)s.") % {"n": offers})
    return redirect("helpexchange:request_list", slug=slug)


@login_required
def request_export(request, slug):
    """All requests in the coordinator's municipalities, without names or addresses."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-help-requests.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "created",
            "municipality",
            "village",
            "task",
            "status",
            "channel",
            "flexible",
            "recurrence",
            "manual_matching",
            "person_code",
        ]
    )
    rows = selectors.requests_for_user(request.user, process).order_by("pk")
    for r in rows:
        writer.writerow(
            safe_row(
                [
                    r.pk,
                    r.created_at.date().isoformat(),
                    r.village.municipality.name,
                    r.village.name,
                    r.task_type,
                    r.status,
                    r.channel,
                    r.flexible,
                    r.recurrence,
                    r.manual_intervention,
                    r.recipient.person.code,
                ]
            )
        )
    audit_record(
        actor=request.user, action=AuditAction.EXPORT, subject="Help requests CSV", process=process
    )
    return response


@login_required
def incident_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    page = paginate(request, selectors.incidents_for_user(request.user, process))
    return render(request, "helpexchange/incident_list.html", {"process": process, "page": page})


@require_POST
@login_required
def incident_resolve(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    incident = get_object_or_404(selectors.incidents_for_user(request.user, process), pk=pk)
    services.incident_resolve(incident=incident, by=request.user)
    messages.success(request, _("Marked as followed up."))
    return redirect("helpexchange:incident_list", slug=slug)


def _team_assignment(request, slug, pk, assignment_pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    help_request = selectors.get_request_for_user(request.user, process, pk)
    assignment = get_object_or_404(help_request.assignments, pk=assignment_pk)
    return process, help_request, assignment


@require_POST
@login_required
def assignment_resend(request, slug, pk, assignment):
    """Send a helper their offer or task link again (audited)."""
    _process, _help_request, member = _team_assignment(request, slug, pk, assignment)
    try:
        services.assignment_resend(assignment=member, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The link was sent again."))
    return redirect("helpexchange:request_detail", slug=slug, pk=pk)


@require_POST
@login_required
def assignment_done(request, slug, pk, assignment):
    """Record that a helper did the task, on their behalf (audited)."""
    _process, _help_request, member = _team_assignment(request, slug, pk, assignment)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(ValidationError(form.errors["duration_minutes"])))
        return redirect("helpexchange:request_detail", slug=slug, pk=pk)
    try:
        services.assignment_complete_for(
            assignment=member,
            duration_minutes=form.cleaned_data["duration_minutes"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The task is recorded as done for the helper."))
    return redirect("helpexchange:request_detail", slug=slug, pk=pk)
