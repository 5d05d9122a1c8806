"""Staff pages for participants and their consents, limited to the user's municipalities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import ConsentForm, PersonCreateForm, PersonForm, apply_errors
from ..permissions import can, municipality_scope
from ..selectors.people import (
    get_person_for_user,
    municipality_counts,
    people_for_user,
    person_detail_for_user,
)
from ..selectors.processes import get_process_for_user
from ..services.audit import audit_identity_view
from ..services.people import consent_record, person_create, person_update

PAGE_SIZE = 50


@login_required
def person_list(request, slug):
    process = get_process_for_user(request.user, slug, "person.view")
    people = people_for_user(request.user, process)
    query = request.GET.get("q", "").strip()[:50]
    shows_identity = can(request.user, "person.identity", process)
    if query:
        match = Q(code__icontains=query)
        if shows_identity:
            match |= Q(full_name__icontains=query)
        people = people.filter(match)
    page = Paginator(people.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    if shows_identity:
        audit_identity_view(
            request, subject="Participant list", process=process, people=page.object_list
        )
    return render(
        request,
        "core/people/list.html",
        {
            "process": process,
            "page": page,
            "query": query,
            "counts": municipality_counts(people_for_user(request.user, process)),
            "shows_identity": shows_identity,
            "can_manage": can(request.user, "person.manage", process),
        },
    )


def _allowed_municipalities(user, process):
    scope = municipality_scope(user, "person.manage", process)
    municipalities = process.municipalities.all()
    return municipalities if scope is None else municipalities.filter(pk__in=scope)


@login_required
def person_create_view(request, slug):
    process = get_process_for_user(request.user, slug, "person.manage")
    allowed = _allowed_municipalities(request.user, process)
    form = PersonCreateForm(request.POST or None, municipalities=allowed)
    if request.method == "POST" and form.is_valid():
        person = person_create(process=process, created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Participant %(code)s was added.") % {"code": person.code})
        return redirect("core:person_detail", slug=slug, code=person.code)
    return render(request, "core/people/create.html", {"process": process, "form": form})


@login_required
def person_detail(request, slug, code):
    process = get_process_for_user(request.user, slug, "person.view")
    context = person_detail_for_user(request.user, process, code)
    person = context["person"]
    return render(
        request,
        "core/people/detail.html",
        {
            "process": process,
            **context,
            "consent_form": ConsentForm(),
            "can_manage": can(request.user, "person.manage", process, person.municipality_id),
            "can_export": can(request.user, "gdpr.export", process, person.municipality_id),
            "can_erase": can(request.user, "gdpr.erase", process, person.municipality_id),
        },
    )


@login_required
def person_edit_view(request, slug, code):
    """Correct a participant's details (a wrong age band or municipality, a new phone)."""
    process = get_process_for_user(request.user, slug, "person.manage")
    person = get_person_for_user(request.user, process, code, "person.manage")
    if person.erased_at is not None:
        return redirect("core:person_detail", slug=slug, code=code)
    allowed = _allowed_municipalities(request.user, process)
    initial = {field: getattr(person, field) for field in PersonForm.base_fields}
    form = PersonForm(request.POST or None, initial=initial, municipalities=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The details were saved."))
            return redirect("core:person_detail", slug=slug, code=code)
    audit_identity_view(request, subject=f"Participant {person.code} (edit)", person=person)
    return render(
        request, "core/people/edit.html", {"process": process, "person": person, "form": form}
    )


@login_required
def consent_add(request, slug, code):
    process = get_process_for_user(request.user, slug, "person.view")
    person = get_person_for_user(request.user, process, code, "person.manage")
    if request.method != "POST":
        return redirect("core:person_detail", slug=slug, code=code)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            consent_record(person=person, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("core:person_detail", slug=slug, code=code)
    context = person_detail_for_user(request.user, process, code)
    return render(
        request,
        "core/people/detail.html",
        {"process": process, **context, "consent_form": form, "can_manage": True},
        status=400,
    )
