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
