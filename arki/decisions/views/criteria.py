"""Staff pages of the criteria vote: criteria (fi/sv/en), the table, the chosen criteria, the
printable voting sheet and the CSV; and the participant's "propose a criterion" page."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from arki.core.enums import ActivityState
from arki.core.exports import safe_row
from arki.core.forms import apply_errors
from arki.core.models import SessionActivity
from arki.core.permissions import can
from arki.core.selectors.live import find_session
from arki.core.services import live as live_services
from arki.core.throttle import throttled
from arki.core.views.live import JOIN_CODES, SEATS_KEY

from .. import selectors
from ..criteria_pdf import voting_sheet_pdf
from ..models import SHORT_TEXT
from ..services import criteria as services


class CriterionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Criterion (Finnish)"), max_length=SHORT_TEXT)
    text_sv = forms.CharField(
        label=gettext_lazy("In Swedish"), max_length=SHORT_TEXT, required=False
    )
    text_en = forms.CharField(
        label=gettext_lazy("In English"), max_length=SHORT_TEXT, required=False
    )


class ProposeForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your criterion"), max_length=SHORT_TEXT)


class ThresholdForm(forms.Form):
    min_important = forms.IntegerField(
        label=gettext_lazy("At least this many important marks"), min_value=1, required=False
    )
    min_share = forms.IntegerField(
        label=gettext_lazy("Or at least this share of its marks important (%)"),
        min_value=1,
        max_value=100,
        required=False,
    )

    def clean(self):
        cleaned = super().clean() or {}
        if (cleaned.get("min_important") is None) == (cleaned.get("min_share") is None):
            raise ValidationError(_("Give either a minimum count or a minimum share."))
        return cleaned


class ChooseForm(forms.Form):
    chosen = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Criteria that carry on"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one criterion to carry on.")},
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["chosen"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (row.pk, f"{row.text} ({row.important}/{row.not_important})") for row in rows
        ]
        self.initial.setdefault("chosen", [row.pk for row in rows if row.chosen])


@login_required
def criteria_index(request, slug):
    process = selectors.process_for_view(request.user, slug)
    return render(
        request,
        "decisions/criteria/index.html",
        {
            "process": process,
            "activities": selectors.criteria_activities(process).order_by("-pk"),
            "chosen": selectors.chosen_criteria(process),
        },
    )


def _detail(request, activity: SessionActivity, *, status=200, **forms_):
    process = activity.session.workshop.process
    rows = selectors.criteria_tally(activity)
    context = {
        "process": process,
        "activity": activity,
        "rows": rows,
        "voters": selectors.criteria_voters(activity),
        "criterion_form": forms_.get("criterion_form") or CriterionForm(),
        "threshold_form": forms_.get("threshold_form") or ThresholdForm(),
        "choose_form": forms_.get("choose_form") or ChooseForm(rows=rows),
        # Decision-makers who only view see the table, not the facilitator's tools.
        "can_manage": can(request.user, "decisions.manage", process),
        "can_paper": can(request.user, "decisions.paper", process),
        "can_run": can(request.user, "session.run", process),
    }
    return render(request, "decisions/criteria/detail.html", context, status=status)


@login_required
def criteria_detail(request, slug, pk):
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.view")
    return _detail(request, activity)


@login_required
@require_POST
def criterion_add(request, slug, pk):
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.manage")
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_propose(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect("decisions:criteria_detail", slug=slug, pk=activity.pk)
    return _detail(request, activity, status=400, criterion_form=form)


@login_required
@require_POST
def criteria_choose(request, slug, pk):
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.manage")
    form = ChooseForm(request.POST, rows=selectors.criteria_tally(activity))
    if form.is_valid():
        try:
            services.criteria_choose(
                activity=activity, chosen=form.cleaned_data["chosen"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The criteria that carry on were saved."))
            return redirect("decisions:criteria_detail", slug=slug, pk=activity.pk)
    return _detail(request, activity, status=400, choose_form=form)


@login_required
@require_POST
def criteria_threshold(request, slug, pk):
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.manage")
    form = ThresholdForm(request.POST)
    if form.is_valid():
        share = form.cleaned_data.get("min_share")
        try:
            chosen = services.criteria_choose_by_threshold(
                activity=activity,
                min_important=form.cleaned_data.get("min_important"),
                min_share=share / 100 if share is not None else None,
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d criteria carry on.") % {"count": len(chosen)},
            )
            return redirect("decisions:criteria_detail", slug=slug, pk=activity.pk)
    return _detail(request, activity, status=400, threshold_form=form)


@login_required
def criteria_sheet(request, slug, pk):
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.paper")
    response = HttpResponse(voting_sheet_pdf(activity), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="criteria-vote-{activity.pk}.pdf"'
    return response


@login_required
def criteria_csv(request, slug, pk):
    """The table as CSV: aggregates only (no seat), sorted as on the projector."""
    activity = selectors.criteria_activity_for_user(request.user, slug, pk, "decisions.view")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="criteria-vote-{activity.pk}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (ä, ö) only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(safe_row([_("Criterion"), _("Important"), _("Not important"), _("Chosen")]))
    for row in selectors.criteria_tally(activity):
        writer.writerow(safe_row([row.text, row.important, row.not_important, int(row.chosen)]))
    return response


# --- participants --------------------------------------------------------------------------


@throttled(JOIN_CODES)
def criterion_propose(request, code, activity):
    """A participant proposes a criterion from their phone, if the facilitator allows it."""
    session = find_session(code)
    if session is None:
        JOIN_CODES.failure(request)  # counted like a wrong code on the join page
        return render(request, "decisions/criteria/propose.html", {"gone": True}, status=404)
    seat = live_services.seat_for_secret(
        session, request.session.get(SEATS_KEY, {}).get(str(session.pk))
    )
    if seat is None:
        return redirect("live:join", code=session.code)
    activity_obj = selectors.criteria_activity_of_session(session, activity)
    is_open = session.is_open and activity_obj.state == ActivityState.OPEN
    form = ProposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_propose(
                activity=activity_obj, text=form.cleaned_data["text"], seat=seat
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your criterion was added to the vote."))
            return redirect("live:participant", code=session.code)
    context = {
        "session": session,
        "activity": activity_obj,
        "form": form,
        "allowed": is_open and activity_obj.config.get("participants_propose"),
    }
    return render(
        request, "decisions/criteria/propose.html", context, status=400 if form.errors else 200
    )
