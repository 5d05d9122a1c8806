"""Who may do what: roles scoped to a process and, optionally, to one municipality.

Every selector and service asks `can()` or `municipality_scope()`; views never test roles
themselves. Tools declare their own actions in their manifest's `actions`, which the registry
adds here with `register_action`, so that one matrix holds the whole platform's rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from .enums import Role
from .models import Municipality, Process, RoleAssignment, User

ALL = None  # a municipality scope of "every municipality of the process"

STAFF_ROLES = frozenset(
    {Role.FACILITATOR, Role.PLANNING, Role.CONTACT, Role.ANALYST, Role.DECISION_MAKER, Role.ADMIN}
)

# action -> roles allowed. Roles limited to a municipality get the action for that
# municipality only (checked with the `municipality` argument or `municipality_scope`).
ACTIONS: dict[str, frozenset[str]] = {
    "process.view": STAFF_ROLES | {Role.COORDINATOR},
    "process.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "process.create": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "workshop.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "group.manage": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "meeting.view": frozenset({Role.FACILITATOR, Role.PLANNING, Role.CONTACT, Role.ADMIN}),
    "meeting.manage": frozenset({Role.FACILITATOR, Role.PLANNING, Role.CONTACT, Role.ADMIN}),
    "session.run": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "person.view": frozenset({Role.FACILITATOR, Role.CONTACT, Role.ADMIN}),
    "person.manage": frozenset({Role.FACILITATOR, Role.CONTACT, Role.ADMIN}),
    "person.identity": frozenset({Role.FACILITATOR, Role.CONTACT, Role.ADMIN}),
    "gdpr.export": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "gdpr.erase": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN}),
    "job.view": STAFF_ROLES | {Role.COORDINATOR},
}


def register_action(action: str, roles: Iterable[str]) -> None:
    """The registry adds each tool's manifest `actions` here when it registers the tool."""
    if action in ACTIONS:
        raise ValueError(f"Permission action {action!r} is defined twice.")
    ACTIONS[action] = frozenset(roles)


@dataclass(frozen=True)
class Grant:
    role: str
    municipality_id: int | None


def grants(user: User | AnonymousUser, process: Process | None) -> list[Grant]:
    """The user's role grants that apply to `process` (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cache: dict[int | None, list[Grant]] = user.__dict__.setdefault("_arki_grants", {})
    key = process.pk if process is not None else None
    if key not in cache:
        assignments = RoleAssignment.objects.filter(user=user)
        if process is not None:
            assignments = assignments.filter(process__in=[process.pk]) | assignments.filter(
                process__isnull=True
            )
        else:
            assignments = assignments.filter(process__isnull=True)
        cache[key] = [
            Grant(role, municipality_id)
            for role, municipality_id in assignments.values_list("role", "municipality_id")
        ]
    return cache[key]


def is_platform_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser) or any(
        g.role == Role.ADMIN for g in grants(user, None)
    )


def municipality_scope(
    user: User | AnonymousUser, action: str, process: Process
) -> set[int] | None:
    """Municipality ids the user may act on (`None` = all of the process; empty = none)."""
    if is_platform_admin(user):
        return ALL
    allowed = ACTIONS[action]
    scope: set[int] = set()
    for grant in grants(user, process):
        if grant.role in allowed:
            if grant.municipality_id is None:
                return ALL
            scope.add(grant.municipality_id)
    return scope


def can(
    user: User | AnonymousUser,
    action: str,
    process: Process,
    municipality: Municipality | int | None = None,
) -> bool:
    scope = municipality_scope(user, action, process)
    if scope is ALL:
        return True
    if municipality is None:
        return bool(scope)
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return municipality_id in scope


def require(
    user: User | AnonymousUser,
    action: str,
    process: Process,
    municipality: Municipality | int | None = None,
) -> None:
    if not can(user, action, process, municipality):
        raise PermissionDenied(action)


def has_any_role(user: User | AnonymousUser, process: Process, roles: Iterable[str]) -> bool:
    if is_platform_admin(user):
        return True
    wanted = set(roles)
    return any(g.role in wanted for g in grants(user, process))


def can_create_process(user: User | AnonymousUser) -> bool:
    """Facilitators of any process and administrators may set up a new process."""
    if is_platform_admin(user):
        return True
    return bool(
        user.is_authenticated
        and RoleAssignment.objects.filter(user=user, role=Role.FACILITATOR).exists()
    )


#: Actions that show who someone is or their personal data. Every role holding one of them,
#: and coordinators (who see volunteers and the people they help) and administrators, must
#: pass a second factor at log-in (arki/core/twofactor.py); other roles may enrol one.
IDENTITY_ACTIONS = (
    "person.identity",
    "person.view",
    "person.manage",
    "gdpr.export",
    "gdpr.erase",
    "audit.view",
)


def second_factor_roles() -> frozenset[str]:
    """Computed when asked, from ACTIONS as they stand, so a change of the matrix above
    changes who needs the second factor too."""
    roles: set[str] = {Role.COORDINATOR, Role.ADMIN}
    for action in IDENTITY_ACTIONS:
        roles |= ACTIONS[action]
    return frozenset(roles)


def requires_second_factor(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, role__in=second_factor_roles()).exists()
