"""Importing official statistics: upload, map dimensions, preview, import all or nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arki.core.forms import apply_errors
from arki.core.permissions import can

from .. import selectors
from ..forms import StatisticsUploadForm
from ..services import statistics as services

PREVIEW_ROWS = 25


@login_required
def statistics(request, slug):
    process = selectors.process_for_statistics(request.user, slug)
    form = StatisticsUploadForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parsed = services.parse_upload(
                data["content"],
                kind=data["kind"],
                process=process,
                municipality_field=data["municipality_field"],
                period_field=data["period_field"],
                value_field=data["value_field"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.POST.get("action") == "import":
                series = services.statistics_import(
                    process=process,
                    parsed=parsed,
                    name=data["name"],
                    name_sv=data["name_sv"],
                    name_en=data["name_en"],
                    source=data["source"],
                    licence=data["licence"],
                    unit=data["unit"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("%(name)s: %(n)d values were imported.")
                    % {"name": series.name, "n": len(parsed.rows)},
                )
                return redirect("impact:statistics", slug=slug)
            # The preview carries the file on to the import button.
            form = StatisticsUploadForm(initial={**{k: v for k, v in data.items() if k != "file"}})
    return render(
        request,
        "impact/statistics/index.html",
        {
            "process": process,
            "form": form,
            "parsed": parsed,
            "preview": parsed.rows[:PREVIEW_ROWS] if parsed else [],
            "series": selectors.statistic_series(process),
            "can_plan": can(request.user, "impact.manage", process),
        },
        status=400 if form.errors else 200,
    )
