"""Permission-checked reads of the decisions tool; views fetch only through these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose decisions pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "decisions.view")


# --- dtrail: the decision trail -----------------------------------------------------------


def get_action_for_trail(user: User | AnonymousUser, slug: str, pk: int) -> tuple[Process, Any]:
    """The process and an action of it whose trail `user` may see (decisions.view)."""
    from django.http import Http404

    process = process_for_view(user, slug)
    action = _trail_actions().filter(process=process, pk=pk).first()
    if action is None:
        raise Http404
    return process, action


def get_published_action(slug: str, pk: int) -> tuple[Process, Any]:
    """A published action of a public process, for the public trail (404 otherwise)."""
    from django.http import Http404

    process = Process.objects.filter(slug=slug, is_public=True).first()
    action = (
        _trail_actions().filter(process=process, pk=pk, is_published=True).first()
        if process is not None
        else None
    )
    if process is None or action is None:
        raise Http404
    return process, action


def _trail_actions() -> Any:
    from .models import Action

    return Action.objects.select_related(
        "process", "concept", "decision__concept", "decision__selection"
    )


def decisions_citing_persona(
    process: Process, persona_id: int, *, public: bool = False, user: Any = None
) -> list[Any]:
    """The `decisions.citing_persona` capability: what was decided about a persona."""
    from .trail import citing_persona

    return citing_persona(process, persona_id, public=public, user=user)
