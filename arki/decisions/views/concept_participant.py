"""A concept-workshop table on phones and tablets (no account: the seat secret counts).

One page per stage: in the problems stage the table lists its problems, places dots and picks
its three; in the ideas stage it writes ideas for the three, picks the best and sketches how
to implement it. Plain forms, so it works with a keyboard, a screen reader and without
JavaScript; every refusal comes back as a message and nothing is changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import ActivityState
from arki.core.forms import error_text
from arki.core.selectors.live import find_session
from arki.core.services import live as live_services
from arki.core.throttle import throttled
from arki.core.views.live import JOIN_CODES, SEATS_KEY

from .. import selectors
from ..concept_forms import IdeaForm, ImplementationForm, ProblemForm
from ..models import IDEAS_PER_PROBLEM, MAX_PROBLEMS, PICKED_PROBLEMS
from ..services import concept as services


def _participant(request, code, activity_pk):
    session = find_session(code)
    if session is None:
        # Counted like a wrong code on the join page, so guessing codes here is throttled too.
        JOIN_CODES.failure(request)
        raise Http404
    secret = request.session.get(SEATS_KEY, {}).get(str(session.pk))
    seat = live_services.seat_for_secret(session, secret)
    activity = selectors.concept_activity(session, activity_pk)
    group = selectors.group_of_seat(activity, seat) if seat is not None else None
    return session, seat, activity, group


def _home(session, activity):
    return redirect("decisions_public:table", code=session.code, activity=activity.pk)


@throttled(JOIN_CODES)
def table(request, code, activity):
    session, seat, activity_obj, group = _participant(request, code, activity)
    if seat is None:
        return redirect("live:join", code=session.code)
    if group is None:
        messages.info(request, _("Choose your table first."))
        return redirect("live:participant", code=session.code)
    funnel = selectors.group_funnel(group)
    return render(
        request,
        "decisions/concept/table.html",
        {
            "session": session,
            "activity": activity_obj,
            "funnel": funnel,
            "group": group,
            "is_problems": activity_obj.kind == services.PROBLEMS_KEY,
            "is_open": session.is_open and activity_obj.state == ActivityState.OPEN,
            "my_dots": selectors.dots_of_seat(group, seat),
            "dots_left": services.DOTS_PER_SEAT - len(selectors.dots_of_seat(group, seat)),
            "problem_form": ProblemForm(),
            "idea_form": IdeaForm(),
            "implementation_form": ImplementationForm(),
            "max_problems": MAX_PROBLEMS,
            "picked_count": PICKED_PROBLEMS,
            "ideas_per_problem": IDEAS_PER_PROBLEM,
            "is_dots": group.pick_method == "dots",
        },
    )


def _write(request, code, activity, write, *, done: str):
    """Run one write for the seat's table; a refusal is shown as a message."""
    session, seat, activity_obj, group = _participant(request, code, activity)
    if seat is None:
        return redirect("live:join", code=session.code)
    if group is None:
        messages.info(request, _("Choose your table first."))
        return redirect("live:participant", code=session.code)
    try:
        result = write(activity_obj, group, seat)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, result if isinstance(result, str) else done)
    return _home(session, activity_obj)


def _form_text(form_class, request) -> str:
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError(" ".join(form.errors.get("text", [])))
    return form.cleaned_data["text"]


@require_POST
@throttled(JOIN_CODES)
def problem_add(request, code, activity):
    def write(activity_obj, group, seat):
        services.problem_add(group=group, text=_form_text(ProblemForm, request), seat=seat)

    return _write(request, code, activity, write, done=_("The problem was added."))


@require_POST
@throttled(JOIN_CODES)
def problem_dot(request, code, activity, problem):
    def write(activity_obj, group, seat):
        target = selectors.problem_in_activity(activity_obj, problem)
        placed = services.problem_dot(problem=target, seat=seat)
        return _("Your dot was placed.") if placed else _("Your dot was taken back.")

    return _write(request, code, activity, write, done="")


@require_POST
@throttled(JOIN_CODES)
def pick(request, code, activity):
    def write(activity_obj, group, seat):
        services.problems_pick_by_dots(group=group, seat=seat)

    return _write(
        request, code, activity, write, done=_("The three problems with the most dots are picked.")
    )


@require_POST
@throttled(JOIN_CODES)
def idea_add(request, code, activity, problem):
    def write(activity_obj, group, seat):
        target = selectors.problem_in_activity(activity_obj, problem)
        services.idea_add(problem=target, text=_form_text(IdeaForm, request), seat=seat)

    return _write(request, code, activity, write, done=_("The idea was added."))


@require_POST
@throttled(JOIN_CODES)
def idea_best(request, code, activity, idea):
    def write(activity_obj, group, seat):
        services.idea_best(idea=selectors.idea_in_activity(activity_obj, idea), seat=seat)

    return _write(request, code, activity, write, done=_("The best idea was picked."))


@require_POST
@throttled(JOIN_CODES)
def idea_implementation(request, code, activity, idea):
    def write(activity_obj, group, seat):
        target = selectors.idea_in_activity(activity_obj, idea)
        services.idea_implementation(
            idea=target, text=_form_text(ImplementationForm, request), seat=seat
        )

    return _write(request, code, activity, write, done=_("How to implement it was saved."))
