"""Printed survey kits (A4 PDF): one sheet per respondent, with their code on every page, a QR
code that opens the online survey with that code, and each question with boxes to tick.

The insight tool's paper kits are the model (impact may not import insight): an HTML
template rendered by `arki.core.pdf`, tagged, with embedded fonts, the QR code in its own box
beside the text. Staff type the returned kits in on the entry page.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from arki.core.pdf import qr_data_uri, render_pdf

from .enums import QuestionKind
from .models import Respondent, Survey


def survey_url(respondent: Respondent) -> str:
    return f"{settings.ARKI_PUBLIC_URL}{reverse('impact_public:survey_access')}?k={respondent.code}"


def kits_pdf(
    survey: Survey, respondents: list[Respondent], *, language: str | None = None
) -> bytes:
    language = language or (translation.get_language() or "fi")[:2]
    with translation.override(language):
        questions = [
            {
                "text": question.tr("text"),
                "lines": range(2) if question.kind == QuestionKind.TEXT else None,
                "options": [str(o.get(language) or o["fi"]) for o in question.options],
            }
            for question in survey.questions.all()
        ]
        sheets = []
        for respondent in respondents:
            url = survey_url(respondent)
            sheets.append(
                {
                    "code": respondent.code,
                    "footer": _("Code %(code)s · %(survey)s")
                    % {"code": respondent.code, "survey": survey.tr("title")},
                    "qr": qr_data_uri(url),
                    "url_base": url.split("?")[0],
                }
            )
        context = {
            "survey_title": survey.tr("title"),
            "intro": survey.tr("intro"),
            "questions": questions,
            "sheets": sheets,
        }
        title = _("Survey kits: %(survey)s") % {"survey": survey.tr("title")}
    return render_pdf("impact/pdf/survey_kits.html", context, title=title, lang=language)
