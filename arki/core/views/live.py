"""Live workshop sessions: participants join without an account; facilitators run and project.

A participant's browser keeps the seat secret in its Django session, so one person cannot
answer as another by guessing a number or a pseudonym code.
"""

from __future__ import annotations

import csv
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..activities import Activity, ActivityError, QuestionsAndAnswers
from ..activities.qa import question_moderate, question_vote
from ..enums import ActivityState, AuditAction, Channel
from ..exports import safe_row
from ..forms import (
    ActivityKindForm,
    ActivityTitleForm,
    JoinCodeForm,
    JoinForm,
    PaperSeatForm,
    SessionSettingsForm,
)
from ..models import LiveQuestion, LiveSession, Seat
from ..registry import registry
from ..selectors.answer_target import answer_target
from ..selectors.live import (
    find_session,
    get_open_activity,
    get_session_for_user,
    open_activities,
    participant_activities,
    projector_view,
    shared_results,
    timer_left,
)
from ..selectors.people import person_for_access_code
from ..selectors.processes import get_workshop_for_user
from ..services import live as live_services
from ..services.audit import audit_record
from ..throttle import CodeEntry, TooManyAttempts, throttled

SEATS_KEY = "arki_seats"
# Wrong session codes count at the empty target, wrong personal codes at the session's code.
JOIN_CODES = CodeEntry("live-join")


def _seat_of(request, session) -> Seat | None:
    secret = request.session.get(SEATS_KEY, {}).get(str(session.pk))
    return live_services.seat_for_secret(session, secret)


def _session_and_seat(request, code) -> tuple[LiveSession | None, Seat | None]:
    """The session with this code and this browser's seat in it (one query when it has one)."""
    seat = live_services.seat_for_code(code, request.session.get(SEATS_KEY, {}).values())
    if seat is not None:
        return seat.session, seat
    return find_session(code), None


def _remember_seat(request, session, secret: str) -> None:
    """Keep the seat secret in the browser's session, under a fresh session key.

    The key is rotated (as at a log-in) so that a session id planted in the browser before
    the join, or seen on a shared computer, does not carry the new seat.
    """
    seats = dict(request.session.get(SEATS_KEY, {}))
    seats[str(session.pk)] = secret
    if request.session.session_key:  # a new session gets a new key anyway
        request.session.cycle_key()
    request.session[SEATS_KEY] = seats


def _refuse(request, message: str, status: int, code: str = ""):
    form = JoinCodeForm(initial={"code": code})
    return render(
        request, "core/live/join_start.html", {"form": form, "error": message}, status=status
    )


def join_start(request):
    form = JoinCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("live:join", code=live_services.normalise_code(form.cleaned_data["code"]))
    return render(request, "core/live/join_start.html", {"form": form})


