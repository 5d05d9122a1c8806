"""Permission-checked reads of the impact tool; views fetch only through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from arki.core.models import Process, User
from arki.core.selectors.processes import get_process_for_user


def process_for_view(user: User | AnonymousUser, slug: str) -> Process:
    """The process whose impact pages `user` may see (404/403 otherwise)."""
    return get_process_for_user(user, slug, "impact.view")


# --- metrics (imetrics) ---


def process_for_manage(user: User | AnonymousUser, slug: str) -> Process:
    return get_process_for_user(user, slug, "impact.manage")


def process_for_statistics(user: User | AnonymousUser, slug: str) -> Process:
    return get_process_for_user(user, slug, "impact.statistics")


def metric_plan(process: Process):
    from .models import Metric

    return Metric.objects.filter(process=process).order_by("position", "pk")


def published_metrics(process: Process):
    return metric_plan(process).filter(is_published=True)


def statistic_series(process: Process):
    from django.db.models import Count, Max, Min

    from .models import StatisticSeries

    return StatisticSeries.objects.filter(process=process).annotate(
        n_values=Count("values"), first=Min("values__period"), last=Max("values__period")
    )


# --- surveys ----------------------------------------------------------------------------


def process_for_action(user: User | AnonymousUser, slug: str, action: str) -> Process:
    """The process where `user` may do `action` of the impact tool (404/403 otherwise)."""
    return get_process_for_user(user, slug, action)


def survey_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str = "impact.view"):
    """A survey of the process `slug` that `user` may see (404/403 otherwise)."""
    from django.shortcuts import get_object_or_404

    from .surveys.models import Survey

    process = get_process_for_user(user, slug, action)
    return get_object_or_404(Survey.objects.select_related("process"), pk=pk, process=process)


def survey_round_for_user(user: User | AnonymousUser, slug: str, pk: int, action: str):
    from django.shortcuts import get_object_or_404

    from .surveys.models import SurveyRound

    process = get_process_for_user(user, slug, action)
    return get_object_or_404(
        SurveyRound.objects.select_related("survey__process"), pk=pk, survey__process=process
    )


def respondents_for_user(user: User | AnonymousUser, process: Process, action: str):
    """The process's respondents in the municipalities where `user` may do `action`."""
    from arki.core.permissions import municipality_scope

    from .surveys.models import Respondent

    respondents = Respondent.objects.filter(process=process).select_related(
        "municipality", "person"
    )
    scope = municipality_scope(user, action, process)
    return respondents if scope is None else respondents.filter(municipality_id__in=scope)


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
