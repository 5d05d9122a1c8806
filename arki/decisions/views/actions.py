"""Staff pages of actions (workshop 8), progress notes and co-planning owners (workshop 10)."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction
from arki.core.exports import safe_row
from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can
from arki.core.services.audit import audit_record

from .. import selectors
from ..forms_actions import ActionFilterForm, ActionForm, NoteForm
from ..models import ActionPick
from ..services import actions as services

ACTIONS_PER_PAGE = 25


@login_required
def action_list(request, slug):
    process = selectors.get_process_for_user(request.user, slug, "decisions.view")
    filters = ActionFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    actions = selectors.actions_of_process(
        process,
        level=chosen.get("level", ""),
        status=chosen.get("status", ""),
        owner_missing=bool(chosen.get("owner_missing")),
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "decisions/actions/list.html",
        {
            "process": process,
            "filters": filters,
            "page": page,
            "query": query,
            "no_owner": list(selectors.actions_without_owner(process)),
            "proposals": list(selectors.proposals_of_process(process)),
            "can_edit": can(request.user, "decisions.actions", process),
        },
    )


@login_required
def action_create(request, slug):
    process = selectors.get_process_for_user(request.user, slug, "decisions.actions")
    form = ActionForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(process=process, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("decisions:action_detail", slug=slug, pk=action.pk)
    return render(
        request,
        "decisions/actions/edit.html",
        {"process": process, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def action_edit(request, slug, pk):
    action = selectors.get_action_for_user(request.user, slug, pk, "decisions.actions")
    process = action.process
    form = ActionForm(request.POST or None, instance=action, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            action.refresh_from_db()
            apply_errors(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("decisions:action_detail", slug=slug, pk=action.pk)
    return render(
        request,
        "decisions/actions/edit.html",
        {"process": process, "form": form, "action": action},
        status=400 if form.errors else 200,
    )


@login_required
def action_detail(request, slug, pk):
    """One action with its notes; staff with `decisions.actions` add a note (maybe a status)."""
    action = selectors.get_action_for_user(request.user, slug, pk, "decisions.view")
    process = action.process
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        selectors.get_process_for_user(request.user, slug, "decisions.actions")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.action_note_add(
                    action=action,
                    by=request.user,
                    text=data["text"],
                    text_sv=data["text_sv"],
                    text_en=data["text_en"],
                    status=data["status"],
                    publish=data["publish"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The progress note was saved."))
                return redirect("decisions:action_detail", slug=slug, pk=action.pk)
    return render(
        request,
        "decisions/actions/detail.html",
        {
            "process": process,
            "action": action,
            "notes": action.notes.order_by("created_at", "pk"),
            "picks": ActionPick.objects.filter(action=action).order_by("party", "pk"),
            "form": form,
            "can_edit": can(request.user, "decisions.actions", process),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def action_publish(request, slug, pk):
    action = selectors.get_action_for_user(request.user, slug, pk, "decisions.actions")
    publish = not request.POST.get("unpublish")
    try:
        services.action_publish(action=action, by=request.user, publish=publish)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The action is on the public action tracker.")
            if publish
            else _("The action is no longer on the public action tracker."),
        )
    return redirect("decisions:action_detail", slug=slug, pk=action.pk)


@login_required
@require_POST
def note_publish(request, slug, pk, note):
    action = selectors.get_action_for_user(request.user, slug, pk, "decisions.actions")
    note_obj = selectors.get_note_of_action(action, note)
    publish = not request.POST.get("unpublish")
    services.note_publish(note=note_obj, by=request.user, publish=publish)
    messages.success(
        request,
        _("The note is on the public action tracker.")
        if publish
        else _("The note is no longer on the public action tracker."),
    )
    return redirect("decisions:action_detail", slug=slug, pk=action.pk)


@login_required
@require_POST
def proposal_review(request, slug, pk):
    """Accept a phone proposal as an action, or remove it."""
    action = selectors.get_action_for_user(request.user, slug, pk, "decisions.actions")
    try:
        if request.POST.get("decision") == "reject":
            services.proposal_reject(action=action, by=request.user)
            messages.success(request, _("The proposal was removed."))
        else:
            services.proposal_accept(action=action, by=request.user)
            messages.success(request, _("The proposal is now an action."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("decisions:actions", slug=slug)


@login_required
def actions_csv(request, slug):
    process = selectors.get_process_for_user(request.user, slug, "decisions.view")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        safe_row(
            [
                _("Level"),
                _("Title"),
                _("Description"),
                _("Status"),
                _("Owner"),
                _("Partners"),
                _("Starts"),
                _("Ends"),
                _("Published"),
                _("Progress notes"),
            ]
        )
    )
    for action in selectors.actions_of_process(process):
        writer.writerow(
            safe_row(
                [
                    action.get_level_display(),
                    action.title,
                    action.description,
                    action.get_status_display(),
                    action.owner,
                    "; ".join(
                        line.strip() for line in action.partners.splitlines() if line.strip()
                    ),
                    action.starts_on.isoformat() if action.starts_on else "",
                    action.ends_on.isoformat() if action.ends_on else "",
                    _("yes") if action.is_published else _("no"),
                    action.note_count,
                ]
            )
        )
    # Owners may be named people: the export is logged like every other.
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject="decisions.actions",
        process=process,
        detail={"path": request.path},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="actions-{process.slug}.csv"'
    return response


@login_required
def coplanning(request, slug):
    """Workshop 10's picks by party; a button records owners from picks; unowned are flagged."""
    process = selectors.get_process_for_user(request.user, slug, "decisions.view")
    if request.method == "POST":
        selectors.get_process_for_user(request.user, slug, "decisions.actions")
        changed = services.owners_from_picks(process=process, by=request.user)
        messages.success(
            request,
            _("Owners were recorded for %(count)d actions from the picks.")
            % {"count": len(changed)},
        )
        return redirect("decisions:coplanning", slug=slug)
    picks = ActionPick.objects.filter(action__process=process)
    return render(
        request,
        "decisions/actions/coplanning.html",
        {
            "process": process,
            "parties": selectors.picks_by_party(picks),
            "no_owner": list(selectors.actions_without_owner(process)),
            "can_edit": can(request.user, "decisions.actions", process),
        },
    )
