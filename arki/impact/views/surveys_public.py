"""Respondents' survey pages (no account: the code on the kit or in the link), made for a
phone's screen and working without JavaScript."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.enums import Channel
from arki.core.forms import apply_errors
from arki.core.throttle import TooManyAttempts

from ..services import surveys as services
from ..surveys.access import current_respondent, leave, respondent_for_code
from ..surveys.forms import AnswerForm, CodeForm
from ..surveys.models import Respondent, SurveyRound


def access(request: HttpRequest) -> HttpResponse:
    """Type the survey code, or arrive from the kit's QR code or a link (``?k=``)."""
    data: Any = request.POST if request.method == "POST" else None
    if data is None and request.GET.get("k"):
        data = {"code": request.GET["k"]}
    form = CodeForm(data)
    status = 200
    if data is not None and form.is_valid():
        try:
            respondent = respondent_for_code(request, form.cleaned_data["code"])
        except TooManyAttempts as error:
            form.add_error("code", error.message)
            status = 429
        else:
            if respondent is not None:
                return redirect("impact_public:survey_answer")
            form.add_error(
                "code", _("This code was not found. Check the code on your letter or kit.")
            )
            status = 400
    return render(request, "impact/surveys/public/access.html", {"form": form}, status=status)


def _pending(respondent: Respondent) -> SurveyRound | None:
    """The first open round this respondent has not answered yet."""
    today = timezone.localdate()
    rounds = (
        SurveyRound.objects.filter(
            survey__process=respondent.process, opens_on__lte=today, closes_on__gte=today
        )
        .exclude(answers__respondent=respondent)
        .select_related("survey")
        .order_by("opens_on", "pk")
    )
    for round_ in rounds:
        if not round_.survey.audience or round_.survey.audience == respondent.group:
            return round_
    return None


def answer(request: HttpRequest) -> HttpResponse:
    respondent = current_respondent(request)
    if respondent is None:
        return redirect("impact_public:survey_access")
    round_ = _pending(respondent)
    if request.method == "POST" and (round_ is None or request.POST.get("round") != str(round_.pk)):
        # The round closed (or was answered in another tab) while the form was open.
        posted = (
            SurveyRound.objects.filter(pk=request.POST.get("round") or 0)
            .select_related("survey")
            .first()
        )
        message = (services.round_refusal(posted, respondent) if posted is not None else None) or _(
            "This survey round is not open."
        )
        return render(
            request,
            "impact/surveys/public/answer.html",
            {"round": None, "message": message},
            status=400,
        )
    if round_ is None:
        return render(request, "impact/surveys/public/answer.html", {"round": None})
    questions = list(round_.survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answers_submit(
                    round_=round_,
                    respondent=respondent,
                    answers=form.answers(),
                    channel=Channel.ONLINE,
                    by=None,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("impact_public:survey_thanks")
        status = 400
    return render(
        request,
        "impact/surveys/public/answer.html",
        {
            "round": round_,
            "survey": round_.survey,
            "intro": round_.survey.tr("intro"),
            "form": form,
        },
        status=status,
    )


def thanks(request: HttpRequest) -> HttpResponse:
    respondent = current_respondent(request)
    more = respondent is not None and _pending(respondent) is not None
    return render(request, "impact/surveys/public/thanks.html", {"more": more})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    leave(request)
    return redirect("impact_public:survey_access")
