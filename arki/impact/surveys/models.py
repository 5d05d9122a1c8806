"""Survey data: a survey's questions, its rounds, pseudonymous respondents and their answers.

A respondent is a random code, not a person: the code is printed on the paper kit and typed
(or followed as a link) to answer online; the link to `core.Person` is optional and only used
for the GDPR hooks. Results are computed from the answers on every read (`surveys/results.py`),
so a figure is always reproducible from the rows and an erased respondent is simply gone.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from arki.core.enums import Channel
from arki.core.models.base import CivicModel, TranslatedFieldsMixin

from .enums import QuestionKind, RespondentGroup

__all__ = ["Answer", "Question", "Respondent", "Survey", "SurveyRound"]

#: Letters and digits that cannot be mistaken for one another on paper or on the phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_respondent_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


class Survey(TranslatedFieldsMixin, CivicModel):
    """A short questionnaire, answered in rounds (baseline, follow-ups)."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="impact_surveys",
    )
    #: The shipped definition it was made from (`surveys/definitions.py`), if any.
    key = models.CharField(_("definition"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    #: Only respondents of this group answer it (blank: everyone).
    audience = models.CharField(
        _("who answers"), max_length=10, choices=RespondentGroup.choices, blank=True
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["process", "pk"]

    def __str__(self) -> str:
        return self.tr("title")


class Question(TranslatedFieldsMixin, CivicModel):
    """One question. `options` lists the answers a scale or a choice offers, in order:
    ``[{"value": "1", "fi": …, "sv": …, "en": …}, …]``; a scale's values are numbers."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.CharField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=6, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_sv = models.CharField(_("question in Swedish"), max_length=300, blank=True)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    options = models.JSONField(_("answer options"), default=list, blank=True)
    #: Where the wording comes from, e.g. a validated scale's publication.
    source = models.CharField(_("source"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="impact_unique_question_key")
        ]

    def __str__(self) -> str:
        return self.tr("text")

    def option_label(self, value: str, language: str = "fi") -> str:
        for option in self.options:
            if str(option["value"]) == value:
                return str(option.get(language) or option["fi"])
        return value


class SurveyRound(TranslatedFieldsMixin, CivicModel):
    """One round of a survey (the baseline is the first), open between two dates."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="rounds"
    )
    label = models.CharField(_("round"), max_length=80)
    label_sv = models.CharField(_("round in Swedish"), max_length=80, blank=True)
    label_en = models.CharField(_("round in English"), max_length=80, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["survey", "opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="impact_round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Respondent(CivicModel):
    """A pseudonymous respondent: a random code, a municipality and a group."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="impact_respondents",
    )
    code = models.CharField(
        _("respondent code"), max_length=16, unique=True, default=new_respondent_code
    )
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="impact_respondents",
    )
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.CharField(_("group"), max_length=10, choices=RespondentGroup.choices)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["process", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "person"],
                condition=Q(person__isnull=False),
                name="impact_one_respondent_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Answer(CivicModel):
    """One respondent's answer to one question in one round.

    `value` is the option's value (or the text); `number` is what results average: the
    scale's value, 1 for yes and 0 for no, none for a choice or a text."""

    round = models.ForeignKey(
        SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="answers"
    )
    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.CharField(_("answer"), max_length=500)
    number = models.FloatField(_("number"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["round", "respondent", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent", "question"], name="impact_one_answer_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.question_id}"
