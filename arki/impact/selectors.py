"""Permission-checked reads of the impact tool; views fetch only through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose impact pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "impact.view")


# --- istories: community reporters' stories --------------------------------------------------


def stories_process(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose stories `user` may moderate (404/403 otherwise)."""
    return get_process_for_user(user, slug, "impact.moderate")


def stories_for_moderation(process: Process):
    """Every story of the process but drafts (a draft is the reporter's own until sent)."""
    from .stories.enums import StoryStatus
    from .stories.models import Story

    return (
        Story.objects.filter(process=process)
        .exclude(status=StoryStatus.DRAFT)
        .select_related("reporter__person", "workshop")
        .order_by("-submitted_at", "-pk")
    )


def story_for_moderator(process: Process, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(stories_for_moderation(process), pk=pk)


def reporters_of(process: Process):
    from .stories.models import Reporter

    return (
        Reporter.objects.filter(process=process)
        .select_related("person", "training")
        .order_by("-is_active", "person__code", "pk")
    )


def published_stories(process: Process):
    """Stories on the public site: published ones only, newest first."""
    from .stories.enums import StoryStatus
    from .stories.models import Story

    return (
        Story.objects.filter(process=process, status=StoryStatus.PUBLISHED)
        .select_related("workshop")
        .prefetch_related("media")
        .order_by("-published_at", "-pk")
    )


def public_story(process: Process, pk: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(published_stories(process), pk=pk)


# --- end istories ----------------------------------------------------------------------------