def join(request, code):
    try:
        JOIN_CODES.check(request)
    except TooManyAttempts as error:
        return _refuse(request, error.message, 429, code=code)
    session = find_session(code)
    if session is None:
        JOIN_CODES.failure(request)
        return _refuse(
            request, _("No workshop was found with this code. Check the code on the screen."), 404
        )
    if not session.is_open:
        return _refuse(request, _("This workshop session has ended."), 410)
    if _seat_of(request, session) is not None:
        return redirect("live:participant", code=session.code)
    form = JoinForm(request.POST if request.method == "POST" else None)
    status = 400
    if request.method == "POST" and form.is_valid():
        person = None
        access_code = live_services.normalise_code(form.cleaned_data["access_code"])
        if access_code:
            try:
                JOIN_CODES.check(request, session.code)
            except TooManyAttempts as error:
                form.add_error("access_code", error.message)  # the name typed stays in the form
                status = 429
            else:
                person = person_for_access_code(access_code, session.workshop.process_id)
                if person is None:
                    JOIN_CODES.failure(request, session.code)
                    form.add_error("access_code", _("This personal code was not recognised."))
        if not form.errors:
            try:
                _seat, secret = live_services.seat_join(
                    session=session, label=form.cleaned_data["label"], person=person
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _remember_seat(request, session, secret)
                return redirect("live:participant", code=session.code)
    return render(
        request,
        "core/live/join.html",
        {"session": session, "form": form},
        status=status if form.errors else 200,
    )


def _participant_context(request, session, seat, forms=None):
    forms = forms or {}
    items = []
    started = participant_activities(session)
    for activity in (a for a in started if a.state == ActivityState.OPEN):
        kind = registry.activity(activity.kind)
        items.append(
            {
                "activity": activity,
                "template": kind.participant_template,
                "form": forms.get(activity.pk) or kind.answer_form(activity, seat=seat),
            }
        )
    return {
        "session": session,
        "seat": seat,
        "items": items,
        "shared": shared_results(session, started),
        "timer_left": timer_left(session),
    }


@throttled(JOIN_CODES)
def participant(request, code):
    session, seat = _session_and_seat(request, code)
    if session is None:
        JOIN_CODES.failure(request)  # else this page would tell a guesser which codes exist
        return _refuse(request, _("No workshop was found with this code."), 404)
    if seat is None:
        return redirect("live:join", code=session.code)
    if not session.is_open:
        return _refuse(request, _("This workshop session has ended. Thank you!"), 410)
    return render(
        request, "core/live/participant.html", _participant_context(request, session, seat)
    )


def participant_fragment(request, code):
    session, seat = _session_and_seat(request, code)
    if seat is None or not session.is_open:
        return HttpResponse(status=204)
    return render(
        request,
        "core/live/partials/activities.html",
        _participant_context(request, session, seat),
    )


@require_POST
@throttled(JOIN_CODES)
def answer(request, code, pk):
    # The hottest request of a workshop: seat, session and activity in one statement.
    target = answer_target(code, request.session.get(SEATS_KEY, {}).values(), pk)
    if target is None:
        session = find_session(code)
        if session is None:
            JOIN_CODES.failure(request)
            return _refuse(request, _("No workshop was found with this code."), 404)
        return redirect("live:join", code=session.code)
    seat, activity = target
    session = seat.session
    if activity is None:
        raise Http404
    try:
        form, created = live_services.answer_submit(activity=activity, seat=seat, data=request.POST)
    except ActivityError as error:
        if not session.is_open:
            return _refuse(request, str(error), 410)
        if error.form is None:
            messages.error(request, str(error))
        # A refused answer comes back as typed, with the reason on the form itself.
        forms = {activity.pk: error.form} if error.form is not None else {}
        context = _participant_context(request, session, seat, forms=forms)
        return render(request, "core/live/participant.html", context, status=409)
    if created is None:
        context = _participant_context(request, session, seat, forms={activity.pk: form})
        return render(request, "core/live/participant.html", context, status=400)
    messages.success(
        request,
        _("Thank you! Your answer was saved.") if created else _("Your answer was updated."),
    )
    return redirect("live:participant", code=session.code)


# --- facilitator --------------------------------------------------------------------------


@login_required
@require_POST
def session_open_view(request, slug, position):
    workshop = get_workshop_for_user(request.user, slug, position, "session.run")
    sitting = None
    if chosen := request.POST.get("sitting", ""):
        sitting = workshop.sittings.filter(pk=chosen).first() if chosen.isdigit() else None
        if sitting is None:
            raise Http404
    started = timezone.now()
    try:
        session = live_services.session_open(workshop=workshop, by=request.user, sitting=sitting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:workshop_detail", slug=slug, position=position)
    if session.created_at >= started:
        messages.success(request, _("The live session is open. Show the code to participants."))
    else:
        messages.info(request, _("This workshop already has an open live session; here it is."))
    return redirect("core:session_console", code=session.code)


@login_required
@require_POST
def session_settings_view(request, code):
    session = get_session_for_user(request.user, code, "session.run")
    form = SessionSettingsForm(request.POST)
    if form.is_valid() and session.is_open:
        live_services.session_configure(
            session=session, anonymous_seats=form.cleaned_data["anonymous_seats"], by=request.user
        )
        messages.success(request, _("The setting was saved."))
    return redirect("core:session_console", code=session.code)


@login_required
def session_console(request, code):
    session = get_session_for_user(request.user, code, "session.run")
    kinds = registry.activities()
    kind_form = ActivityKindForm(kinds=kinds)
    return render(
        request,
        "core/live/console.html",
        {
            "session": session,
            "process": session.workshop.process,
            "activities": [
                {
                    "activity": activity,
                    "label": registry.activity(activity.kind).label,
                    "has_answers": registry.activity(activity.kind).has_answers(activity),
                    "exportable": activity.state != ActivityState.DRAFT
                    and registry.activity(activity.kind).export_rows.__func__
                    is not Activity.export_rows.__func__,
                }
                for activity in session.activities.all()
            ],
            "timer_left": timer_left(session),
            "seat_count": session.seats.count(),
            "kind_form": kind_form,
            "settings_form": SessionSettingsForm(
                initial={"anonymous_seats": session.anonymous_seats}
            ),
            "join_url": request.build_absolute_uri(reverse("live:join", args=[session.code])),
        },
    )


@login_required
def activity_add_view(request, code):
    session = get_session_for_user(request.user, code, "session.run")
    kind_key = request.POST.get("kind") or request.GET.get("kind", "")
    try:
        kind = registry.activity(kind_key)
    except KeyError:
        messages.error(request, _("Choose an activity."))
        return redirect("core:session_console", code=session.code)
    data = request.POST if "save" in request.POST else None
    form = kind.config_form(session=session, data=data)
    titles = ActivityTitleForm(data=data, prefix="tr")
    if data is not None and form.is_valid() and titles.is_valid():
        config = kind.config_from_form(form.cleaned_data)
        title = str(config.get("question") or config.get("title") or kind.label)
        # A tool's set-up may bring the title's translations (a concept selection's title).
        translated = {
            name: value or str(config.get(name) or "")
            for name, value in titles.cleaned_data.items()
        }
        live_services.activity_add(
            session=session,
            kind=kind.key,
            title=title,
            config=config,
            by=request.user,
            **translated,
        )
        messages.success(request, _("The activity was added. Open it when you are ready."))
        return redirect("core:session_console", code=session.code)
    return render(
        request,
        "core/live/activity_add.html",
        {"session": session, "kind": kind, "form": form, "titles": titles},
    )


@login_required
@require_POST
def activity_state_view(request, code, pk):
    session = get_session_for_user(request.user, code, "session.run")
    activity = get_open_activity(session, pk)
    state = request.POST.get("state", "")
    if state not in ActivityState.values:
        messages.error(request, _("Unknown activity state."))
    elif not session.is_open:
        messages.error(request, _("This workshop session has ended."))
    else:
        live_services.activity_set_state(activity=activity, state=state, by=request.user)
    return redirect("core:session_console", code=session.code)


@login_required
def session_close_view(request, code):
    session = get_session_for_user(request.user, code, "session.run")
    if request.method == "POST":
        live_services.session_close(session=session, by=request.user)
        messages.success(request, _("The session was closed. Answers are frozen."))
        return redirect(
            "core:workshop_detail",
            slug=session.workshop.process.slug,
            position=session.workshop.position,
        )
    return render(request, "core/live/close_confirm.html", {"session": session})


@login_required
def paper_entry(request, code):
    """A facilitator types in a paper participant's answers, one activity at a time."""
    session = get_session_for_user(request.user, code, "session.run")
    activities = open_activities(session)
    paper_seats = list(session.seats.filter(channel=Channel.PAPER))
    seat_form = PaperSeatForm(request.POST if request.method == "POST" else None)
    answer_forms = {}
    if request.method == "POST":
        posted = request.POST.get("activity", "")
        activity = get_open_activity(session, int(posted) if posted.isdigit() else 0)
        seat_choice = request.POST.get("seat", "new")
        seat = next((s for s in paper_seats if str(s.pk) == seat_choice), None)
        kind = registry.activity(activity.kind)
        form = kind.answer_form(activity, data=request.POST)
        if seat_form.is_valid() and form.is_valid():
            try:
                # A refused answer must not leave a new, empty paper seat behind.
                with transaction.atomic():
                    if seat is None:
                        seat, _secret = live_services.seat_join(
                            session=session,
                            label=seat_form.cleaned_data["label"],
                            channel=Channel.PAPER,
                            by=request.user,
                        )
                    live_services.answer_submit(
                        activity=activity, seat=seat, data=request.POST, entered_by=request.user
                    )
            except (ActivityError, ValidationError) as error:
                if isinstance(error, ActivityError) and error.form is not None:
                    form = error.form
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(
                    request, _("The paper answer of %(seat)s was saved.") % {"seat": seat}
                )
                return redirect("core:paper_entry", code=session.code)
        answer_forms[activity.pk] = form
    items = [
        {
            "activity": activity,
            "template": registry.activity(activity.kind).participant_template,
            "form": answer_forms.get(activity.pk)
            or registry.activity(activity.kind).answer_form(activity),
        }
        for activity in activities
    ]
    return render(
        request,
        "core/live/paper_entry.html",
        {"session": session, "items": items, "paper_seats": paper_seats, "seat_form": seat_form},
        status=400 if answer_forms else 200,
    )


def _projector_context(request, session):
    return {
        "session": session,
        **projector_view(session, request.GET.get("activity")),
        "seat_count": session.seats.count(),
        "timer_left": timer_left(session),
        "chosen": request.GET.get("activity", ""),
    }


@login_required
def projector(request, code):
    """Full screen for the room: the current activity large, the join code and QR beside it."""
    session = get_session_for_user(request.user, code, "process.view")
    context = _projector_context(request, session)
    context["join_url"] = request.build_absolute_uri(reverse("live:join", args=[session.code]))
    return render(request, "core/live/projector.html", context)


@login_required
def projector_results(request, code):
    session = get_session_for_user(request.user, code, "process.view")
    return render(
        request,
        "core/live/partials/projector_results.html",
        _projector_context(request, session),
    )


@login_required
def session_qr(request, code):
    session = get_session_for_user(request.user, code, "process.view")
    url = request.build_absolute_uri(reverse("live:join", args=[session.code]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


# --- editing, sharing and exporting activities, the timer, Q&A ----------------------------


def _staff_activity(request, code, pk):
    session = get_session_for_user(request.user, code, "session.run")
    return session, get_open_activity(session, pk)


def _ended(request, session) -> bool:
    """A closed session's activities stay as they were: say so instead of changing them."""
    if session.is_open:
        return False
    messages.error(request, _("This workshop session has ended."))
    return True


@login_required
def activity_edit_view(request, code, pk):
    """Change an activity's set-up before anyone has answered it."""
    session, activity = _staff_activity(request, code, pk)
    if _ended(request, session):
        return redirect("core:session_console", code=session.code)
    kind = registry.activity(activity.kind)
    if kind.has_answers(activity):
        messages.error(
            request,
            _("This activity already has answers: close it and make a copy to change it."),
        )
        return redirect("core:session_console", code=session.code)
    saving = request.method == "POST" and "save" in request.POST
    form = kind.config_form(session=session, data=request.POST if saving else None)
    titles = ActivityTitleForm(
        data=request.POST if saving else None,
        prefix="tr",
        initial={"title_sv": activity.title_sv, "title_en": activity.title_en},
    )
    if not saving:
        form.initial = kind.config_initial(activity.config)
    if saving and form.is_valid() and titles.is_valid():
        config = kind.config_from_form(form.cleaned_data)
        title = str(config.get("question") or config.get("title") or kind.label)
        try:
            live_services.activity_edit(
                activity=activity,
                title=title,
                config=config,
                by=request.user,
                **titles.cleaned_data,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The activity was saved."))
        return redirect("core:session_console", code=session.code)
    return render(
        request,
        "core/live/activity_add.html",
        {"session": session, "kind": kind, "form": form, "activity": activity, "titles": titles},
        status=400 if form.errors or titles.errors else 200,
    )


@login_required
def activity_delete_view(request, code, pk):
    session, activity = _staff_activity(request, code, pk)
    if _ended(request, session):
        return redirect("core:session_console", code=session.code)
    if request.method == "POST":
        try:
            live_services.activity_delete(activity=activity, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The activity was deleted."))
        return redirect("core:session_console", code=session.code)
    return render(
        request, "core/live/activity_delete.html", {"session": session, "activity": activity}
    )


@login_required
@require_POST
def activity_duplicate_view(request, code, pk):
    session, activity = _staff_activity(request, code, pk)
    if _ended(request, session):
        return redirect("core:session_console", code=session.code)
    live_services.activity_duplicate(activity=activity, by=request.user)
    messages.success(
        request, _("A copy of the activity was added at the end. Edit it and open it.")
    )
    return redirect("core:session_console", code=session.code)


@login_required
@require_POST
def activity_share_view(request, code, pk):
    session, activity = _staff_activity(request, code, pk)
    if _ended(request, session):
        return redirect("core:session_console", code=session.code)
    show = request.POST.get("show") == "1"
    live_services.activity_show_results(activity=activity, show=show, by=request.user)
    messages.success(
        request,
        _("Participants now see the results on their phones.")
        if show
        else _("The results are no longer shown on participants' phones."),
    )
    return redirect("core:session_console", code=session.code)


@login_required
def activity_export_view(request, code, pk):
    """The activity's results as CSV (aggregates and answer texts, no seat names)."""
    session, activity = _staff_activity(request, code, pk)
    rows = registry.activity(activity.kind).export_rows(activity)
    if rows is None:
        raise Http404
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(safe_row(row))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject=f"live activity {activity.pk}",
        process=session.workshop.process,
        detail={"path": request.path},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{session.code}-{activity.position}.csv"'
    )
    return response


@login_required
@require_POST
def session_timer_view(request, code):
    session = get_session_for_user(request.user, code, "session.run")
    if _ended(request, session):
        return redirect("core:session_console", code=session.code)
    minutes = request.POST.get("minutes", "")
    seconds = None
    if request.POST.get("stop") is None:
        try:
            seconds = round(float(minutes.replace(",", ".")) * 60)
        except ValueError:
            messages.error(request, _("Give the timer's length in minutes."))
            return redirect("core:session_console", code=session.code)
    try:
        live_services.session_timer(session=session, seconds=seconds, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The timer is running.") if seconds else _("The timer was stopped.")
        )
    return redirect("core:session_console", code=session.code)


@login_required
def activity_questions_view(request, code, pk):
    """The facilitator's list of a Q&A's questions: approve (show) or hide each."""
    session, activity = _staff_activity(request, code, pk)
    if activity.kind != QuestionsAndAnswers.key:
        raise Http404
    if request.method == "POST":
        question = activity.questions.filter(pk=request.POST.get("question") or 0).first()
        if question is None:
            raise Http404
        try:
            question_moderate(
                question=question, state=request.POST.get("state", ""), by=request.user
            )
        except ActivityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The question was updated."))
        return redirect("core:activity_questions", code=session.code, pk=activity.pk)
    return render(
        request,
        "core/live/questions.html",
        {"session": session, "activity": activity, "questions": activity.questions.all()},
    )


@require_POST
@throttled(JOIN_CODES)
def question_vote_view(request, code, pk):
    """A participant's up-vote of a question (once per seat)."""
    session = find_session(code)
    if session is None:
        JOIN_CODES.failure(request)
        return _refuse(request, _("No workshop was found with this code."), 404)
    seat = _seat_of(request, session)
    if seat is None:
        return redirect("live:join", code=session.code)
    question = (
        LiveQuestion.objects.select_related("activity__session")
        .filter(pk=pk, activity__session=session)
        .first()
    )
    if question is None:
        raise Http404
    try:
        question_vote(question=question, seat=seat)
    except ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your up-vote was counted."))
    return redirect("live:participant", code=session.code)
