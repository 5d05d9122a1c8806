"""An open question shown as a word cloud: Finnish words lemmatised with simplemma (the
lemmatiser the analysis tool uses too) and stop words removed (`aggregate.cloud_words`)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Seat, SessionActivity, User
from .aggregate import cloud_words, size_class
from .base import Activity, previous_payload, store_response
from .translated import question_label

MAX_ANSWER = 200
CLOUD_WORDS = 40
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """simplemma's Finnish lemma, lower-cased (the word itself when it is not known)."""
    import simplemma  # imported lazily: loading the Finnish dictionary takes a moment

    return simplemma.lemmatize(word.lower(), lang="fi").lower()


_warming = threading.Lock()
_warm_started = False
_ready = threading.Event()


def _load() -> None:
    lemma("kirjasto")
    _ready.set()


def warm_up() -> None:
    """Load simplemma's Finnish dictionary in the background, once per process.

    Loading it takes seconds (4 s of CPU; 25 s on a busy two-core machine): done in the
    first request that counts words, the projector would stall. It starts when a facilitator
    sets up a word cloud, a phone shows its question or the projector first asks for the
    cloud, which says "counting" until the dictionary is there.
    """
    global _warm_started
    with _warming:
        if _warm_started:
            return
        _warm_started = True
    threading.Thread(target=_load, daemon=True).start()


def lemmatiser_ready() -> bool:
    return _ready.is_set()


class WordCloudConfigForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)


class WordCloud(Activity):
    key = "core.wordcloud"
    label = _("Open question (word cloud)")
    description = _(
        "Participants answer in their own words; the projector shows the words used most."
    )
    participant_template = "core/activities/poll_answer.html"
    projector_template = "core/activities/wordcloud_results.html"
    config_form_class = WordCloudConfigForm

    @classmethod
    def config_form(cls, *, session: Any, data: Any = None) -> forms.Form:
        warm_up()
        return cls.config_form_class(data)

    @classmethod
    def config_from_form(cls, cleaned_data: dict[str, Any]) -> dict[str, Any]:
        return {"question": cleaned_data["question"]}

    @classmethod
    def answer_form(
        cls, activity: SessionActivity, data: Any = None, seat: Seat | None = None
    ) -> forms.Form:
        if data is None:
            warm_up()  # a phone shows the question: the answers will be counted soon
        form = forms.Form(
            data=data, initial=previous_payload(activity, seat, data), prefix=f"a{activity.pk}"
        )
        form.fields["text"] = forms.CharField(
            label=question_label(activity),
            max_length=MAX_ANSWER,
            help_text=_("A few words are enough."),
            error_messages={
                "required": _("Write an answer."),
                "max_length": _("An answer can be at most %(limit_value)d characters."),
            },
            validators=[_has_words],
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
            payload={"text": cleaned_data["text"]},
            entered_by=entered_by,
        )

    @classmethod
    def results(cls, activity: SessionActivity) -> dict[str, Any]:
        texts = list(activity.responses.values_list("payload__text", flat=True))
        if not lemmatiser_ready():
            warm_up()
            return {"words": [], "rows": [], "respondents": len(texts), "loading": True}
        counts = cloud_words(texts, lemma)
        common = counts.most_common(CLOUD_WORDS)
        top = common[0][1] if common else 0
        words = [
            {"word": word, "count": count, "size": size_class(count, top)}
            for word, count in sorted(common, key=lambda wc: wc[0])
        ]
        rows = [{"word": word, "count": count} for word, count in common]
        return {"words": words, "rows": rows, "respondents": len(texts)}

    @classmethod
    def export_rows(cls, activity: SessionActivity) -> list[list[Any]]:
        texts = list(activity.responses.values_list("payload__text", flat=True))
        rows: list[list[Any]] = [[str(_("Word")), str(_("Answers"))]]
        rows += [[word, count] for word, count in cloud_words(texts, lemma).most_common()]
        rows.append([])
        rows.append([str(_("Answer"))])
        rows += [[text] for text in texts]
        return rows


def _has_words(value: str) -> None:
    if not _LETTER.search(value):
        raise forms.ValidationError(_("Write at least one word."))
