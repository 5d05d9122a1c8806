"""Staff pages: enrolment and returns, participants, paper-kit entry, charts, catalogue."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction
from arki.core.models import User
from arki.core.permissions import can, require
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_record

from .. import services
from ..compute.diff import payload_differences
from ..forms import (
    PAPER_MAP_ROWS,
    DiaryDayPaperForm,
    MergeForm,
    ResolveForm,
    ServiceForm,
    ServiceUseForm,
    SettingsForm,
    service_choices,
)
from ..models import Participant
from ..pictures import participant_svg
from ..redaction import sees_all_identities
from ..selectors import (
    analyst_unmapped_texts,
    catalogue,
    charts_for_user,
    get_participant_for_user,
    insight_workshop,
    overview_for_user,
    participant_detail,
    participants_for_user,
    person_for_entry,
    reminder_targets,
    unmapped_texts,
    with_row_counts,
)
from ..selectors import (
    call_list as call_list_of,
)

PAGE_SIZE = 50


def staff_user(request: HttpRequest) -> User:
    """The logged-in staff member: every staff view checks a role first, so never anonymous."""
    return cast(User, request.user)


def _base(request: HttpRequest, process: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "process": process,
        "can_view": can(user, "insight.view", process),
        "can_manage": can(user, "insight.manage", process),
        "can_enter": can(user, "insight.enter", process),
        "can_export": can(user, "insight.export", process),
        "can_catalogue": can(user, "insight.catalogue", process),
        "can_remind": can(user, "insight.remind", process),
        **extra,
    }


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.view")
    figures = overview_for_user(request.user, process)
    context = _base(
        request,
        process,
        workshop=insight_workshop(process),
        summary=figures["summary"],
        reminders=figures["reminders"],
        unmapped=len(unmapped_texts(process))
        if can(request.user, "insight.catalogue", process)
        else 0,
        double_entry=services.settings_for(process).double_entry,
    )
    return render(request, "insight/staff/overview.html", context)


@require_POST
def enrol_all(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.manage")
    added = services.participants_enrol_all(
        workshop=insight_workshop(process), by=staff_user(request)
    )
    messages.success(request, _("%(count)d participants enrolled.") % {"count": added})
    return redirect("insight:overview", slug=slug)


def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.view")
    participants = participants_for_user(request.user, process)
    query = request.GET.get("q", "").strip().upper()
    if query:
        participants = participants.filter(person__code__contains=query)
    status = request.GET.get("status", "")
    if status == "returned":
        participants = participants.filter(diary_returned_at__isnull=False)
    elif status == "missing":
        participants = participants.filter(diary_returned_at__isnull=True)
    page = Paginator(participants.order_by("person__code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = with_row_counts(list(page.object_list))
    return render(
        request,
        "insight/staff/participants.html",
        _base(request, process, page=page, query=query, status=status),
    )


def participant_view(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.view")
    participant = get_participant_for_user(request.user, process, code)
    context = participant_detail(request.user, participant)
    context["svg"] = participant_svg(context["uses"], participant.person.code)
    return render(request, "insight/staff/participant.html", _base(request, process, **context))


# --- paper-kit entry -------------------------------------------------------------------------


def entry_find(request: HttpRequest, slug: str) -> HttpResponse:
    """Type a pseudonym code and press Enter: the kit's entry form opens."""
    process = get_process_for_user(request.user, slug, "insight.enter")
    code = request.GET.get("code", "").strip().upper()
    error = ""
    if code:
        person = person_for_entry(request.user, process, code)
        if person is not None:
            return redirect("insight:entry", slug=slug, code=person.code)
        error = _("No participant with the code %(code)s in your municipalities.") % {"code": code}
    participants = participants_for_user(request.user, process, "insight.enter")
    pending = participants.filter(paper_entries__applied_at__isnull=True).distinct()[:50]
    return render(
        request,
        "insight/staff/entry_find.html",
        _base(request, process, code=code, error=error, pending=pending),
    )


