"""Participants' wallet (gifts) without an account, and the facilitator's table tablet.

A participant is recognised exactly as the core's live pages do it: by the seat secret kept
in their browser session, so nobody can give away someone else's vouchers by guessing a seat
number.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from arki.core.enums import ActivityState, Channel
from arki.core.forms import apply_errors, error_text
from arki.core.selectors.live import find_session
from arki.core.services import live as live_services
from arki.core.throttle import throttled
from arki.core.views.live import JOIN_CODES, SEATS_KEY

from .. import selectors, services
from ..forms import BallotForm, GiftForm, TabletSeatForm


def _participant(request, code, activity_pk):
    session = find_session(code)
    if session is None:
        # Counted like a wrong code on the join page: a plain 404 here against a redirect for
        # a real code would let a guesser find open sessions without being throttled.
        JOIN_CODES.failure(request)
        raise Http404
    secret = request.session.get(SEATS_KEY, {}).get(str(session.pk))
    seat = live_services.seat_for_secret(session, secret)
    activity = selectors.get_voucher_activity(session, activity_pk)
    return session, seat, activity, selectors.round_for_activity(activity)


@throttled(JOIN_CODES)
def wallet(request, code, activity):
    session, seat, activity_obj, round_ = _participant(request, code, activity)
    if seat is None:
        return redirect("live:join", code=session.code)
    form = GiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receiver = services.find_receiver(session, form.cleaned_data["receiver"])
            gift = services.voucher_gift(
                round_=round_, giver=seat, receiver=receiver, vouchers=form.cleaned_data["vouchers"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("You gave %(count)d vouchers to %(seat)s.")
                % {"count": gift.vouchers, "seat": _seat_name(receiver)},
            )
            return redirect("budgeting_public:wallet", code=session.code, activity=activity_obj.pk)
    return render(
        request,
        "budgeting/wallet.html",
        {
            "session": session,
            "seat": seat,
            "activity": activity_obj,
            "round": round_,
            "wallet": selectors.wallet_of(round_, seat),
            "is_open": selectors.is_round_open(round_, activity_obj),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _seat_name(seat) -> str:
    return _("seat %(number)d") % {"number": seat.number}


@throttled(JOIN_CODES)
def take_back(request, code, activity, gift):
    if request.method != "POST":
        return redirect("budgeting_public:wallet", code=code, activity=activity)
    session, seat, activity_obj, round_ = _participant(request, code, activity)
    if seat is None:
        return redirect("live:join", code=session.code)
    target = round_.gifts.select_related("giver", "receiver").filter(pk=gift).first()
    if target is None:
        raise Http404
    try:
        services.gift_take_back(gift=target, seat=seat)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("You took back %(count)d vouchers.") % {"count": target.vouchers}
        )
    return redirect("budgeting_public:wallet", code=session.code, activity=activity_obj.pk)


# --- the table tablet ---------------------------------------------------------------------


@login_required
def tablet(request, slug, pk):
    """A shared tablet at a table: the facilitator starts a seat per person, who then votes."""
    round_ = selectors.get_round_for_user(request.user, slug, pk, "budgeting.paper")
    activity = next(
        (
            a
            for a in selectors.activities_of_round(round_)
            if a.state == ActivityState.OPEN and a.session.is_open
        ),
        None,
    )
    context = {"process": round_.workshop.process, "round": round_, "activity": activity}
    if activity is None or round_.is_closed:
        return render(request, "budgeting/tablet.html", context)
    session = activity.session
    seat = session.seats.filter(pk=request.GET.get("seat") or 0, channel=Channel.TABLET).first()
    if seat is None:
        return _tablet_start(request, round_, session, context)
    wallet = selectors.wallet_of(round_, seat)
    form = BallotForm(
        request.POST or None,
        items=list(round_.items.all()),
        held=wallet.held,
        initial={f"item-{k}": v for k, v in wallet.allocations.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(
                round_=round_,
                seat=seat,
                allocations=form.counts(),
                abstain=form.cleaned_data["abstain"],
                channel=Channel.TABLET,
                entered_by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! The ballot of %(seat)s was saved.") % {"seat": seat}
            )
            return redirect("budgeting:tablet", slug=slug, pk=pk)
    context.update(seat=seat, wallet=wallet, form=form)
    return render(request, "budgeting/tablet.html", context, status=400 if form.errors else 200)


def _tablet_start(request, round_, session, context):
    form = TabletSeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat, _secret = live_services.seat_join(
                session=session,
                label=form.cleaned_data["label"],
                channel=Channel.TABLET,
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            url = redirect("budgeting:tablet", slug=context["process"].slug, pk=round_.pk).url
            return redirect(f"{url}?seat={seat.pk}")
    context.update(
        seat_form=form,
        tablet_seats=list(session.seats.filter(channel=Channel.TABLET).order_by("-number")[:20]),
    )
    return render(request, "budgeting/tablet.html", context, status=400 if form.errors else 200)
