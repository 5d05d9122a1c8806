"""The quick poll: single or multiple choice, the generic activity shipped with the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ActivityResponse, Seat, SessionActivity, Sitting, User, Workshop
from .base import Activity, store_response
from .translated import (
    clean_translated_options,
    marked_options,
    question_label,
    result_option,
    translated_option_fields,
    translated_options,
)

MAX_CHOICES = 12
MAX_COMMENT = 500


class PollConfigForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Answer options, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    choices_sv, choices_en = translated_option_fields().values()
    multiple = forms.BooleanField(label=_("Allow several answers"), required=False)

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["choices"].splitlines()]
        choices = list(dict.fromkeys(line for line in lines if line))
        if len(choices) < 2:
            raise forms.ValidationError(_("Give at least two answer options."))
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(
                _("Give at most %(count)d answer options.") % {"count": MAX_CHOICES}
            )
        if any(len(choice) > 120 for choice in choices):
            raise forms.ValidationError(_("An answer option can be at most 120 characters."))
        return choices

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        clean_translated_options(self, "choices")
        return cleaned


class QuickPoll(Activity):
    key = "core.poll"
    label = _("Quick poll")
    description = _("A single- or multiple-choice question answered on phones or on paper.")
    participant_template = "core/activities/poll_answer.html"
    projector_template = "core/activities/poll_results.html"
    config_form_class = PollConfigForm

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {
            "question": cleaned_data["question"],
            "choices": cleaned_data["choices"],
            "choices_sv": list(cleaned_data.get("choices_sv") or []),
            "choices_en": list(cleaned_data.get("choices_en") or []),
            "multiple": bool(cleaned_data.get("multiple")),
        }

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        # The value is the option's index: answers count the same whatever the language.
        choices = [
            (str(i), text) for i, text in enumerate(marked_options(activity.config, "choices"))
        ]
        initial: dict[str, Any] = {}
        if seat is not None and data is None:
            previous = ActivityResponse.objects.filter(activity=activity, seat=seat).first()
            if previous is not None:
                initial = previous.payload
        if activity.config.get("multiple"):
            field: forms.Field = forms.MultipleChoiceField(
                label=question_label(activity),
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one option.")},
            )
        else:
            field = forms.ChoiceField(
                label=question_label(activity),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an option.")},
            )
        form = forms.Form(data=data, initial=initial, prefix=f"a{activity.pk}")
        form.fields["choice"] = field
        form.fields["comment"] = forms.CharField(
            label=_("Comment (optional)"),
            required=False,
            max_length=MAX_COMMENT,
            widget=forms.Textarea(attrs={"rows": 2}),
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
        choice = cleaned_data["choice"]
        payload = {
            "choice": sorted(choice, key=int) if isinstance(choice, list) else choice,
            "comment": cleaned_data.get("comment", ""),
        }
        return store_response(activity=activity, seat=seat, payload=payload, entered_by=entered_by)

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        choices = translated_options(activity.config, "choices")
        counts = [0] * len(choices)
        comments: list[str] = []
        respondents = 0
        for payload in activity.responses.values_list("payload", flat=True):
            respondents += 1
            picked = payload["choice"]
            for index in picked if isinstance(picked, list) else [picked]:
                counts[int(index)] += 1
            if payload.get("comment"):
                comments.append(payload["comment"])
        top = max(counts) if counts else 0
        rows = [
            {
                **result_option(text, fallback),
                "count": count,
                "percent": round(100 * count / respondents) if respondents else 0,
                "is_top": count == top and top > 0,
            }
            for (text, fallback), count in zip(choices, counts, strict=True)
        ]
        return {"rows": rows, "respondents": respondents, "comments": comments[-10:]}

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]]:
        results = cls.results(activity)
        rows: list[list[Any]] = [[str(_("Option")), str(_("Answers")), str(_("Share %"))]]
        rows += [[row["text"], row["count"], row["percent"]] for row in results["rows"]]
        comments = activity.responses.values_list("payload__comment", flat=True)
        rows += [[str(_("Comment")), comment, ""] for comment in comments if comment]
        return rows


@dataclass
class PollCount:
    """One column of a split poll: a sitting, a municipality or the whole workshop."""

    label: str
    counts: list[int]
    respondents: int = 0


@dataclass
class PollSplit:
    question: str
    choices: list[str]
    by_sitting: list[PollCount] = field(default_factory=list)
    by_municipality: list[PollCount] = field(default_factory=list)
    whole: PollCount | None = None

    @property
    def columns(self) -> list[PollCount]:
        return [*self.by_sitting, *self.by_municipality, *([self.whole] if self.whole else [])]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """One row per answer option: its count in every column, in `columns` order."""
        columns = self.columns
        return [(text, [c.counts[i] for c in columns]) for i, text in enumerate(self.choices)]


def workshop_poll_results(workshop: Workshop) -> list[PollSplit]:
    """Every quick poll asked in the workshop's sessions, counted per sitting, per
    municipality and for the whole workshop.

    The same question with the same options asked at several sittings is one poll: that is
    how a workshop held in six municipalities compares them. Answers of sessions opened
    without a sitting (before sittings existed) count in the whole and under "no sitting".
    """
    sittings = {
        s.pk: s for s in Sitting.objects.filter(workshop=workshop).select_related("municipality")
    }
    no_sitting = str(_("No sitting"))
    region_wide = str(_("Region-wide"))
    polls: dict[tuple, PollSplit] = {}
    columns: dict[tuple, dict[tuple[str, Any], PollCount]] = {}
    rows = ActivityResponse.objects.filter(
        activity__session__workshop=workshop, activity__kind=QuickPoll.key
    ).values_list("activity__config", "activity__session__sitting_id", "payload")
    for config, sitting_id, payload in rows:
        choices = list(config["choices"])
        key = (config["question"], tuple(choices))
        split = polls.setdefault(key, PollSplit(question=config["question"], choices=choices))
        sitting = sittings.get(sitting_id)
        municipality = sitting.municipality if sitting else None
        targets = [
            ("s", sitting_id, str(sitting) if sitting else no_sitting),
            ("m", municipality.pk if municipality else None, str(municipality or region_wide)),
            ("w", None, ""),
        ]
        picked = payload["choice"]
        indices = [int(i) for i in (picked if isinstance(picked, list) else [picked])]
        for kind, pk, label in targets:
            column = columns.setdefault(key, {}).get((kind, pk))
            if column is None:
                column = PollCount(label=label, counts=[0] * len(choices))
                columns[key][(kind, pk)] = column
                if kind == "s":
                    split.by_sitting.append(column)
                elif kind == "m":
                    split.by_municipality.append(column)
                else:
                    split.whole = column
            column.respondents += 1
            for index in indices:
                column.counts[index] += 1
    return list(polls.values())
