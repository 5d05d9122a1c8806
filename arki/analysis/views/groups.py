"""Clustering runs, groups and personas (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AgeGroup
from arki.core.jobs import job_start
from arki.core.permissions import require
from arki.core.selectors.processes import get_process_for_user

from .. import selectors, services
from ..feature_labels import feature_label
from ..forms import ClusterRunForm, PersonaCreateForm, PersonaForm
from ..models import Code
from .workspace import base, staff

#: Above this many participants a clustering run goes to a background job (about 0.3 ms per
#: participant to read and a few seconds per 5,000 to cluster, see docs/performance.md).
INLINE_LIMIT = 3_000


def runs(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    form = ClusterRunForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "analysis.cluster", process)
        if form.is_valid():
            choices = {
                **form.cleaned_data,
                "pooled_age_groups": list(form.cleaned_data["pooled_age_groups"]),
            }
            if selectors.mapped_count(process) > INLINE_LIMIT:
                job = job_start(
                    kind="analysis.cluster",
                    params={**choices, "process": process.pk, "user": request.user.pk},
                    user=staff(request),
                )
                return redirect("core:job_detail", pk=job.pk)
            try:
                run = services.cluster_run_create(process=process, by=staff(request), **choices)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Clustering done."))
                return redirect("analysis:run", slug=slug, pk=run.pk)
    page = Paginator(selectors.runs_for_user(request.user, process), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "analysis/runs.html", base(request, process, page=page, form=form))


def run_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    run = selectors.get_run_for_user(request.user, process, pk)
    names = {m.pk: str(m) for m in process.municipalities.all()}
    slices = [
        {
            **s,
            "municipality_name": names.get(s["municipality"], _("All municipalities")),
            "age_label": AgeGroup(s["age_group"]).label,
        }
        for s in run.slices
    ]
    return render(
        request,
        "analysis/run.html",
        base(request, process, run=run, clusters=selectors.clusters_of(run), slices=slices),
    )


def cluster_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    cluster = selectors.get_cluster_for_user(request.user, process, pk)
    form = PersonaCreateForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "analysis.persona", process)
        if form.is_valid():
            try:
                persona = services.persona_create(
                    process=process,
                    cluster=cluster,
                    name=form.cleaned_data["name"],
                    by=staff(request),
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Persona created as a draft."))
                return redirect("analysis:persona_edit", slug=slug, pk=persona.pk)
    codes = {c.pk: c for c in Code.objects.filter(process=process)}
    code_names = {str(pk): str(c) for pk, c in codes.items()}
    summary = cluster.summary
    features = [
        {**f, "label": feature_label(f["name"], code_names)} for f in summary.get("features", [])
    ]
    top_codes = [
        {"code": codes.get(c["code"]), "count": c["count"]} for c in summary.get("top_codes", [])
    ]
    return render(
        request,
        "analysis/cluster.html",
        base(
            request,
            process,
            cluster=cluster,
            features=features,
            top_codes=top_codes,
            quotes=selectors.quotes(summary.get("quotes", [])),
            members=cluster.members.order_by("code").values_list("code", flat=True),
            form=form,
        ),
    )


def personas(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    return render(
        request,
        "analysis/personas.html",
        base(
            request,
            process,
            personas=selectors.personas_for_user(request.user, process),
            k=services.k_anonymity(),
        ),
    )


def persona_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.view")
    persona = selectors.get_persona_for_user(request.user, process, pk)
    return render(
        request,
        "analysis/persona.html",
        base(
            request,
            process,
            **selectors.persona_card(persona, with_codes=True),
            supporter_codes=persona.supporters.order_by("code").values_list("code", flat=True),
            versions=persona.versions.select_related("created_by")[:20],
            k=services.k_anonymity(),
            citing_canvases=selectors.canvases_citing(persona),
            citing_decisions=selectors.decisions_citing(persona, user=request.user),
        ),
    )


def persona_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.persona")
    persona = selectors.get_persona_for_user(request.user, process, pk)
    candidates = selectors.quotes(
        services.Coding.objects.filter(day__participant__person__in=persona.supporters.all())
        .order_by("code__name", "pk")
        .values_list("pk", flat=True)[:200]
    )
    choices = [
        (q["coding"].pk, f"{q['code']}: “{q['text']}” ({q['person_code']})") for q in candidates
    ]
    form = PersonaForm(request.POST or None, instance=persona, quote_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.PERSONA_FIELDS}
        try:
            persona = services.persona_update(
                persona=persona,
                by=staff(request),
                fields=data,
                municipalities=form.cleaned_data["municipalities"],
                quote_ids=[int(q) for q in form.cleaned_data["quotes"]],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Persona saved (version %(v)d).") % {"v": persona.version})
            return redirect("analysis:persona", slug=slug, pk=pk)
    return render(
        request, "analysis/persona_edit.html", base(request, process, persona=persona, form=form)
    )


@require_POST
def persona_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "analysis.publish")
    persona = selectors.get_persona_for_user(request.user, process, pk)
    try:
        if request.POST.get("action") == "unpublish":
            services.persona_unpublish(persona=persona, by=staff(request))
            messages.success(request, _("The persona is a draft again."))
        else:
            services.persona_publish(persona=persona, by=staff(request))
            messages.success(request, _("The persona is published."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("analysis:persona", slug=slug, pk=pk)
