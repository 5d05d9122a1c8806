"""Staff pages of the concept selection: create one, see the totals and each voter's scores,
record the decision (or one that supersedes it), publish it, and the score matrix as CSV."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from arki.core.enums import AuditAction
from arki.core.exports import safe_row
from arki.core.forms import apply_errors, error_text
from arki.core.permissions import can
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_record

from .. import selectors
from ..enums import WeightSource
from ..models import Concept, Criterion, Decision, Score
from ..services import selection as services


class SelectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_sv = forms.CharField(
        label=gettext_lazy("Title in Swedish"), max_length=200, required=False
    )
    title_en = forms.CharField(
        label=gettext_lazy("Title in English"), max_length=200, required=False
    )
    concepts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Candidate concepts"),
        queryset=Concept.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Criteria (those that carry on from the vote)"),
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    scale_min = forms.IntegerField(label=gettext_lazy("Lowest score"), min_value=0, initial=1)
    scale_max = forms.IntegerField(label=gettext_lazy("Highest score"), min_value=1, initial=5)
    weights = forms.ChoiceField(
        label=gettext_lazy("Criterion weights"),
        choices=WeightSource.choices,
        initial=WeightSource.EQUAL,
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        concepts, criteria = self.fields["concepts"], self.fields["criteria"]
        assert isinstance(concepts, forms.ModelMultipleChoiceField)
        assert isinstance(criteria, forms.ModelMultipleChoiceField)
        concepts.queryset = Concept.objects.filter(process=process)
        criteria.queryset = Criterion.objects.filter(process=process, chosen=True)
        criteria.initial = list(criteria.queryset.values_list("pk", flat=True))


class DecisionForm(forms.Form):
    concept = forms.ModelChoiceField(
        label=gettext_lazy("Chosen concept"), queryset=Concept.objects.none()
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    participants = forms.CharField(
        label=gettext_lazy("Who took part"), widget=forms.Textarea(attrs={"rows": 2})
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale (Finnish)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    rationale_sv = forms.CharField(
        label=gettext_lazy("Rationale in Swedish"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    rationale_en = forms.CharField(
        label=gettext_lazy("Rationale in English"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    supersedes = forms.ModelChoiceField(
        label=gettext_lazy("Supersedes the decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=gettext_lazy("A recorded decision is never edited: a new one replaces it."),
    )

    def __init__(self, *args, selection, **kwargs):
        super().__init__(*args, **kwargs)
        concept, supersedes = self.fields["concept"], self.fields["supersedes"]
        assert isinstance(concept, forms.ModelChoiceField)
        assert isinstance(supersedes, forms.ModelChoiceField)
        concept.queryset = selection.concepts.all()
        supersedes.queryset = Decision.objects.filter(
            process=selection.process, superseded_by__isnull=True
        )
        self.initial.setdefault("decided_on", timezone.localdate())


@login_required
def selection_index(request, slug):
    process = selectors.process_for_view(request.user, slug)
    form = SelectionForm(request.POST or None, process=process)
    if request.method == "POST":
        get_process_for_user(request.user, slug, "decisions.manage")
        if form.is_valid():
            data = form.cleaned_data
            try:
                selection = services.selection_create(process=process, by=request.user, **data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The selection was created. Add it to the live session of the workshop."),
                )
                return redirect("decisions:selection_detail", slug=slug, pk=selection.pk)
    return render(
        request,
        "decisions/selection/index.html",
        {
            "process": process,
            "selections": selectors.selections_of_process(process),
            "history": selectors.decision_history(process),
            "form": form,
            "can_manage": can(request.user, "decisions.manage", process),
        },
        status=400 if form.errors else 200,
    )


def _detail(request, selection, *, form=None, status=200):
    process = selection.process
    results = selectors.selection_results(selection)
    if form is None:
        initial = {"concept": results.leader.pk} if results.leader else {}
        form = DecisionForm(selection=selection, initial=initial)
    return render(
        request,
        "decisions/selection/detail.html",
        {
            "process": process,
            "selection": selection,
            "results": results,
            "history": selectors.decision_history(process),
            "form": form,
            "can_manage": can(request.user, "decisions.manage", process),
            "can_decide": can(request.user, "decisions.decide", process),
        },
        status=status,
    )


@login_required
def selection_detail(request, slug, pk):
    selection = selectors.selection_for_user(request.user, slug, pk, "decisions.view")
    return _detail(request, selection)


@login_required
@require_POST
def decision_record(request, slug, pk):
    selection = selectors.selection_for_user(request.user, slug, pk, "decisions.decide")
    form = DecisionForm(request.POST, selection=selection)
    if form.is_valid():
        try:
            services.decision_record(
                process=selection.process, selection=selection, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("decisions:selection_detail", slug=slug, pk=selection.pk)
    return _detail(request, selection, form=form, status=400)


@login_required
@require_POST
def decision_publish(request, slug, pk):
    decision = selectors.decision_for_user(request.user, slug, pk, "decisions.manage")
    try:
        if request.POST.get("unpublish"):
            services.decision_unpublish(decision=decision, by=request.user)
            messages.success(request, _("The decision is no longer on the public page."))
        else:
            services.decision_publish(decision=decision, by=request.user)
            messages.success(request, _("The decision is now on the workshop's public page."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    if decision.selection_id:
        return redirect("decisions:selection_detail", slug=slug, pk=decision.selection_id)
    return redirect("decisions:selection_index", slug=slug)


@login_required
def scores_csv(request, slug, pk):
    """Every voter's scores (seat number and the name or table they gave) and the totals.
    Seat labels can be names, so the export is written to the audit log."""
    selection = selectors.selection_for_user(request.user, slug, pk, "decisions.view")
    results = selectors.selection_results(selection, with_voters=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="concept-scores-{selection.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row([_("Seat"), _("Voter"), _("Concept"), _("Criterion"), _("Score")]))
    scores = (
        Score.objects.filter(selection=selection)
        .select_related("seat", "concept", "criterion")
        .order_by("seat__number", "concept__name", "criterion__position", "criterion__pk")
    )
    for score in scores:
        writer.writerow(
            safe_row(
                [
                    score.seat.number,
                    score.seat.label,
                    score.concept.tr("name"),
                    score.criterion.tr("text"),
                    score.value,
                ]
            )
        )
    writer.writerow([])
    writer.writerow(safe_row([_("Concept"), _("Criterion"), _("Sum"), _("Mean"), _("Weight")]))
    for total in results.totals:
        for criterion in results.criteria:
            writer.writerow(
                safe_row(
                    [
                        total.concept.tr("name"),
                        criterion.tr("text"),
                        total.sums[criterion.pk],
                        total.means[criterion.pk],
                        round(results.weights[criterion.pk], 4),
                    ]
                )
            )
        writer.writerow(
            safe_row([total.concept.tr("name"), _("Weighted total"), "", total.weighted, ""])
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject=f"Concept selection scores CSV ({selection.pk})",
        process=selection.process,
    )
    return response
