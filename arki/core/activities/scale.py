"""A scale question (e.g. 1–5 with labels at both ends): the mean and the distribution."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Seat, SessionActivity, User
from .base import Activity, previous_payload, store_response
from .translated import marked, question_label, translated_text

MAX_HIGH = 10


class ScaleConfigForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    low = forms.IntegerField(label=_("Lowest value"), initial=1, min_value=0, max_value=1)
    high = forms.IntegerField(label=_("Highest value"), initial=5, min_value=2, max_value=MAX_HIGH)
    low_label = forms.CharField(
        label=_("Label of the lowest value"),
        max_length=60,
        required=False,
        help_text=_("For example: not at all"),
    )
    high_label = forms.CharField(
        label=_("Label of the highest value"),
        max_length=60,
        required=False,
        help_text=_("For example: very much"),
    )
    low_label_sv = forms.CharField(
        label=_("Label of the lowest value in Swedish"), max_length=60, required=False
    )
    high_label_sv = forms.CharField(
        label=_("Label of the highest value in Swedish"), max_length=60, required=False
    )
    low_label_en = forms.CharField(
        label=_("Label of the lowest value in English"), max_length=60, required=False
    )
    high_label_en = forms.CharField(
        label=_("Label of the highest value in English"), max_length=60, required=False
    )


class Scale(Activity):
    key = "core.scale"
    label = _("Scale")
    description = _("A question answered on a scale, such as 1–5; shows the mean and spread.")
    participant_template = "core/activities/poll_answer.html"
    projector_template = "core/activities/scale_results.html"
    config_form_class = ScaleConfigForm

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {
            "question": cleaned_data["question"],
            "low": cleaned_data["low"],
            "high": cleaned_data["high"],
            **{
                f"{end}_label{suffix}": cleaned_data.get(f"{end}_label{suffix}", "")
                for end in ("low", "high")
                for suffix in ("", "_sv", "_en")
            },
        }

    @classmethod
    def labelled_values(cls, activity: SessionActivity) -> list[tuple[int, str, bool]]:
        """`(value, text, is_finnish_fallback)` of each step; the ends carry their labels in
        the page language (the Finnish label standing in when a version is missing)."""
        config = activity.config
        low, high = int(config["low"]), int(config["high"])
        labels = {low: translated_text(config, "low_label")}
        labels[high] = translated_text(config, "high_label")
        steps = []
        for v in range(low, high + 1):
            text, fallback = labels.get(v, ("", False))
            steps.append((v, f"{v} – {text}" if text else str(v), fallback))
        return steps

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        config = activity.config
        message = _("Choose a value from %(low)s to %(high)s.") % {
            "low": config["low"],
            "high": config["high"],
        }
        form = forms.Form(
            data=data, initial=previous_payload(activity, seat, data), prefix=f"a{activity.pk}"
        )
        form.fields["value"] = forms.TypedChoiceField(
            label=question_label(activity),
            choices=[
                (str(v), marked(text, fallback))
                for v, text, fallback in cls.labelled_values(activity)
            ],
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale-choices"}),
            error_messages={"required": message, "invalid_choice": message},
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
        return store_response(
            activity=activity,
            seat=seat,
            payload={"value": int(cleaned_data["value"])},
            entered_by=entered_by,
        )

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        counts = Counter(
            int(v) for v in activity.responses.values_list("payload__value", flat=True)
        )
        respondents = sum(counts.values())
        total = sum(v * n for v, n in counts.items())
        top = max(counts.values(), default=0)
        rows = [
            {
                "value": v,
                "text": text,
                "lang": "fi" if fallback else "",
                "count": counts.get(v, 0),
                "percent": round(100 * counts.get(v, 0) / respondents) if respondents else 0,
                "is_top": top > 0 and counts.get(v, 0) == top,
            }
            for v, text, fallback in cls.labelled_values(activity)
        ]
        return {
            "rows": rows,
            "respondents": respondents,
            "mean": total / respondents if respondents else None,
            "low_label": activity.config.get("low_label", ""),
            "high_label": activity.config.get("high_label", ""),
        }

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]]:
        results = cls.results(activity)
        rows: list[list[Any]] = [[str(_("Value")), str(_("Answers")), str(_("Share %"))]]
        rows += [[row["text"], row["count"], row["percent"]] for row in results["rows"]]
        mean = results["mean"]
        rows.append([str(_("Mean")), round(mean, 2) if mean is not None else "", ""])
        return rows
