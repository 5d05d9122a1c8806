"""Staff pages: dashboard, process set-up, workshops, preparatory meetings and tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from ..activities.poll import workshop_poll_results
from ..forms import (
    BLANK,
    COPY,
    MeetingForm,
    ProcessCreateForm,
    SittingForm,
    TaskForm,
    TaskStatusForm,
    WorkshopForm,
    apply_errors,
    edited_fields,
    error_text,
)
from ..permissions import can, can_create_process, has_any_role
from ..process_templates import activity_tool
from ..registry import registry
from ..selectors.processes import (
    copy_sources_for_user,
    current_phase,
    get_meeting_for_user,
    get_process_for_user,
    get_sitting_for_user,
    get_task_for_user,
    get_workshop_for_user,
    meetings_for_process,
    process_overview,
    processes_for_user,
    sittings_of,
    workshops_for_process,
)
from ..services import processes as process_services
from ..services.people import role_assign


@login_required
def dashboard(request):
    """The user's processes; people without staff access (volunteers, residents) get the tool
    pages their role opens instead of a process page they may not see."""
    entries = [
        {
            "process": process,
            "can_view": can(request.user, "process.view", process),
            "pages": _tool_links(request.user, process)[0],
        }
        for process in processes_for_user(request.user)
    ]
    return render(
        request,
        "core/dashboard.html",
        {
            "entries": entries,
            "can_create": can_create_process(request.user),
            # Optional for roles that do not require it: offered here until set up.
            "offer_second_factor": not user_has_device(request.user),
        },
    )


@login_required
def process_create(request):
    """Set up a process from a template, blank, or as a copy of an earlier one's structure."""
    if not can_create_process(request.user):
        raise PermissionDenied
    sources = copy_sources_for_user(request.user)
    form = ProcessCreateForm(request.POST or None, copy_sources=sources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipalities = list(data["municipalities"])
        common = {
            "name": data["name"],
            "slug": data["slug"],
            "region": data["region"] or municipalities[0].region,
            "municipalities": municipalities,
            "is_public": data["is_public"],
            "by": request.user,
        }
        if data["template"] == BLANK:
            process = process_services.process_create_blank(**common)
        elif data["template"] == COPY:
            process = process_services.process_copy_structure(
                source=data["copy_from"], first_workshop_on=data["first_workshop_on"], **common
            )
        else:
            process = process_services.process_create_from_template(
                template=data["template"], first_workshop_on=data["first_workshop_on"], **common
            )
        role_assign(user=request.user, role="facilitator", process=process, by=request.user)
        messages.success(request, _("The process was created."))
        return redirect("core:process_detail", slug=process.slug)
    return render(request, "core/process_create.html", {"form": form})


def _tool_links(user, process):
    """Tool pages and exports registered in the registry that this user may open."""
    pages = [
        (tool, page) for tool, page in registry.pages() if has_any_role(user, process, page.roles)
    ]
    exports = [
        (tool, export)
        for tool, export in registry.exports()
        if has_any_role(user, process, export.roles)
    ]
    return pages, exports


@login_required
def process_detail(request, slug):
    process = get_process_for_user(request.user, slug, "process.view")
    overview = process_overview(process)
    pages, exports = _tool_links(request.user, process)
    return render(
        request,
        "core/process_detail.html",
        {
            "process": process,
            **overview,
            "current_phase": current_phase(overview["phases"], timezone.localdate()),
            "tool_pages": pages,
            "can_manage_staff": can(request.user, "staff.view", process),
            "tool_exports": exports,
            "can_manage": can(request.user, "process.manage", process),
            "can_see_people": can(request.user, "person.view", process),
            "can_see_meetings": can(request.user, "meeting.view", process),
            "can_manage_groups": can(request.user, "group.manage", process),
            "can_audit": can(request.user, "audit.view", process),
            "can_message": can(request.user, "messages.manage", process),
        },
    )


@login_required
def metrics(request, slug):
    """Every figure the installed tools feed, for the decision-makers who follow them."""
    process = get_process_for_user(request.user, slug, "process.view")
    rows = [{"metric": metric, "value": metric.compute(process)} for metric in registry.metrics()]
    return render(request, "core/metrics.html", {"process": process, "rows": rows})


@login_required
def workshop_list(request, slug):
    process = get_process_for_user(request.user, slug, "process.view")
    return render(
        request,
        "core/workshop_list.html",
        {"process": process, "workshops": workshops_for_process(process)},
    )


def _activity_labels(keys):
    """Map activity keys to labels; an activity no installed tool offers says which tool it
    needs (a planned method such as ``canvases.blueprint``) instead of showing its raw key."""
    labels = []
    for key in keys:
        try:
            labels.append((key, registry.activity(key).label, True))
        except KeyError:
            needs = _("Not available: needs the %(tool)s tool") % {"tool": activity_tool(key)}
            labels.append((key, needs, False))
    return labels


@login_required
def workshop_detail(request, slug, position):
    workshop = get_workshop_for_user(request.user, slug, position, "process.view")
    process = workshop.process
    return render(
        request,
        "core/workshop_detail.html",
        {
            "process": process,
            "workshop": workshop,
            "activities": _activity_labels(workshop.activities),
            "sessions": workshop.live_sessions.select_related("sitting__municipality").order_by(
                "-created_at"
            )[:10],
            "sittings": sittings_of(workshop),
            "poll_results": workshop_poll_results(workshop),
            "can_manage": can(request.user, "workshop.manage", process),
            "can_run": can(request.user, "session.run", process),
            "can_invite": can(request.user, "messages.manage", process),
        },
    )


@login_required
def workshop_edit(request, slug, position):
    workshop = get_workshop_for_user(request.user, slug, position, "workshop.manage")
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        fields = edited_fields(form)
        process_services.workshop_update(workshop=workshop, by=request.user, **fields)
        messages.success(request, _("The workshop was saved."))
        return redirect("core:workshop_detail", slug=slug, position=position)
    return render(
        request,
        "core/workshop_edit.html",
        {"process": workshop.process, "workshop": workshop, "form": form},
    )


@login_required
@require_POST
def workshop_publish_view(request, slug, position):
    workshop = get_workshop_for_user(request.user, slug, position, "workshop.manage")
    publish = request.POST.get("publish") == "1"
    process_services.workshop_publish(workshop=workshop, by=request.user, published=publish)
    messages.success(
        request,
        _("The results are now on the public website.")
        if publish
        else _("The results were removed from the public website."),
    )
    return redirect("core:workshop_detail", slug=slug, position=position)


@login_required
def meeting_list(request, slug):
    process = get_process_for_user(request.user, slug, "meeting.view")
    can_manage = can(request.user, "meeting.manage", process)
    form = MeetingForm(request.POST or None, process=process)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            meeting = process_services.meeting_create(
                process=process, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("The meeting was added."))
            return redirect("core:meeting_detail", slug=slug, pk=meeting.pk)
    return render(
        request,
        "core/meeting_list.html",
        {
            "process": process,
            "meetings": meetings_for_process(process),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
def meeting_detail(request, slug, pk):
    meeting = get_meeting_for_user(request.user, slug, pk, "meeting.view")
    process = meeting.process
    can_manage = can(request.user, "meeting.manage", process)
    form = TaskForm(request.POST or None, process=process)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            process_services.task_create(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, _("The task was added."))
            return redirect("core:meeting_detail", slug=slug, pk=pk)
    previous = (
        process.workshops.filter(position__lt=meeting.workshop.position)
        .order_by("-position")
        .first()
        if meeting.workshop
        else None
    )
    return render(
        request,
        "core/meeting_detail.html",
        {
            "process": process,
            "meeting": meeting,
            "previous_workshop": previous,
            "form": form,
            "status_form": TaskStatusForm(),
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def task_status(request, slug, pk):
    task = get_task_for_user(request.user, slug, pk, "meeting.manage")
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        process_services.task_set_status(
            task=task, status=form.cleaned_data["status"], by=request.user
        )
        messages.success(request, _("The task status was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("core:meeting_detail", slug=slug, pk=task.meeting_id)


@login_required
def sitting_create_view(request, slug, position):
    workshop = get_workshop_for_user(request.user, slug, position, "workshop.manage")
    form = SittingForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            process_services.sitting_create(workshop=workshop, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The sitting was added."))
            return redirect("core:workshop_detail", slug=slug, position=position)
    return render(
        request,
        "core/sitting_edit.html",
        {"process": workshop.process, "workshop": workshop, "form": form, "sitting": None},
    )


@login_required
def sitting_edit_view(request, slug, position, pk):
    sitting = get_sitting_for_user(request.user, slug, position, pk, "workshop.manage")
    workshop = sitting.workshop
    form = SittingForm(request.POST or None, instance=sitting, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        fields = edited_fields(form)
        try:
            process_services.sitting_update(sitting=sitting, by=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The sitting was saved."))
            return redirect("core:workshop_detail", slug=slug, position=position)
    return render(
        request,
        "core/sitting_edit.html",
        {"process": workshop.process, "workshop": workshop, "form": form, "sitting": sitting},
    )


@login_required
def sitting_delete_view(request, slug, position, pk):
    """Asks for confirmation first; a sitting that holds results is never removed."""
    sitting = get_sitting_for_user(request.user, slug, position, pk, "workshop.manage")
    if request.method == "POST":
        try:
            process_services.sitting_delete(sitting=sitting, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The sitting was removed."))
        return redirect("core:workshop_detail", slug=slug, position=position)
    return render(
        request,
        "core/sitting_delete.html",
        {"process": sitting.workshop.process, "workshop": sitting.workshop, "sitting": sitting},
    )
