"""Background jobs of the analysis tool: clustering a large process."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from arki.core.jobs import JobContext
from arki.core.models import Process, User

from . import services


def cluster_job(ctx: JobContext) -> dict[str, Any]:
    """A clustering run with the staff page's choices (large processes take a minute)."""
    params = ctx.params
    ctx.progress(0, 2, _("Reading service maps, diaries and codes"))
    process = Process.objects.get(pk=params["process"])
    data = services.feature_data(process)
    ctx.progress(1, 2, _("Finding groups"))
    run = services.cluster_run_create(
        process=process,
        method=params["method"],
        by=User.objects.filter(pk=params["user"]).first() if params.get("user") else None,
        k_min=params["k_min"],
        k_max=params["k_max"],
        k_override=params.get("k_override"),
        pooled_age_groups=params.get("pooled_age_groups", []),
        merge_small_groups=params.get("merge_small_groups", True),
        data=data,
    )
    ctx.progress(2, 2, _("Done"))
    return {"run": run.pk, "groups": run.clusters.count()}
