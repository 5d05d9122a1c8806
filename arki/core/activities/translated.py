"""An activity's answer options in the participant's language, with the Finnish fallback marked.

A set-up keeps its Finnish option list under `key` and optional Swedish and English lists of
the same length, in the same order, under `key_sv` and `key_en` (entered in the activity's
add and edit form). Answers store an option's index, never its text: a Swedish and a Finnish
phone that pick the same option are counted together, and results show the options in the
reader's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models.base import TRANSLATED_LANGUAGES

if TYPE_CHECKING:
    from ..models import SessionActivity


def _language() -> str:
    return (get_language() or "fi")[:2]


def translated_options(config: dict[str, Any], key: str) -> list[tuple[str, bool]]:
    """`(text, is_finnish_fallback)` for each option of `config[key]`, in the page language.

    A translated list whose length does not match the Finnish one (an old or hand-edited
    set-up) is ignored rather than shifting the options against their answers."""
    finnish = [str(text) for text in config.get(key, [])]
    language = _language()
    if language not in TRANSLATED_LANGUAGES:
        return [(text, False) for text in finnish]
    other = [str(text) for text in config.get(f"{key}_{language}") or []]
    if len(other) != len(finnish):
        other = [""] * len(finnish)
    return [(own or text, not own) for own, text in zip(other, finnish, strict=True)]


def translated_text(values: dict[str, Any], key: str) -> tuple[str, bool]:
    """`(text, is_finnish_fallback)` of one text kept as `key`, `key_sv` and `key_en`: the
    page language's version, else the Finnish one (a fallback only when there is one)."""
    finnish = str(values.get(key) or "")
    language = _language()
    if language not in TRANSLATED_LANGUAGES:
        return finnish, False
    own = str(values.get(f"{key}_{language}") or "")
    return (own, False) if own else (finnish, bool(finnish))


def marked(text: str, fallback: bool) -> str | SafeString:
    """The text for a label; a Finnish fallback on a Swedish or English page gets `lang="fi"`."""
    return format_html('<span lang="fi">{}</span>', text) if fallback else text


def marked_options(config: dict[str, Any], key: str) -> list[str | SafeString]:
    return [marked(text, fallback) for text, fallback in translated_options(config, key)]


def question_label(activity: SessionActivity) -> str | SafeString:
    """The question of the set-up as the answer form's label: the activity's translated title
    when it has one in the page language, else the Finnish question marked as Finnish."""
    language = _language()
    question = str(activity.config.get("question") or activity.title)
    if language not in TRANSLATED_LANGUAGES:
        return question
    own = getattr(activity, f"title_{language}", "")
    return own or marked(question, bool(question))


def result_option(text: str, fallback: bool) -> dict[str, str]:
    """A results row's option text and its language attribute (empty unless a fallback)."""
    return {"text": text, "lang": "fi" if fallback else ""}


#: The Swedish and English option fields of a set-up form (see `clean_translated_options`).
OPTION_HELP = _(
    "Optional: as many lines as the Finnish options, in the same order. When empty, "
    "participants see the Finnish options."
)


def translated_option_fields(
    labels: tuple[Any, Any] | None = None, help_text: Any = OPTION_HELP
) -> dict[str, forms.Field]:
    """The set-up form's Swedish and English versions of a Finnish list, one item per line."""
    sv, en = labels or (
        _("Options in Swedish, one per line"),
        _("Options in English, one per line"),
    )
    return {
        language: forms.CharField(
            label=label,
            widget=forms.Textarea(attrs={"rows": 5}),
            max_length=2000,
            required=False,
            help_text=help_text,
        )
        for language, label in (("sv", sv), ("en", en))
    }


def clean_translated_options(form: forms.Form, key: str, max_length: int = 120) -> None:
    """Turn `key_sv` and `key_en` into lists matching the Finnish `key` line by line."""
    finnish = form.cleaned_data.get(key)
    for language in TRANSLATED_LANGUAGES:
        name = f"{key}_{language}"
        if name not in form.cleaned_data:
            continue
        raw = form.cleaned_data[name]
        lines = [line.strip() for line in (raw if isinstance(raw, str) else "").splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            form.cleaned_data[name] = []
        elif finnish is not None and len(lines) != len(finnish):
            form.add_error(
                name,
                _(
                    "Give as many options as in Finnish (%(count)d), in the same order, or "
                    "leave this empty."
                )
                % {"count": len(finnish)},
            )
        elif any(len(line) > max_length for line in lines):
            form.add_error(
                name, _("An option can be at most %(count)d characters.") % {"count": max_length}
            )
        else:
            form.cleaned_data[name] = lines
