"""Coordinator pages for group activities: list, create, sign-ups and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors
from arki.core.models import Person
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view

from .. import selectors, services
from ..forms import EventForm, SignupForm
from .common import paginate


@login_required
def event_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    page = paginate(request, selectors.events_for_user(request.user, process))
    return render(request, "helpexchange/event_list.html", {"process": process, "page": page})


@login_required
def event_create(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    form = EventForm(
        request.POST or None,
        organisations=selectors.organisations_for_user(request.user, process),
        villages=selectors.villages_for_process(process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(process=process, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("helpexchange:event_detail", slug=slug, pk=event.pk)
    return render(request, "helpexchange/event_form.html", {"process": process, "form": form})


def _people(request, process):
    recipients = selectors.recipients_for_user(request.user, process).values("person")
    volunteers = selectors.volunteers_for_user(request.user, process).values("person")
    return Person.objects.filter(Q(pk__in=recipients) | Q(pk__in=volunteers)).order_by("code")


def _signup_form(request, process, data=None):
    """The sign-up drop-down: names (with codes) for those allowed to see them, codes
    otherwise; showing the names is written to the audit log."""
    people = _people(request, process)
    show_names = selectors.sees_names(request.user, process)
    if show_names:
        audit_identity_view(
            request, subject="Participants to sign up", process=process, people=list(people)
        )
    return SignupForm(data, people=people, show_names=show_names)


def _event_page(request, process, event, form=None, status=200):
    signups = list(event.signups.select_related("person"))
    audit_identity_view(
        request,
        subject=f"Sign-ups of activity #{event.pk}",
        process=process,
        people=[s.person for s in signups],
    )
    return render(
        request,
        "helpexchange/event_detail.html",
        {
            "process": process,
            "event": event,
            "signups": signups,
            "form": form or _signup_form(request, process),
        },
        status=status,
    )


@login_required
def event_detail(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    return _event_page(request, process, selectors.get_event_for_user(request.user, process, pk))


@require_POST
@login_required
def event_signup(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    event = selectors.get_event_for_user(request.user, process, pk)
    form = _signup_form(request, process, request.POST)
    if form.is_valid():
        try:
            services.event_signup(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Signed up."))
            return redirect("helpexchange:event_detail", slug=slug, pk=pk)
    return _event_page(request, process, event, form, status=400)


@require_POST
@login_required
def event_attendance(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    event = selectors.get_event_for_user(request.user, process, pk)
    present = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
    count = services.event_attendance_record(event=event, attended_ids=present, by=request.user)
    messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
    return redirect("helpexchange:event_detail", slug=slug, pk=pk)
