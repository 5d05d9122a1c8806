"""Staff pages of user testing (workshop 9): sessions, paper cards, summary, CSV and the sheet."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arki.core.enums import AuditAction
from arki.core.exports import safe_row
from arki.core.forms import apply_errors
from arki.core.permissions import can
from arki.core.services.audit import audit_record

from .. import selectors
from ..forms_actions import FeedbackForm, TestSessionForm
from ..pdf_actions import feedback_sheet_pdf
from ..services import testing as services


@login_required
def testing(request, slug):
    process = selectors.get_process_for_user(request.user, slug, "decisions.view")
    form = TestSessionForm(request.POST or None, process=process)
    if request.method == "POST":
        selectors.get_process_for_user(request.user, slug, "decisions.manage")
        if form.is_valid():
            try:
                session = services.test_session_create(
                    process=process, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The user-testing session was created."))
                return redirect("decisions:test_session", slug=slug, pk=session.pk)
    return render(
        request,
        "decisions/actions/testing.html",
        {
            "process": process,
            "sessions": selectors.test_sessions_of_process(process),
            "form": form,
            "can_manage": can(request.user, "decisions.manage", process),
        },
        status=400 if form.errors else 200,
    )


@login_required
def test_session(request, slug, pk):
    """The summary per tester group, the cards, and staff entry of a paper card."""
    session = selectors.get_test_session_for_user(request.user, slug, pk, "decisions.view")
    process = session.process
    form = FeedbackForm(request.POST or None, process=process)
    if request.method == "POST":
        selectors.get_process_for_user(request.user, slug, "decisions.paper")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_add(
                    session=session,
                    by=request.user,
                    tester_group=data["tester_group"],
                    feasibility=data["feasibility"],
                    obstacle=data["obstacle"],
                    opportunity=data["opportunity"],
                    intermediate_step=data["intermediate_step"],
                    **form.target_objects(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The paper card was entered."))
                return redirect("decisions:test_session", slug=slug, pk=session.pk)
    cards = selectors.feedback_of_session(session)
    return render(
        request,
        "decisions/actions/test_session.html",
        {
            "process": process,
            "session": session,
            "groups": selectors.feedback_summary(session.feedback.all()),
            "cards": cards,
            "form": form,
            "can_enter": can(request.user, "decisions.paper", process),
        },
        status=400 if form.errors else 200,
    )


@login_required
def feedback_csv(request, slug, pk):
    session = selectors.get_test_session_for_user(request.user, slug, pk, "decisions.view")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        safe_row(
            [
                _("Tester group"),
                _("About"),
                _("Obstacle"),
                _("Opportunity"),
                _("Suggested intermediate step"),
                _("Feasibility (1–5)"),
                _("Entered from paper"),
            ]
        )
    )
    for card in selectors.feedback_of_session(session):
        about = card.concept.tr("name") if card.concept else card.action.tr("title")
        writer.writerow(
            safe_row(
                [
                    card.get_tester_group_display(),
                    about,
                    card.obstacle,
                    card.opportunity,
                    card.intermediate_step,
                    card.feasibility,
                    _("yes") if card.paper_entered else _("no"),
                ]
            )
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject="decisions.feedback",
        process=session.process,
        detail={"path": request.path},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{session.pk}.csv"'
    return response


@login_required
def feedback_sheet(request, slug, pk):
    session = selectors.get_test_session_for_user(request.user, slug, pk, "decisions.view")
    response = HttpResponse(feedback_sheet_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feedback-sheet-{session.pk}.pdf"'
    return response