def _entry_forms(
    data: Any, services_qs: Any, initial: dict[str, Any]
) -> tuple[list[ServiceUseForm], list[tuple[int, DiaryDayPaperForm]]]:
    rows = initial.get("map", [])
    services_list = list(services_qs)
    choices = service_choices(services_list)
    map_forms = [
        ServiceUseForm(
            data,
            services=services_qs,
            choices=choices,
            prefix=f"m{i}",
            empty_permitted=True,
            use_required_attribute=False,
            initial=rows[i] if i < len(rows) else None,
        )
        for i in range(max(PAPER_MAP_ROWS, len(rows)))
    ]
    days = initial.get("days", {})
    day_forms = [
        (
            n,
            DiaryDayPaperForm(
                data,
                services=services_list,
                prefix=f"d{n}",
                initial={
                    **days.get(str(n), {}),
                    "services": [str(s) for s in days.get(str(n), {}).get("services", [])],
                },
            ),
        )
        for n in range(1, 8)
    ]
    return map_forms, day_forms


def entry_kit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.enter")
    person = person_for_entry(request.user, process, code)
    if person is None:
        raise PermissionDenied
    require(request.user, "insight.enter", process, person.municipality_id)
    participant = services.participant_enrol(
        person=person, workshop=insight_workshop(process), by=staff_user(request)
    )
    own = participant.paper_entries.filter(created_by=staff_user(request)).first()
    services_qs = catalogue(process)
    data = request.POST if request.method == "POST" else None
    map_forms, day_forms = _entry_forms(data, services_qs, own.payload if own else {})
    if (
        data is not None
        and all(f.is_valid() for f in map_forms)
        and all(f.is_valid() for _n, f in day_forms)
    ):
        payload = {
            "map": [f.payload() for f in map_forms if f.has_changed() and f.cleaned_data],
            "days": {str(n): f.values() for n, f in day_forms if any(f.cleaned_data.values())},
        }
        entry = services.paper_entry_save(
            participant=participant, payload=payload, by=staff_user(request)
        )
        if entry.applied_at:
            messages.success(
                request, _("Kit %(code)s is entered and counted as returned.") % {"code": code}
            )
        elif entry.round == 2:
            messages.warning(request, _("The two entries differ. Resolve the differences below."))
            return redirect("insight:entry_resolve", slug=slug, code=code)
        else:
            messages.success(
                request,
                _("First entry of %(code)s saved. A second person enters the kit again.")
                % {"code": code},
            )
        return redirect(reverse("insight:entry_find", kwargs={"slug": slug}))
    errors = any(f.errors for f in map_forms) or any(f.errors for _n, f in day_forms)
    return render(
        request,
        "insight/staff/entry.html",
        _base(
            request,
            process,
            participant=participant,
            person=person,
            map_forms=map_forms,
            day_forms=day_forms,
            has_errors=errors,
            own=own,
            double_entry=services.settings_for(process).double_entry,
        ),
    )


