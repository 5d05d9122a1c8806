"""Workshop 8's live activity: decision-makers propose, on their phones, a metric and how to
measure it for each chosen criterion; staff take the proposals into the metric plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from arki.core.activities import Activity
from arki.core.enums import Channel
from arki.core.models import ActivityResponse, LiveSession, Seat, SessionActivity, User

from ..enums import SourceKind
from ..services.metrics import chosen_criteria


class MetricPlanConfigForm(forms.Form):
    criteria = forms.CharField(
        label=_("Criteria, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty to use the criteria chosen in the decisions tool."),
        max_length=3000,
    )


class MetricPlanActivity(Activity):
    key = "impact.metric_plan"
    label = _("Metric plan")
    description = _("Decision-makers propose a metric and how to measure it for each criterion.")
    participant_template = "impact/activities/metric_plan_answer.html"
    projector_template = "impact/activities/metric_plan_results.html"
    config_form_class = MetricPlanConfigForm

    @classmethod
    def config_form(cls, *, session: LiveSession, data: Any = None) -> forms.Form:
        form = MetricPlanConfigForm(data)
        form.session = session  # type: ignore[attr-defined]
        return form

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        lines = [line.strip() for line in (cleaned_data.get("criteria") or "").splitlines()]
        typed = [line[:280] for line in dict.fromkeys(lines) if line]
        return {"criteria": [[None, text] for text in typed]}

    @classmethod
    def criteria(cls, activity: SessionActivity) -> list[tuple[int | None, str]]:
        typed = [(c[0], c[1]) for c in activity.config.get("criteria") or []]
        if typed:
            return typed
        chosen = chosen_criteria(activity.session.workshop.process) or []
        return [(c[0], c[1]) for c in chosen]

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        criteria = cls.criteria(activity)
        form = forms.Form(data=data, prefix=f"a{activity.pk}")
        form.fields["criterion"] = forms.ChoiceField(
            label=_("Criterion"),
            choices=[(str(i), text) for i, (_id, text) in enumerate(criteria)],
            error_messages={"required": _("Choose a criterion.")},
        )
        form.fields["name"] = forms.CharField(label=_("Metric"), max_length=200)
        form.fields["how_measured"] = forms.CharField(
            label=_("How is it measured?"),
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        form.fields["source"] = forms.ChoiceField(
            label=_("Source"), choices=SourceKind.choices, initial=SourceKind.SURVEY
        )
        return form

    @classmethod
    def submit(
        cls,
        *,
        activity: SessionActivity,
        seat: Seat,
        cleaned_data: dict[str, Any],
        entered_by: User | None = None,
    ) -> bool:
        criteria = cls.criteria(activity)
        index = int(cleaned_data["criterion"])
        criterion_id, criterion_text = criteria[index]
        proposal = {
            "criterion_id": criterion_id,
            "criterion_text": criterion_text,
            "name": cleaned_data["name"],
            "how_measured": cleaned_data.get("how_measured", ""),
            "source": cleaned_data["source"],
        }
        channel = Channel.PAPER if entered_by is not None else seat.channel
        with transaction.atomic():
            response = (
                ActivityResponse.objects.select_for_update()
                .filter(activity=activity, seat=seat)
                .first()
            )
            # A seat proposes one metric per criterion; a new one for the same criterion
            # replaces the earlier.
            proposals = dict(response.payload.get("proposals", {})) if response else {}
            created = str(index) not in proposals
            proposals[str(index)] = proposal
            ActivityResponse.objects.update_or_create(
                activity=activity,
                seat=seat,
                defaults={
                    "payload": {"proposals": proposals},
                    "channel": channel,
                    "entered_by": entered_by,
                },
            )
        return created

    @classmethod
    def proposals(cls, activity: SessionActivity) -> list[dict[str, Any]]:
        rows = []
        for pk, payload in activity.responses.order_by("pk").values_list("pk", "payload"):
            for index, proposal in sorted((payload.get("proposals") or {}).items()):
                rows.append({"response": pk, "index": index, **proposal})
        return rows

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        proposals = cls.proposals(activity)
        groups = [
            {
                "criterion": text,
                "proposals": [p for p in proposals if p["criterion_text"] == text],
            }
            for _id, text in cls.criteria(activity)
        ]
        return {"groups": groups, "count": len(proposals)}
