"""Staff pages of the metric plan: build it from the chosen criteria, reorder, delete,
publish, and take in the metrics proposed in the workshop's live activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.models import ActivityResponse

from .. import selectors
from ..activities.metric_plan import MetricPlanActivity
from ..forms import MetricForm
from ..models import Metric
from ..services import metrics as services


def _proposals(process):
    rows = []
    responses = ActivityResponse.objects.filter(
        activity__session__workshop__process=process, activity__kind=MetricPlanActivity.key
    ).order_by("pk")
    for response in responses:
        for index, proposal in sorted((response.payload.get("proposals") or {}).items()):
            rows.append({"response": response.pk, "index": index, **proposal})
    return rows


@login_required
def plan(request, slug):
    process = selectors.process_for_manage(request.user, slug)
    criteria = services.chosen_criteria(process)
    form = MetricForm(request.POST or None, process=process, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.metric_create(process=process, by=request.user, **form.plan_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The metric was added to the plan."))
            return redirect("impact:plan", slug=slug)
    metrics = list(selectors.metric_plan(process))
    return render(
        request,
        "impact/metrics/plan.html",
        {
            "process": process,
            "metrics": metrics,
            "form": form,
            "criteria": criteria,
            "proposals": _proposals(process),
        },
        status=400 if form.errors else 200,
    )


def _metric(request, slug, pk):
    process = selectors.process_for_manage(request.user, slug)
    return process, get_object_or_404(Metric, process=process, pk=pk)


@login_required
def metric_edit(request, slug, pk):
    process, metric = _metric(request, slug, pk)
    criteria = services.chosen_criteria(process)
    form = MetricForm(request.POST or None, process=process, criteria=criteria, instance=metric)
    if request.method == "POST" and form.is_valid():
        try:
            services.metric_update(metric=metric, by=request.user, **form.plan_fields())
        except ValidationError as exc:
            metric.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("The metric was saved."))
            return redirect("impact:plan", slug=slug)
    return render(
        request,
        "impact/metrics/edit.html",
        {"process": process, "metric": metric, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def metric_move(request, slug, pk):
    _process, metric = _metric(request, slug, pk)
    services.metric_move(metric=metric, up=request.POST.get("direction") != "down", by=request.user)
    return redirect("impact:plan", slug=slug)


@login_required
def metric_delete(request, slug, pk):
    process, metric = _metric(request, slug, pk)
    if request.method == "POST":
        services.metric_delete(metric=metric)
        messages.success(request, _("The metric was removed from the plan."))
        return redirect("impact:plan", slug=slug)
    return render(request, "impact/metrics/delete.html", {"process": process, "metric": metric})


@login_required
@require_POST
def metric_publish(request, slug, pk):
    _process, metric = _metric(request, slug, pk)
    publish = request.POST.get("publish") == "1"
    services.metric_publish(metric=metric, publish=publish, by=request.user)
    messages.success(
        request,
        _("The metric is now public.") if publish else _("The metric is no longer public."),
    )
    return redirect("impact:plan", slug=slug)


@login_required
@require_POST
def proposal_accept(request, slug):
    process = selectors.process_for_manage(request.user, slug)
    wanted = (request.POST.get("response", ""), request.POST.get("index", ""))
    proposal = next(
        (p for p in _proposals(process) if (str(p["response"]), p["index"]) == wanted), None
    )
    if proposal is None:
        messages.error(request, _("That proposal was not found; it may have been changed."))
        return redirect("impact:plan", slug=slug)
    try:
        services.proposal_accept(process=process, proposal=proposal, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The proposal was added to the plan."))
    return redirect("impact:plan", slug=slug)
