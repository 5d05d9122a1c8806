"""The quick poll: single or multiple choice, the generic activity shipped with the core."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..enums import Channel
from ..models import ActivityResponse, Seat, SessionActivity, User
from .base import Activity

MAX_CHOICES = 12
MAX_COMMENT = 500


class PollConfigForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Answer options, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
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
            "multiple": bool(cleaned_data.get("multiple")),
        }

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        choices = [(str(i), text) for i, text in enumerate(activity.config["choices"])]
        initial: dict[str, Any] = {}
        if seat is not None and data is None:
            previous = ActivityResponse.objects.filter(activity=activity, seat=seat).first()
            if previous is not None:
                initial = previous.payload
        if activity.config.get("multiple"):
            field: forms.Field = forms.MultipleChoiceField(
                label=activity.config["question"],
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Choose at least one option.")},
            )
        else:
            field = forms.ChoiceField(
                label=activity.config["question"],
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
        channel = Channel.PAPER if entered_by is not None else seat.channel
        with transaction.atomic():
            _response, created = ActivityResponse.objects.update_or_create(
                activity=activity,
                seat=seat,
                defaults={"payload": payload, "channel": channel, "entered_by": entered_by},
            )
        return created

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        choices = activity.config["choices"]
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
                "text": text,
                "count": count,
                "percent": round(100 * count / respondents) if respondents else 0,
                "is_top": count == top and top > 0,
            }
            for text, count in zip(choices, counts, strict=True)
        ]
        return {"rows": rows, "respondents": respondents, "comments": comments[-10:]}
