"""A volunteer's own page: open requests near them to pick, and their tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import error_text
from arki.core.selectors.processes import get_process_for_user

from .. import selectors, services
from ..models import HelpRequest
from ..services.links import assignment_url


@login_required
def mine(request, slug):
    process = get_process_for_user(request.user, slug, "helpexchange.volunteer")
    volunteer = selectors.volunteer_of_user(request.user, process)
    tasks = [(a, assignment_url(a)) for a in selectors.assignments_of_volunteer(volunteer)[:30]]
    return render(
        request,
        "helpexchange/mine.html",
        {
            "process": process,
            "volunteer": volunteer,
            "near": selectors.open_requests_near(volunteer),
            "tasks": tasks,
        },
    )


@require_POST
@login_required
def pick(request, slug, pk):
    process = get_process_for_user(request.user, slug, "helpexchange.volunteer")
    volunteer = selectors.volunteer_of_user(request.user, process)
    help_request = get_object_or_404(HelpRequest, process=process, pk=pk)
    try:
        assignment = services.assignment_pick(
            help_request=help_request, volunteer=volunteer, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("helpexchange:mine", slug=slug)
    if assignment.sees_address:
        messages.success(request, _("Thank you! The task is yours."))
    else:
        messages.info(request, _("Thank you! We are still looking for a partner to go with you."))
    return redirect("helpexchange:mine", slug=slug)
