"""The decision-makers' impact view, its PDF report and the open figures (staff and public)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from arki.core.models import Process
from arki.core.permissions import can

from .. import selectors
from ..impact_view import metric_figures
from ..open_figures import figures_csv, figures_jsonstat
from ..pdf import impact_pdf


def _in_year(figures, year: int | None):
    if year is None:
        return figures
    for item in figures:
        for line in [item.region, *item.municipalities]:
            if line is not None:
                line.points = [p for p in line.points if p.period.year == year]
        item.periods = [p for p in item.periods if p.year == year]
    return figures


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 1900 < int(text) < 2200 else None


@login_required
def view(request, slug):
    process = selectors.process_for_view(request.user, slug)
    figures = metric_figures(list(selectors.metric_plan(process)), process)
    return render(
        request,
        "impact/view/view.html",
        {
            "process": process,
            "figures": figures,
            "public": False,
            "can_plan": can(request.user, "impact.manage", process),
        },
    )


@login_required
def report_pdf(request, slug):
    process = selectors.process_for_view(request.user, slug)
    year = _year(request)
    figures = _in_year(
        metric_figures(list(selectors.metric_plan(process)), process, draw=False), year
    )
    pdf = impact_pdf(process, figures, period=str(year) if year else _("all periods"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="impact-{slug}-{year or "all"}.pdf"'
    return response


def _json(doc) -> HttpResponse:
    response = HttpResponse(
        json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="arki-figures.json"'
    return response


def _csv(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="arki-figures.csv"'
    return response


@login_required
def figures_json(request, slug):
    process = selectors.process_for_view(request.user, slug)
    return _json(figures_jsonstat(process, published_only=False))


@login_required
def figures_csv_view(request, slug):
    process = selectors.process_for_view(request.user, slug)
    return _csv(figures_csv(process, published_only=False))


# --- public -------------------------------------------------------------------------------


def _public_process(slug: str) -> Process:
    return get_object_or_404(Process.objects.select_related("region"), slug=slug, is_public=True)


def public_view(request, slug):
    process = _public_process(slug)
    figures = metric_figures(list(selectors.published_metrics(process)), process)
    return render(
        request, "impact/view/public.html", {"process": process, "figures": figures, "public": True}
    )


def public_figures_json(request, slug):
    return _json(figures_jsonstat(_public_process(slug), published_only=True))


def public_figures_csv(request, slug):
    return _csv(figures_csv(_public_process(slug), published_only=True))
