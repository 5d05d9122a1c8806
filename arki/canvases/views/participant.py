"""Participants write on their table's canvas without an account (the seat secret counts).

The canvas is a zone-by-zone list with plain forms, so it works with a keyboard, a screen
reader and without JavaScript; htmx only refreshes the cards when somebody else changed them
(the fragment answers 204 while nothing changed, so focus and typing are not disturbed).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import ActivityState
from arki.core.forms import apply_errors, error_text
from arki.core.selectors.live import find_session
from arki.core.services import live as live_services
from arki.core.throttle import throttled
from arki.core.views.live import JOIN_CODES, SEATS_KEY

from .. import selectors, services
from ..forms import CardMoveForm, card_edit_form, card_form


def _participant(request, code, activity_pk, *, with_cards: bool = True):
    session = find_session(code)
    if session is None:
        # Counted like a wrong code on the join page, so guessing codes here is throttled too.
        JOIN_CODES.failure(request)
        raise Http404
    secret = request.session.get(SEATS_KEY, {}).get(str(session.pk))
    seat = live_services.seat_for_secret(session, secret)
    activity = selectors.canvas_activity(session, activity_pk)
    canvas = (
        selectors.group_of_seat(activity, seat, with_cards=with_cards) if seat is not None else None
    )
    return session, seat, activity, canvas


def _home(session, activity):
    return redirect("canvases_public:canvas", code=session.code, activity=activity.pk)


def _page(request, session, seat, activity, canvas, form=None, status=200):
    is_open = session.is_open and activity.state == ActivityState.OPEN
    return render(
        request,
        "canvases/participant.html",
        {
            "session": session,
            "seat": seat,
            "activity": activity,
            "canvas": canvas,
            "zones": selectors.canvas_zones(canvas),
            "zone_choices": canvas.type.zones,
            "state": selectors.canvas_state(canvas),
            "is_open": is_open,
            "form": form or card_form(canvas),
        },
        status=status,
    )


@throttled(JOIN_CODES)
def canvas(request, code, activity):
    session, seat, activity_obj, canvas_obj = _participant(request, code, activity)
    if seat is None:
        return redirect("live:join", code=session.code)
    if canvas_obj is None:
        messages.info(request, _("Choose your table first."))
        return redirect("live:participant", code=session.code)
    return _page(request, session, seat, activity_obj, canvas_obj)


@throttled(JOIN_CODES)
def cards(request, code, activity):
    """The cards for htmx polling: 204 while nothing changed since the state the page has."""
    session, seat, activity_obj, canvas_obj = _participant(request, code, activity)
    if seat is None or canvas_obj is None:
        return HttpResponse(status=204)
    state = selectors.canvas_state(canvas_obj)
    if request.GET.get("state") == state:
        return HttpResponse(status=204)
    return render(
        request,
        "canvases/partials/participant_zones.html",
        {
            "session": session,
            "activity": activity_obj,
            "canvas": canvas_obj,
            "zones": selectors.canvas_zones(canvas_obj),
            "zone_choices": canvas_obj.type.zones,
            "state": state,
            "is_open": session.is_open and activity_obj.state == ActivityState.OPEN,
        },
    )


@require_POST
@throttled(JOIN_CODES)
def card_add(request, code, activity):
    # A refused card re-renders the page, which then reads the cards itself.
    session, seat, activity_obj, canvas_obj = _participant(
        request, code, activity, with_cards=False
    )
    if seat is None or canvas_obj is None:
        return (
            redirect("live:participant", code=session.code)
            if seat
            else redirect("live:join", code=session.code)
        )
    form = card_form(canvas_obj, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.card_add(canvas=canvas_obj, seat=seat, **form.card_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your card was added."))
            return _home(session, activity_obj)
    return _page(request, session, seat, activity_obj, canvas_obj, form=form, status=400)


@throttled(JOIN_CODES)
def card_edit(request, code, activity, card):
    session, seat, activity_obj, canvas_obj = _participant(
        request, code, activity, with_cards=False
    )
    if seat is None:
        return redirect("live:join", code=session.code)
    card_obj = selectors.card_in_activity(activity_obj, card)
    if canvas_obj is None or card_obj.canvas_id != canvas_obj.pk:
        # Another table's card: not even its text is shown (the service refuses the save too).
        raise Http404
    conflict = None
    if request.method == "POST":
        form = card_edit_form(card_obj, request.POST)
        if form.is_valid():
            try:
                services.card_edit(card=card_obj, seat=seat, **form.edit_fields())
            except services.CardConflict as error:
                conflict = error
                # Offer the author's text again against the current version: saving now is a
                # deliberate choice made with both texts in view.
                form = card_edit_form(
                    card_obj,
                    initial={
                        "text": error.mine,
                        "version": error.card.version,
                        "persona": form.cleaned_data.get("persona"),
                    },
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The card was saved."))
                return _home(session, activity_obj)
    else:
        form = card_edit_form(
            card_obj,
            initial={
                "text": card_obj.text,
                "version": card_obj.version,
                "persona": card_obj.persona_id,
            },
        )
    return render(
        request,
        "canvases/card_edit.html",
        {
            "session": session,
            "activity": activity_obj,
            "card": card_obj,
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _card_action(request, code, activity, card, action):
    session, seat, activity_obj, _canvas = _participant(request, code, activity, with_cards=False)
    if seat is None:
        return redirect("live:join", code=session.code)
    card_obj = selectors.card_in_activity(activity_obj, card)
    try:
        action(card_obj, seat)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return _home(session, activity_obj)


@require_POST
@throttled(JOIN_CODES)
def card_move(request, code, activity, card):
    form = CardMoveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data

    def move(card_obj, seat):
        services.card_move(
            card=card_obj,
            zone=data.get("zone") or None,
            direction=data.get("direction") or "",
            seat=seat,
        )

    return _card_action(request, code, activity, card, move)


@require_POST
@throttled(JOIN_CODES)
def card_remove(request, code, activity, card):
    def remove(card_obj, seat):
        services.card_remove(card=card_obj, seat=seat)

    return _card_action(request, code, activity, card, remove)
