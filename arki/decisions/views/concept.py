"""Staff pages of the concept workshop and of concepts: groups, a group's funnel, paper
entry, the printed group sheet, and concepts (create, edit, publish, export)."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import TargetGroup
from arki.core.exports import safe_row
from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can
from arki.core.selectors.processes import get_process_for_user

from .. import selectors
from ..concept_forms import ConceptForm, GroupForm, LinesForm
from ..models import MAX_PROBLEMS
from ..pdf_concept import group_sheet_pdf
from ..services import concept as services

# --- the concept workshop's groups ---------------------------------------------------------------


def _group_form(process, data=None, *, group=None, initial=None):
    return GroupForm(
        data,
        personas=selectors.persona_choices(process),
        editing=group is not None,
        initial=initial,
    )


@login_required
def workshop(request, slug, position):
    """A concept workshop's groups: set up from the suggestion, or added one by one."""
    process = get_process_for_user(request.user, slug, "decisions.view")
    workshop_obj = selectors.workshop_of_process(process, position)
    funnels = selectors.workshop_funnels(workshop_obj)
    form = _group_form(
        process,
        request.POST if request.method == "POST" else None,
        initial={"number": len(funnels) + 1},
    )
    if request.method == "POST":
        get_process_for_user(request.user, slug, "decisions.manage")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.group_create(
                    workshop=workshop_obj,
                    number=data["number"],
                    persona_id=data.get("persona"),
                    label=data["label"],
                    service_area=data["service_area"] or None,
                    pick_method=data["pick_method"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The group was added."))
                return redirect("decisions:concept_workshop", slug=slug, position=position)
    return render(
        request,
        "decisions/concept/workshop.html",
        {
            "process": process,
            "workshop": workshop_obj,
            "workshops": selectors.concept_workshops(process),
            "funnels": funnels,
            "form": form,
            "personas_provided": selectors.persona_choices(process) is not None,
            "suggestion": services.suggested_groups(process) if not funnels else [],
            "can_manage": can(request.user, "decisions.manage", process),
        },
        status=400 if form.errors else 200,
    )


@login_required
def workshops(request, slug):
    """The process's concept workshops (the first one opens directly)."""
    process = get_process_for_user(request.user, slug, "decisions.view")
    found = selectors.concept_workshops(process)
    if found:
        return redirect("decisions:concept_workshop", slug=slug, position=found[0].position)
    return render(request, "decisions/concept/no_workshop.html", {"process": process})


@login_required
@require_POST
def set_up(request, slug, position):
    process = get_process_for_user(request.user, slug, "decisions.manage")
    workshop_obj = selectors.workshop_of_process(process, position)
    try:
        groups = services.groups_set_up(workshop=workshop_obj, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(count)d groups were set up from the suggestion.") % {"count": len(groups)}
        )
    return redirect("decisions:concept_workshop", slug=slug, position=position)


def _group_context(group, form=None, lines_form=None):
    funnel = selectors.group_funnel(group)
    return {
        "process": group.workshop.process,
        "workshop": group.workshop,
        "group": group,
        "funnel": funnel,
        "form": form
        or _group_form(
            group.workshop.process,
            group=group,
            initial={
                "persona": group.persona_id,
                "label": group.label,
                "service_area": group.service_area,
                "pick_method": group.pick_method,
            },
        ),
        "persona_name": selectors.persona_names(group.workshop.process).get(group.persona_id),
        "suggested": services.areas_by_persona(group.workshop.process).get(group.persona_id, []),
        "lines_form": lines_form or LinesForm(),
        "max_problems": MAX_PROBLEMS,
    }


def _group_page_context(request, group, form=None, lines_form=None):
    """The staff group page's context: what the viewer may change decides what is shown."""
    process = group.workshop.process
    return {
        **_group_context(group, form, lines_form),
        "can_manage": can(request.user, "decisions.manage", process),
        "can_paper": can(request.user, "decisions.paper", process),
    }


@login_required
def group(request, slug, pk):
    """One group's funnel for staff: its persona and area, problems, picks, ideas."""
    group_obj = selectors.get_group_for_user(request.user, slug, pk, "decisions.view")
    form = None
    if request.method == "POST":
        group_obj = selectors.get_group_for_user(request.user, slug, pk, "decisions.manage")
        form = _group_form(group_obj.workshop.process, request.POST, group=group_obj)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.group_update(
                    group=group_obj,
                    persona_id=data.get("persona", group_obj.persona_id),
                    label=data["label"],
                    service_area=data["service_area"],
                    pick_method=data["pick_method"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The group was saved."))
                return redirect("decisions:concept_group", slug=slug, pk=pk)
    return render(
        request,
        "decisions/concept/group.html",
        _group_page_context(request, group_obj, form),
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def problem_pick(request, slug, pk, problem):
    """The facilitator's choice of the three problems (or taking a pick back)."""
    group_obj = selectors.get_group_for_user(request.user, slug, pk, "decisions.manage")
    target = selectors.problem_of_group(group_obj, problem)
    try:
        services.problem_pick(
            problem=target, picked=request.POST.get("picked") == "1", by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The pick was saved."))
    return redirect("decisions:concept_group", slug=slug, pk=pk)


def _number(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


@login_required
def paper(request, slug, pk):
    """Type in a group's printed sheet: problems, the three picked, ideas, the best idea."""
    group_obj = selectors.get_group_for_user(request.user, slug, pk, "decisions.paper")
    lines_form = LinesForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        part = request.POST.get("part", "")
        try:
            if part == "best":
                idea = selectors.idea_of_group(group_obj, _number(request.POST.get("idea")))
                services.idea_best(
                    idea=idea,
                    by=request.user,
                    implementation=request.POST.get("implementation", ""),
                )
                messages.success(request, _("The best idea was saved."))
                return redirect("decisions:concept_paper", slug=slug, pk=pk)
            if lines_form.is_valid():
                lines = lines_form.cleaned_data["lines"].splitlines()
                if part == "ideas":
                    problem = selectors.problem_of_group(
                        group_obj, _number(request.POST.get("problem"))
                    )
                    services.ideas_add_lines(problem=problem, lines=lines, by=request.user)
                else:
                    services.problems_add_lines(group=group_obj, lines=lines, by=request.user)
                messages.success(request, _("The sheet's lines were entered."))
                return redirect("decisions:concept_paper", slug=slug, pk=pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
        status = 400
    return render(
        request,
        "decisions/concept/paper.html",
        _group_context(group_obj, lines_form=lines_form),
        status=status,
    )


@login_required
def sheet_pdf(request, slug, pk):
    group_obj = selectors.get_group_for_user(request.user, slug, pk, "decisions.view")
    response = HttpResponse(
        group_sheet_pdf(selectors.group_funnel(group_obj)), content_type="application/pdf"
    )
    name = slugify(f"group-{group_obj.number}-{group_obj.label}") or "group"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# --- concepts ------------------------------------------------------------------------------------


def _concept_form(process, data=None, initial=None):
    return ConceptForm(
        data,
        ideas=selectors.best_ideas_of_process(process),
        problems=selectors.picked_problems_of_process(process),
        initial=initial,
    )


@login_required
def concepts(request, slug):
    process = get_process_for_user(request.user, slug, "decisions.view")
    return render(
        request,
        "decisions/concept/concepts.html",
        {
            "process": process,
            "rows": selectors.concept_rows(process),
            "can_manage": can(request.user, "decisions.manage", process),
        },
    )


@login_required
def concept_new(request, slug):
    process = get_process_for_user(request.user, slug, "decisions.manage")
    form = _concept_form(process, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            concept = services.concept_create(
                process=process, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The concept was created."))
            return redirect("decisions:concept_edit", slug=slug, pk=concept.pk)
    return render(
        request,
        "decisions/concept/concept_form.html",
        {"process": process, "form": form, "concept": None},
        status=400 if form.errors else 200,
    )


@login_required
def concept_edit(request, slug, pk):
    concept = selectors.get_concept_for_user(request.user, slug, pk, "decisions.view")
    process = concept.process
    initial = {
        **{key: getattr(concept, key) for key in services.CONCEPT_TEXTS},
        "target_groups": concept.target_groups,
        "ideas": [i.pk for i in concept.ideas.all()],
        "problems": [p.pk for p in concept.problems.all()],
    }
    form = _concept_form(process, request.POST if request.method == "POST" else None, initial)
    if request.method == "POST":
        concept = selectors.get_concept_for_user(request.user, slug, pk, "decisions.manage")
        if form.is_valid():
            try:
                services.concept_update(concept=concept, by=request.user, **form.service_fields())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The concept was saved."))
                return redirect("decisions:concept_edit", slug=slug, pk=pk)
    names = selectors.persona_names(process)
    return render(
        request,
        "decisions/concept/concept_form.html",
        {
            "process": process,
            "form": form,
            "concept": concept,
            "problems": selectors.concept_problems(concept),
            "personas": [names.get(i, str(i)) for i in selectors.concept_persona_ids(concept)],
            # Who may only view the concept (decision-makers) sees it read-only.
            "can_manage": can(request.user, "decisions.manage", process),
            "target_groups": [
                TargetGroup(key).label for key in concept.target_groups if key in TargetGroup.values
            ],
            "ideas": concept.ideas.order_by("problem__group__number", "position"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def concept_publish(request, slug, pk):
    concept = selectors.get_concept_for_user(request.user, slug, pk, "decisions.manage")
    try:
        if request.POST.get("unpublish"):
            services.concept_unpublish(concept=concept, by=request.user)
            messages.success(request, _("The concept is no longer public."))
        else:
            services.concept_publish(concept=concept, by=request.user)
            messages.success(request, _("The concept is published."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("decisions:concept_edit", slug=slug, pk=pk)


@login_required
@require_POST
def concept_delete(request, slug, pk):
    concept = selectors.get_concept_for_user(request.user, slug, pk, "decisions.manage")
    try:
        services.concept_delete(concept=concept, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("decisions:concept_edit", slug=slug, pk=pk)
    messages.success(request, _("The concept was deleted."))
    return redirect("decisions:concepts", slug=slug)


@login_required
def concepts_json(request, slug):
    process = get_process_for_user(request.user, slug, "decisions.view")
    body = json.dumps(selectors.concept_rows(process), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="concepts-{process.slug}.json"'
    return response


CSV_HEADER = (
    "id",
    "name",
    "name_sv",
    "name_en",
    "aim",
    "target_groups",
    "published",
    "personas",
    "problems",
    "ideas",
)


@login_required
def concepts_csv(request, slug):
    process = get_process_for_user(request.user, slug, "decisions.view")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(CSV_HEADER))
    for row in selectors.concept_rows(process):
        writer.writerow(
            safe_row(
                [
                    row["id"],
                    row["name"],
                    row["name_sv"],
                    row["name_en"],
                    row["aim"],
                    " | ".join(row["target_groups"]),
                    "yes" if row["is_published"] else "no",
                    " | ".join(p["name"] or str(p["id"]) for p in row["personas"]),
                    " | ".join(p["text"] for p in row["problems"]),
                    " | ".join(i["text"] for i in row["ideas"]),
                ]
            )
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="concepts-{process.slug}.csv"'
    return response
