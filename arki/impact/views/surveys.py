"""Staff pages of the surveys: surveys and their rounds, results, respondents and their
printed kits, answers typed in from paper or a phone call, and the aggregated CSV."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.exports import safe_row
from arki.core.forms import apply_errors
from arki.core.permissions import can
from arki.core.services.audit import audit_identity_view

from ..selectors import (
    process_for_action,
    process_for_view,
    respondents_for_user,
    survey_for_user,
    survey_round_for_user,
)
from ..services import surveys as services
from ..surveys.forms import EntryForm, RespondentForm, RoundForm, SurveyCreateForm
from ..surveys.kits import kits_pdf
from ..surveys.models import Survey, SurveyRound
from ..surveys.results import survey_results


@login_required
def surveys(request, slug):
    process = process_for_view(request.user, slug)
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST":
        process = process_for_action(request.user, slug, "impact.manage")
        if form.is_valid():
            survey = services.survey_create_from_definition(
                process=process, key=form.cleaned_data["key"], by=request.user
            )
            messages.success(request, _("The survey was created."))
            return redirect("impact:survey", slug=slug, pk=survey.pk)
    items = (
        Survey.objects.filter(process=process)
        .annotate(round_count=Count("rounds", distinct=True))
        .order_by("pk")
    )
    return render(
        request,
        "impact/surveys/index.html",
        {
            "process": process,
            "surveys": items,
            "form": form,
            "can_manage": can(request.user, "impact.manage", process),
            "can_enter": can(request.user, "impact.paper", process),
        },
    )


@login_required
def survey(request, slug, pk):
    survey = survey_for_user(request.user, slug, pk)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        survey = survey_for_user(request.user, slug, pk, "impact.manage")
        if form.is_valid():
            try:
                services.round_create(survey=survey, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The round was added."))
                return redirect("impact:survey", slug=slug, pk=pk)
    rounds, results, k = survey_results(survey)
    today = timezone.localdate()
    return render(
        request,
        "impact/surveys/detail.html",
        {
            "process": survey.process,
            "survey": survey,
            "intro": survey.tr("intro"),
            "rounds": rounds,
            "open_rounds": [r for r in rounds if r.is_open_on(today)],
            "results": results,
            "k": k,
            "form": form,
            "can_manage": can(request.user, "impact.manage", survey.process),
            "can_enter": can(request.user, "impact.paper", survey.process),
        },
    )


@login_required
def survey_export(request, slug, pk):
    """The results as CSV: aggregated figures only, and none of a group under k."""
    survey = survey_for_user(request.user, slug, pk)
    rounds, results, k = survey_results(survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        safe_row(
            [_("question"), _("round"), _("group"), _("respondents"), _("measure"), _("value")]
        )
    )
    withheld = _("withheld: fewer than %(k)d respondents") % {"k": k}
    for item in results:
        question = item.question
        for line in item.lines:
            for round_, figure in zip(rounds, line.figures, strict=True):
                base = [question.key, round_.label, line.label]
                if figure.withheld:
                    writer.writerow(safe_row([*base, "", withheld, ""]))
                elif figure.value is not None:
                    measure = _("mean") if question.kind == "scale" else _("share answering yes")
                    writer.writerow(safe_row([*base, figure.n, measure, round(figure.value, 3)]))
                else:
                    for value, label in item.options:
                        share = figure.shares.get(value, 0.0)
                        writer.writerow(
                            safe_row([*base, figure.n, _("share: %s") % label, round(share, 3)])
                        )
            for round_, change in zip(rounds[1:], line.changes, strict=False):
                base = [question.key, f"{rounds[0].label} → {round_.label}", line.label]
                if change.withheld:
                    writer.writerow(safe_row([*base, "", withheld, ""]))
                else:
                    writer.writerow(
                        safe_row(
                            [
                                *base,
                                change.n,
                                _("mean change per person"),
                                round(change.mean_change or 0, 3),
                            ]
                        )
                    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    return response


@login_required
def respondents(request, slug):
    """The process's respondents and their codes (audited: a code opens their answers)."""
    process = process_for_action(request.user, slug, "impact.paper")
    form = RespondentForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can(request.user, "impact.paper", process, data["municipality"]):
            form.add_error("municipality", _("You may not add respondents in this municipality."))
        else:
            for _i in range(data["count"]):
                services.respondent_create(
                    process=process,
                    municipality=data["municipality"],
                    group=data["group"],
                    by=request.user,
                )
            messages.success(request, _("The codes were created."))
            return redirect("impact:respondents", slug=slug)
    items = list(respondents_for_user(request.user, process, "impact.paper").order_by("-pk")[:500])
    if items:
        audit_identity_view(
            request,
            subject="impact.respondents",
            process=process,
            detail={"respondents": [r.pk for r in items]},
        )
    return render(
        request,
        "impact/surveys/respondents.html",
        {
            "process": process,
            "respondents": items,
            "form": form,
            "can_view_surveys": can(request.user, "impact.view", process),
            "surveys": Survey.objects.filter(process=process).order_by("pk"),
            "open_rounds": SurveyRound.objects.filter(
                survey__process=process,
                opens_on__lte=timezone.localdate(),
                closes_on__gte=timezone.localdate(),
            ),
        },
    )


@login_required
def kits(request, slug, pk):
    """Printable A4 kits for the survey's respondents, each with its code and link."""
    survey = survey_for_user(request.user, slug, pk, "impact.paper")
    people = respondents_for_user(request.user, survey.process, "impact.paper").order_by("pk")
    if survey.audience:
        people = people.filter(group=survey.audience)
    people = list(people)
    audit_identity_view(
        request,
        subject="impact.survey_kits",
        process=survey.process,
        detail={"respondents": [r.pk for r in people], "survey": survey.pk},
    )
    response = HttpResponse(kits_pdf(survey, people), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-kits.pdf"'
    return response


@login_required
def entry(request, slug, pk):
    """Staff type in one respondent's answers from a paper kit or a phone call."""
    round_ = survey_round_for_user(request.user, slug, pk, "impact.paper")
    survey = round_.survey
    questions = list(survey.questions.all())
    form = EntryForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        respondent = (
            respondents_for_user(request.user, survey.process, "impact.paper")
            .filter(code=form.cleaned_data["code"])
            .first()
        )
        if respondent is None:
            form.add_error("code", _("No respondent has this code in your municipalities."))
        else:
            try:
                services.answers_submit(
                    round_=round_,
                    respondent=respondent,
                    answers=form.answers(),
                    channel=form.cleaned_data["channel"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The answers were saved."))
                return redirect("impact:survey_entry", slug=slug, pk=pk)
    return render(
        request,
        "impact/surveys/entry.html",
        {
            "process": survey.process,
            "survey": survey,
            "round": round_,
            "is_open": round_.is_open_on(timezone.localdate()),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
