"""Residents' pages: log in with the personal access code, fill the map and the diary.

Every page works without JavaScript; with it, htmx autosaves the day being written so a
closed tab or an expired session loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.throttle import TooManyAttempts

from .. import services
from ..access import (
    LARGE_TEXT_KEY,
    current_participant,
    leave,
    participant_for_code,
)
from ..forms import AccessCodeForm, DiaryDayForm, ServiceUseForm
from ..models import Participant, Service
from ..selectors import catalogue, diary_days_for

View = Callable[..., HttpResponse]


def participant_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = current_participant(request)
        if participant is None:
            if request.headers.get("HX-Request"):
                return HttpResponse(
                    _("Your session has ended: log in again with your code."), status=403
                )
            return redirect("insight_public:access")
        request.participant = participant  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("large_text", request.session.get(LARGE_TEXT_KEY, False))
    return render(request, template, context)


def access(request: HttpRequest) -> HttpResponse:
    """Type the personal access code (or arrive from the kit's QR code)."""
    data: Any = request.POST if request.method == "POST" else None
    if data is None and request.GET.get("k"):
        data = {"code": request.GET["k"]}
    form = AccessCodeForm(data)
    status = 200
    if data is not None and form.is_valid():
        try:
            participant = participant_for_code(request, form.cleaned_data["code"])
        except TooManyAttempts as error:
            form.add_error("code", error.message)  # the typed code stays in the field
            status = 429
        else:
            if participant is not None:
                return redirect("insight_public:home")
            form.add_error("code", _("This code was not found. Check the code on your kit."))
    response = _render(request, "insight/public/access.html", {"form": form})
    response.status_code = status
    return response


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    days = diary_days_for(participant)
    week = [
        {
            "number": n,
            "day": days.get(n),
            "saved": bool(days.get(n) and days[n].is_saved),
            "draft": bool(days.get(n) and days[n].draft),
            "version": services.saved_version(days.get(n)),
        }
        for n in range(1, 8)
    ]
    return _render(
        request,
        "insight/public/home.html",
        {
            "participant": participant,
            "week": week,
            "saved_days": sum(1 for d in week if d["saved"]),
            "map_rows": participant.service_uses.count(),
        },
    )


@participant_required
def service_map(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    services_qs = catalogue(participant.workshop.process)
    form = ServiceUseForm(request.POST or None, services=services_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.service_use_add(
            participant=participant,
            service=data.get("service"),
            **services.service_use_fields(data),
        )
        messages.success(request, _("The service was added to your map."))
        return redirect("insight_public:map")
    uses = participant.service_uses.select_related("service")
    return _render(
        request,
        "insight/public/map.html",
        {"participant": participant, "form": form, "uses": uses},
    )


@require_POST
@participant_required
def service_map_delete(request: HttpRequest, pk: int) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    use = get_object_or_404(participant.service_uses, pk=pk)
    services.service_use_delete(use=use)
    messages.success(request, _("The row was removed."))
    return redirect("insight_public:map")


@require_POST
@participant_required
def service_map_submit(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    try:
        services.service_map_submit(participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insight_public:map")
    messages.success(request, _("Thank you! Your service map is saved. Next, the diary."))
    return redirect("insight_public:home")


def _day_services(participant: Participant) -> list[Service]:
    """The services on the participant's own map (plus the catalogue if the map is empty)."""
    own = [u.service for u in participant.service_uses.select_related("service") if u.service]
    unique = list({s.pk: s for s in own}.values())
    return unique or list(catalogue(participant.workshop.process))


@participant_required
def diary_day(request: HttpRequest, day: int) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    if day not in range(1, 8):
        return redirect("insight_public:home")
    days = diary_days_for(participant)
    current = days.get(day)
    choices = _day_services(participant)
    if request.method == "POST":
        form = DiaryDayForm(request.POST, services=choices)
        if form.is_valid():
            try:
                services.diary_day_save(participant=participant, day=day, values=form.values())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Day %(day)d is saved.") % {"day": day})
                return (
                    redirect("insight_public:day", day=day + 1)
                    if day < 7
                    else redirect("insight_public:home")
                )
    else:
        form = DiaryDayForm(initial=_initial(current), services=choices)
    return _render(
        request,
        "insight/public/day.html",
        {
            "participant": participant,
            "form": form,
            "day": day,
            "current": current,
            "has_draft": bool(current and current.draft),
            "base": services.saved_version(current),
            "week": [
                (n, bool(days.get(n) and days[n].is_saved), services.saved_version(days.get(n)))
                for n in range(1, 8)
            ],
        },
    )


def _initial(current: Any) -> dict[str, Any]:
    """The draft if there is one (it is newer than the saved answers), else the saved day."""
    if current is None:
        return {}
    if current.draft:
        return dict(current.draft)
    initial = {f: getattr(current, f) for f in services.DAY_FIELDS}
    initial["services"] = [str(pk) for pk in current.services.values_list("pk", flat=True)]
    return initial


@require_POST
@participant_required
def diary_day_draft(request: HttpRequest, day: int) -> HttpResponse:
    """htmx autosave: keep what is typed so far; answers with a short status line."""
    participant: Participant = request.participant  # type: ignore[attr-defined]
    if day not in range(1, 8):
        return HttpResponse(status=404)
    data: dict[str, Any] = {
        key: request.POST.get(key, "") for key in services.DAY_FIELDS if key != "help_from"
    }
    data["help_from"] = request.POST.getlist("help_from")
    data["services"] = request.POST.getlist("services")
    try:
        diary_day = services.diary_day_draft_save(
            participant=participant, day=day, data=data, base=request.POST.get("base", "")
        )
    except services.StaleDraft:
        return HttpResponse(
            _("This day was saved in another window. Reload the page to continue writing.")
        )
    return render(request, "insight/partials/draft_status.html", {"diary_day": diary_day})


@require_POST
@participant_required
def diary_submit(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    try:
        services.diary_submit(participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you! Your diary has been returned."))
    return redirect("insight_public:home")


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    request.session[LARGE_TEXT_KEY] = not request.session.get(LARGE_TEXT_KEY, False)
    target = request.POST.get("next", "")
    return redirect(
        target if target.startswith("/") and not target.startswith("//") else "insight_public:home"
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    leave(request)
    messages.info(request, _("You have left the diary. Your answers are saved."))
    return redirect("insight_public:access")
