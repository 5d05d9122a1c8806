"""Permission-checked reads of processes, workshops, meetings and jobs."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from ..enums import GroupKind, TaskStatus
from ..models import (
    GroupMember,
    Job,
    Meeting,
    Phase,
    Process,
    RoleAssignment,
    Sitting,
    Task,
    User,
    Workshop,
)
from ..permissions import can, is_platform_admin, require


def processes_for_user(user: User | AnonymousUser) -> QuerySet[Process]:
    """Processes where the user holds any role (all of them for administrators)."""
    processes = Process.objects.select_related("region")
    if is_platform_admin(user):
        return processes
    if not user.is_authenticated:
        return processes.none()
    ids = RoleAssignment.objects.filter(user=user, process__isnull=False).values("process_id")
    return processes.filter(pk__in=ids)


def copy_sources_for_user(user: User | AnonymousUser) -> QuerySet[Process]:
    """Processes whose structure the user may copy into a new one: those they manage."""
    ids = [p.pk for p in processes_for_user(user) if can(user, "process.manage", p)]
    return Process.objects.filter(pk__in=ids).order_by("name")


def get_process_for_user(user: User | AnonymousUser, slug: str, action: str) -> Process:
    process = Process.objects.select_related("region").filter(slug=slug).first()
    if process is None:
        raise Http404
    require(user, action, process)
    return process


def process_overview(process: Process) -> dict:
    """What the staff process page shows, in a fixed number of queries."""
    phases = list(process.phases.select_related("season"))
    workshops = list(
        process.workshops.select_related("phase", "municipality").annotate(
            session_count=Count("live_sessions")
        )
    )
    return {"phases": phases, "workshops": workshops}


def workshops_for_process(process: Process) -> QuerySet[Workshop]:
    return process.workshops.select_related("phase", "municipality").annotate(
        session_count=Count("live_sessions", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )


def get_workshop_for_user(
    user: User | AnonymousUser, slug: str, position: int, action: str
) -> Workshop:
    process = get_process_for_user(user, slug, action)
    workshop = (
        Workshop.objects.select_related("process", "phase", "municipality")
        .filter(process=process, position=position)
        .first()
    )
    if workshop is None:
        raise Http404
    return workshop


def sittings_of(workshop: Workshop) -> QuerySet[Sitting]:
    return workshop.sittings.select_related("municipality", "facilitator").annotate(
        session_count=Count("live_sessions")
    )


def get_sitting_for_user(
    user: User | AnonymousUser, slug: str, position: int, pk: int, action: str
) -> Sitting:
    workshop = get_workshop_for_user(user, slug, position, action)
    sitting = sittings_of(workshop).filter(pk=pk).first()
    if sitting is None:
        raise Http404
    return sitting


def group_members(process: Process) -> dict[str, list[GroupMember]]:
    """The project group and the planning group, each by name."""
    groups: dict[str, list[GroupMember]] = {kind: [] for kind, _label in GroupKind.choices}
    for member in process.group_members.select_related("municipality").order_by("name"):
        groups.setdefault(member.group, []).append(member)
    return groups


def get_group_member_for_user(
    user: User | AnonymousUser, slug: str, pk: int, action: str
) -> GroupMember:
    process = get_process_for_user(user, slug, action)
    member = process.group_members.filter(pk=pk).first()
    if member is None:
        raise Http404
    member.process = process
    return member


def meetings_for_process(process: Process) -> QuerySet[Meeting]:
    return (
        process.meetings.select_related("workshop")
        .annotate(open_tasks=Count("tasks", filter=~Q(tasks__status=TaskStatus.DONE)))
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.select_related("owner")))
    )


def get_meeting_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Meeting:
    process = get_process_for_user(user, slug, action)
    meeting = meetings_for_process(process).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def get_task_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str) -> Task:
    process = get_process_for_user(user, slug, action)
    task = Task.objects.filter(pk=pk, meeting__process=process).first()
    if task is None:
        raise Http404
    return task


def current_phase(phases: list[Phase], today) -> Phase | None:
    for phase in phases:
        if phase.is_current_on(today):
            return phase
    return None


def get_job_for_user(user: User | AnonymousUser, pk: int) -> Job:
    """A job is visible to the user who started it and to administrators."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not user.is_authenticated:
        raise Http404
    if job.created_by_id != user.pk and not is_platform_admin(user):
        raise Http404
    return job


def get_own_job_for_user(user: User | AnonymousUser, pk: int, kind: str) -> Job:
    """A tool's job of `kind`, only for the user who started it (its file may hold personal
    data the user's role let them export; not even an administrator sees another's)."""
    job = Job.objects.filter(pk=pk, kind=kind).first()
    if job is None or not user.is_authenticated or job.created_by_id != user.pk:
        raise Http404
    return job
