"""Ranking: participants put N options in order; the aggregate is a Borda count
(`aggregate.borda`: first place N - 1 points, last 0; ties keep the options' order)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Seat, SessionActivity, User
from .aggregate import borda
from .base import Activity, previous_payload, store_response
from .translated import (
    clean_translated_options,
    marked_options,
    result_option,
    translated_option_fields,
    translated_options,
)

MAX_OPTIONS = 10


class RankingConfigForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Options to put in order, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    options_sv, options_en = translated_option_fields().values()

    def clean_options(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines()]
        options = list(dict.fromkeys(line for line in lines if line))
        if len(options) < 2:
            raise forms.ValidationError(_("Give at least two options."))
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(
                _("Give at most %(count)d options.") % {"count": MAX_OPTIONS}
            )
        if any(len(option) > 120 for option in options):
            raise forms.ValidationError(_("An option can be at most 120 characters."))
        return options

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        clean_translated_options(self, "options")
        return cleaned


class RankingForm(forms.Form):
    def __init__(self, *args: Any, options: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        places = [("", "–")] + [(str(p), str(p)) for p in range(1, len(options) + 1)]
        for index, text in enumerate(options):
            self.fields[f"place_{index}"] = forms.TypedChoiceField(
                label=text,
                choices=places,
                coerce=int,
                error_messages={
                    "required": _("Give this option a place."),
                    "invalid_choice": _("Choose a place from the list."),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        count = len(self.options)
        places: list[int] = [
            cleaned[f"place_{i}"] for i in range(count) if cleaned.get(f"place_{i}") is not None
        ]
        if len(places) < count:
            return cleaned  # the missing place has its own message
        if sorted(places) != list(range(1, count + 1)):
            raise forms.ValidationError(
                _("Give each option a different place, from 1 to %(count)d.") % {"count": count}
            )
        cleaned["order"] = sorted(range(count), key=lambda i: places[i])
        return cleaned


class Ranking(Activity):
    key = "core.ranking"
    label = _("Ranking")
    description = _("Participants put options in order; the room's order is a Borda count.")
    participant_template = "core/activities/poll_answer.html"
    projector_template = "core/activities/ranking_results.html"
    config_form_class = RankingConfigForm

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {
            "question": cleaned_data["question"],
            "options": cleaned_data["options"],
            "options_sv": list(cleaned_data.get("options_sv") or []),
            "options_en": list(cleaned_data.get("options_en") or []),
        }

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        previous = previous_payload(activity, seat, data)
        initial = {
            f"place_{index}": place + 1 for place, index in enumerate(previous.get("order", []))
        }
        return RankingForm(
            data,
            initial=initial,
            options=marked_options(activity.config, "options"),
            prefix=f"a{activity.pk}",
        )

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
            payload={"order": list(cleaned_data["order"])},
            entered_by=entered_by,
        )

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        options = translated_options(activity.config, "options")
        orders = list(activity.responses.values_list("payload__order", flat=True))
        ranked = borda(orders, len(options))
        top = ranked[0].points if ranked else 0
        rows = [
            {
                "place": place,
                **result_option(*options[r.index]),
                "points": r.points,
                "mean_place": r.mean_place,
                "percent": round(100 * r.points / top) if top else 0,
            }
            for place, r in enumerate(ranked, start=1)
        ]
        return {"rows": rows, "respondents": len(orders)}

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]]:
        results = cls.results(activity)
        rows: list[list[Any]] = [
            [str(_("Place")), str(_("Option")), str(_("Points")), str(_("Mean place"))]
        ]
        rows += [
            [row["place"], row["text"], row["points"], round(row["mean_place"], 2)]
            for row in results["rows"]
        ]
        return rows
