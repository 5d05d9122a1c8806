"""Permission-checked reads of the impact tool; views fetch only through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose impact pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "impact.view")
