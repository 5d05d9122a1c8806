"""Pages reached through signed links, without logging in: the volunteer's task page
(accept, decline, check in and out, mark done) and the older person's feedback page; and
the inbound-SMS webhook for "1/2/3" replies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from arki.core.enums import AuditAction
from arki.core.services.audit import audit_record
from arki.core.throttle import CodeEntry, throttled

from .. import services
from ..enums import AssignmentStatus, FeedbackChannel
from ..forms import DoneForm, FeedbackForm
from ..models import Feedback
from ..services.links import (
    OFFER_MAX_AGE,
    LinkError,
    assignment_from_link,
    request_from_feedback_link,
)

# Signed links cannot be guessed, but a wrong or altered one still counts like a wrong code:
# one mechanism for every code entry, and no endless probing of the signer.
HELP_LINKS = CodeEntry("help-link")


def _link_error(request, exc: ValidationError):
    HELP_LINKS.failure(request)
    return render(
        request, "helpexchange/public/link_error.html", {"error": exc.messages[0]}, status=400
    )


def _partners(assignment) -> list[str]:
    """The first names of the other helpers of a confirmed team (never asked before the team
    is confirmed: a minor waiting for a pair learns who it is only once it is final)."""
    return [
        (v.person.full_name.split() or [v.person.code])[0]
        for v in assignment.request.team()
        if v.pk != assignment.volunteer_id
    ]


def _task_page(request, assignment, token, *, error="", done_form=None, status=200):
    help_request = assignment.request
    sees_address = assignment.sees_address  # checks the team in the database: ask once
    if sees_address and help_request.recipient.address:
        audit_record(
            actor=None,
            action=AuditAction.VIEW,
            subject=f"Address shown to helper {assignment.volunteer.person.code}",
            person=help_request.recipient.person,
            detail={"field": "address", "assignment": assignment.pk},
        )
    return render(
        request,
        "helpexchange/public/task.html",
        {
            "assignment": assignment,
            "help_request": help_request,
            "token": token,
            "error": error,
            "sees_address": sees_address,
            "partners": _partners(assignment) if sees_address else [],
            "can_answer": assignment.status == AssignmentStatus.OFFERED,
            "waiting_for_partner": assignment.status == AssignmentStatus.ACCEPTED
            and not sees_address,
            "done_form": done_form or DoneForm(),
            "needs_check_in": help_request.policy.needs_check_in(help_request.task_type),
        },
        status=status,
    )


@throttled(HELP_LINKS)
def task(request, token):
    """The task page behind the link in the volunteer's offer (GET shows, POST acts)."""
    try:
        assignment = assignment_from_link(token)
    except LinkError as exc:
        return _link_error(request, exc)
    if request.method != "POST":
        return _task_page(request, assignment, token)
    action = request.POST.get("action", "")
    try:
        if action in {"accept", "decline"}:
            assignment_from_link(token, max_age=OFFER_MAX_AGE)  # answering has a shorter limit
            if action == "accept":
                services.assignment_accept(assignment=assignment)
            else:
                services.assignment_decline(assignment=assignment)
        elif action == "check_in":
            services.assignment_check_in(assignment=assignment)
        elif action == "check_out":
            services.assignment_check_out(assignment=assignment)
        elif action == "done":
            form = DoneForm(request.POST)
            if not form.is_valid():
                return _task_page(request, assignment, token, done_form=form, status=400)
            services.assignment_complete(assignment=assignment, **form.cleaned_data)
        else:
            return HttpResponse(status=400)
    except ValidationError as exc:
        assignment.refresh_from_db()
        assignment.request.refresh_from_db()
        return _task_page(request, assignment, token, error=" ".join(exc.messages), status=409)
    return redirect("helpexchange_public:task", token=token)


@throttled(HELP_LINKS)
def feedback(request, token):
    """ "Did this make your day easier?" with three big smileys."""
    try:
        help_request = request_from_feedback_link(token)
    except LinkError as exc:
        return _link_error(request, exc)
    answered = Feedback.objects.filter(request=help_request).first()
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and answered is None and form.is_valid():
        try:
            answered = services.feedback_record(
                help_request=help_request,
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                channel=FeedbackChannel.WEB,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render(
        request,
        "helpexchange/public/feedback.html",
        {
            "help_request": help_request,
            "form": form,
            "answered": answered,
        },
        status=400 if form.errors else 200,
    )
