"""Staff pages for the project and planning groups and the municipal contact persons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import GroupMemberForm, apply_errors, edited_fields
from ..selectors.processes import get_group_member_for_user, get_process_for_user, group_members
from ..services import processes as process_services

MANAGE = "group.manage"


@login_required
def group_list(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    return render(
        request,
        "core/group_list.html",
        {"process": process, "groups": group_members(process)},
    )


@login_required
def group_member_create(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    form = GroupMemberForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            process_services.group_member_add(process=process, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect("core:group_list", slug=slug)
    return render(
        request, "core/group_member_edit.html", {"process": process, "form": form, "member": None}
    )


@login_required
def group_member_edit(request, slug, pk):
    member = get_group_member_for_user(request.user, slug, pk, MANAGE)
    form = GroupMemberForm(request.POST or None, instance=member, process=member.process)
    if request.method == "POST" and form.is_valid():
        fields = edited_fields(form)
        try:
            process_services.group_member_update(member=member, by=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("core:group_list", slug=slug)
    return render(
        request,
        "core/group_member_edit.html",
        {"process": member.process, "form": form, "member": member},
    )


@login_required
def group_member_delete(request, slug, pk):
    """Asks for confirmation first."""
    member = get_group_member_for_user(request.user, slug, pk, MANAGE)
    if request.method == "POST":
        process_services.group_member_remove(member=member, by=request.user)
        messages.success(request, _("The member was removed."))
        return redirect("core:group_list", slug=slug)
    return render(
        request, "core/group_member_delete.html", {"process": member.process, "member": member}
    )
