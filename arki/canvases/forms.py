"""Forms of the canvases tool: they parse requests; services do the writing.

Limits (length, zones, pictures) are checked again in the services, so a hand-made request
gets the same clear message as the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from arki.core.activities.translated import (
    clean_translated_options,
    marked_options,
    translated_option_fields,
)

from .canvas_types import CanvasType
from .enums import CanvasKind, StakeholderKind
from .models import CARD_MAX_LENGTH, Canvas, Card
from .selectors import persona_choices, quote_choices


class CanvasSetupForm(forms.Form):
    title = forms.CharField(label=_("Title shown to participants"), max_length=300)
    groups = forms.CharField(
        label=_("Tables"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One table per line: the persona or concept that table works on."),
    )
    groups_sv, groups_en = translated_option_fields(
        (_("Tables in Swedish, one per line"), _("Tables in English, one per line")),
        help_text=_(
            "Optional: as many lines as the tables above, in the same order. When empty, "
            "participants see the Finnish names."
        ),
    ).values()

    def clean_groups(self) -> list[str]:
        groups = [line.strip()[:200] for line in self.cleaned_data["groups"].splitlines()]
        groups = [line for line in groups if line]
        if not groups:
            raise forms.ValidationError(_("Name at least one table."))
        return groups

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        clean_translated_options(self, "groups", max_length=200)
        return cleaned


class TableChoiceForm(forms.Form):
    group = forms.TypedChoiceField(
        label=_("Your table"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your table.")},
    )

    def __init__(self, *args: Any, config: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The value is the table's number: a Swedish phone joins the same table.
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            (number, format_html("{}. {}", number, label))
            for number, label in enumerate(marked_options(config, "groups"), start=1)
        ]


class CardForm(forms.Form):
    """Adding a card; the zone list is the canvas type's, as data."""

    zone = forms.ChoiceField(label=_("Zone"))
    text = forms.CharField(
        label=_("Card text"),
        max_length=CARD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write something on the card.")},
    )
    step = forms.IntegerField(label=_("Step number"), min_value=1, max_value=50, required=False)
    critical = forms.BooleanField(label=_("Critical step"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of stakeholder"),
        choices=[("", "—"), *StakeholderKind.choices],
        required=False,
    )
    picture = forms.ImageField(label=_("Picture (optional)"), required=False)
    persona = forms.TypedChoiceField(
        label=_("Persona cited as evidence (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "A card can cite only a published persona (one with enough supporters)."
            )
        },
    )

    quote = forms.TypedChoiceField(
        label=_("Diary quote cited as evidence (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "A card can cite only a quote of a published persona whose writer agreed to "
                "quoting."
            )
        },
    )

    def __init__(
        self,
        *args: Any,
        canvas_type: CanvasType,
        personas: list[tuple[int, str]] | None = None,
        quotes: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if personas is None:
            # No tool provides personas: nothing to cite.
            del self.fields["persona"]
        else:
            self.fields["persona"].choices = [("", "—"), *personas]  # type: ignore[attr-defined]
        if not quotes:
            del self.fields["quote"]
        else:
            self.fields["quote"].choices = [("", "—"), *quotes]  # type: ignore[attr-defined]
        self.fields["zone"].choices = [(z.key, z.title) for z in canvas_type.zones]  # type: ignore[attr-defined]
        if not canvas_type.has_steps:
            del self.fields["step"], self.fields["critical"]
        if not canvas_type.has_kinds:
            del self.fields["kind"]
        if not canvas_type.has_pictures:
            del self.fields["picture"]

    def card_fields(self) -> dict[str, Any]:
        """The cleaned card as `card_add` keyword arguments (fields this type lacks are unset)."""
        data = self.cleaned_data
        return {
            "zone": data["zone"],
            "text": data["text"],
            "step": data.get("step"),
            "critical": bool(data.get("critical")),
            "kind": data.get("kind") or "",
            "picture": data.get("picture"),
            "persona_id": data.get("persona"),
            "quote_id": data.get("quote"),
        }


def card_form(canvas: Canvas, data: Any = None, files: Any = None) -> CardForm:
    """The card form of `canvas`, offering its process's publishable personas and their
    quotable diary quotes to cite."""
    process = canvas.workshop.process
    return CardForm(
        data,
        files,
        canvas_type=canvas.type,
        personas=persona_choices(process),
        quotes=quote_choices(process),
    )


class CardEditForm(forms.Form):
    text = forms.CharField(
        label=_("Card text"),
        max_length=CARD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write something on the card.")},
    )
    persona = forms.TypedChoiceField(
        label=_("Persona cited as evidence (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, personas: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if personas is None:  # no tool provides personas: nothing to cite
            del self.fields["persona"]
        else:
            self.fields["persona"].choices = [("", "—"), *personas]  # type: ignore[attr-defined]

    def edit_fields(self) -> dict[str, Any]:
        """The cleaned edit as `card_edit` keyword arguments (the citation only if offered)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {"text": data["text"], "expected_version": data["version"]}
        if "persona" in self.fields:
            fields["persona_id"] = data.get("persona")
        return fields


def card_edit_form(card: Card, data: Any = None, **kwargs: Any) -> CardEditForm:
    """The edit form of `card`, offering its process's publishable personas to cite."""
    personas = persona_choices(card.canvas.workshop.process)
    return CardEditForm(data, personas=personas, **kwargs)


class CardMoveForm(forms.Form):
    zone = forms.CharField(required=False)
    direction = forms.ChoiceField(
        choices=[("", ""), ("up", "up"), ("down", "down")], required=False
    )


class CanvasCreateForm(forms.Form):
    """A canvas outside a live session: filled on paper and typed in, or prepared ahead."""

    workshop: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,  # type: ignore[arg-type]  # set per process in __init__
    )
    kind = forms.ChoiceField(label=_("Canvas type"), choices=CanvasKind.choices)
    label = forms.CharField(label=_("Persona or concept"), max_length=200)
    label_sv = forms.CharField(
        label=_("Persona or concept in Swedish"), max_length=200, required=False
    )
    label_en = forms.CharField(
        label=_("Persona or concept in English"), max_length=200, required=False
    )

    def __init__(self, *args: Any, workshops: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]


class PaperPhotoForm(forms.Form):
    photo = forms.ImageField(
        label=_("Photo of the paper canvas"),
        help_text=_("A photo of the whole sheet, so the typed cards can be checked against it."),
        error_messages={"required": _("Choose the photo to upload.")},
    )
