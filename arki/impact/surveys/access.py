"""Respondents reach their survey without an account, by the random code on their kit or in
their link. Wrong codes are counted by the core's code throttle (`arki.core.throttle`), like
the diary's personal access codes; past the limit every try is refused until the window ends.
"""

from __future__ import annotations

from django.http import HttpRequest

from arki.core.throttle import CodeEntry

from .models import Respondent

SESSION_KEY = "impact_respondent"
SURVEY_CODES = CodeEntry("survey")


def respondent_for_code(request: HttpRequest, code: str) -> Respondent | None:
    """Log the browser in as the code's respondent, or count a failure.

    Raises arki.core.throttle.TooManyAttempts past the limit, a correct code included."""
    SURVEY_CODES.check(request)
    respondent = Respondent.objects.filter(code=code).first() if code else None
    if respondent is None:
        SURVEY_CODES.failure(request)
        return None
    request.session.cycle_key()  # a fresh session id on log-in (no fixation)
    request.session[SESSION_KEY] = respondent.pk
    return respondent


def current_respondent(request: HttpRequest) -> Respondent | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return Respondent.objects.select_related("process").filter(pk=pk).first()


def leave(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
