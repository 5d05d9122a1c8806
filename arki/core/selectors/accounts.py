"""Reads for the staff-and-roles pages, each checked against the permission matrix."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from ..models import Process, RoleAssignment, User
from ..permissions import require


def role_assignments_for_process(
    user: User | AnonymousUser,
    process: Process,
    *,
    role: str = "",
    municipality_id: int | None = None,
) -> QuerySet[RoleAssignment]:
    """Who holds which role in `process` (platform-wide grants are not the process's)."""
    require(user, "staff.view", process)
    rows = RoleAssignment.objects.filter(process=process).select_related("user", "municipality")
    if role:
        rows = rows.filter(role=role)
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    return rows.order_by("role", "user__username", "pk")


def get_assignment_for_user(user: User | AnonymousUser, process: Process, pk: int):
    require(user, "staff.manage", process)
    assignment = (
        RoleAssignment.objects.select_related("user", "municipality", "process")
        .filter(process=process, pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def get_staff_member_for_user(user: User | AnonymousUser, process: Process, pk: int) -> User:
    """A user who holds a role in `process`, for an administrator of it."""
    require(user, "staff.manage", process)
    member = User.objects.filter(pk=pk, role_assignments__process=process).distinct().first()
    if member is None:
        raise Http404
    return member