def entry_resolve(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.enter")
    participant: Participant = get_participant_for_user(
        request.user, process, code, "insight.enter"
    )
    entries = {e.round: e for e in participant.paper_entries.select_related("created_by")}
    if set(entries) != {1, 2}:
        messages.info(request, _("This kit has no two entries to compare."))
        return redirect("insight:entry_find", slug=slug)
    differences = payload_differences(entries[1].payload, entries[2].payload)
    form = ResolveForm(request.POST or None, differences=differences)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_entry_resolve(
                participant=participant, choices=form.cleaned_data, by=staff_user(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Differences resolved; kit %(code)s counts as returned.") % {"code": code},
            )
            return redirect("insight:entry_find", slug=slug)
    rows = [(d, form[d.key]) for d in differences]
    return render(
        request,
        "insight/staff/resolve.html",
        _base(request, process, participant=participant, rows=rows, form=form, entries=entries),
    )


# --- charts, catalogue, reminders, settings --------------------------------------------------


def charts(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.charts")
    data = charts_for_user(request.user, process)
    return render(request, "insight/staff/charts.html", _base(request, process, charts=data))


def catalogue_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.catalogue")
    services_qs = catalogue(process)
    rows, withheld = unmapped_texts(process), 0
    if not sees_all_identities(request.user, process):
        rows, withheld = analyst_unmapped_texts(process, rows)
    texts = [row["service_text"] for row in rows]
    service_form = ServiceForm(request.POST if "add" in request.POST else None)
    merge_form = MergeForm(
        request.POST if "merge" in request.POST else None, texts=texts, services=services_qs
    )
    if request.method == "POST" and "add" in request.POST and service_form.is_valid():
        data = service_form.cleaned_data
        try:
            services.service_create(
                process=process,
                name=data["name"],
                category=data["category"],
                sector=data["sector"],
                by=staff_user(request),
            )
        except ValidationError as error:
            service_form.add_error(None, error)
        else:
            messages.success(request, _("Service added to the catalogue."))
            return redirect("insight:catalogue", slug=slug)
    if request.method == "POST" and "merge" in request.POST and merge_form.is_valid():
        changed = services.service_text_merge(
            process=process,
            texts=merge_form.cleaned_data["texts"],
            service=merge_form.cleaned_data["service"],
            by=staff_user(request),
        )
        messages.success(
            request, _("%(count)d rows now point to the catalogue service.") % {"count": changed}
        )
        return redirect("insight:catalogue", slug=slug)
    return render(
        request,
        "insight/staff/catalogue.html",
        _base(
            request,
            process,
            services=services_qs.annotate(n=Count("uses")),
            unmapped=rows,
            withheld=withheld,
            service_form=service_form,
            merge_form=merge_form,
        ),
    )


def reminders(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.remind")
    participants = participants_for_user(request.user, process, "insight.remind")
    targets = reminder_targets(participants)
    if request.method == "POST":
        sent = services.reminders_send(participants=list(targets), by=staff_user(request))
        messages.success(
            request,
            _("Reminders sent: %(email)d by e-mail, %(sms)d by text message.") % sent,
        )
        return redirect("insight:reminders", slug=slug)
    return render(
        request,
        "insight/staff/reminders.html",
        _base(request, process, targets=targets.count(), calls=call_list_of(participants).count()),
    )


def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable list of those who will not get a reminder: the contact person calls them."""
    process = get_process_for_user(request.user, slug, "insight.remind")
    participants = participants_for_user(request.user, process, "insight.remind")
    rows = list(call_list_of(participants))
    shows_identity = {
        m: can(request.user, "person.identity", process, m)
        for m in {p.person.municipality_id for p in rows}
    }
    if any(shows_identity.values()):
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            subject="Diary call list",
            process=process,
            detail={"people": len(rows)},
        )
    return render(
        request,
        "insight/staff/call_list.html",
        _base(request, process, rows=[(p, shows_identity[p.person.municipality_id]) for p in rows]),
    )


def settings_view(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_process_for_user(request.user, slug, "insight.manage")
    current = services.settings_for(process)
    due = ", ".join(
        f"{day.day}.{day.month}.{day.year}"
        for day in map(datetime.date.fromisoformat, current.diary_due_dates)
    )
    form = SettingsForm(
        request.POST or None,
        initial={"double_entry": current.double_entry, "diary_due_dates": due},
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(
            process=process,
            double_entry=form.cleaned_data["double_entry"],
            diary_due_dates=form.cleaned_data["diary_due_dates"],
            by=staff_user(request),
        )
        messages.success(request, _("Settings saved."))
        return redirect("insight:overview", slug=slug)
    return render(request, "insight/staff/settings.html", _base(request, process, form=form))
