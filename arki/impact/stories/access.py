"""How a community reporter reaches their own stories, with the least privilege there is.

Reporters are residents: they get no staff role. They sign in on the stories page with their
personal access code (the same random code as their diary and service map, looked up by the
core's one lookup, which refuses erased people), and the wrong codes are counted by the core's
throttle under their own scope (`story`). A code that is right but belongs to someone who is
not a reporter counts as wrong too, so the page tells a guesser nothing. A reporter whom staff
linked to a user account is also signed in when that user is logged in.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from arki.core.models import Process
from arki.core.selectors.people import person_for_access_code
from arki.core.throttle import CodeEntry

from .models import Reporter

SESSION_KEY = "impact_reporter"
REPORTER_CODES = CodeEntry("story")


def _reporters(process: Process):
    return (
        Reporter.objects.filter(process=process, is_active=True)
        .select_related("process", "person", "user")
        .filter(Q(person__isnull=True) | Q(person__erased_at__isnull=True))
    )


def reporter_for_code(request: HttpRequest, process: Process, code: str) -> Reporter | None:
    """Sign the browser in as the code's reporter, or count a failure.

    Raises arki.core.throttle.TooManyAttempts past the limit, a correct code included."""
    REPORTER_CODES.check(request, process.slug)
    person = person_for_access_code((code or "").strip(), process)
    reporter = _reporters(process).filter(person=person).first() if person else None
    if reporter is None:
        REPORTER_CODES.failure(request, process.slug)
        return None
    request.session.cycle_key()  # a fresh session id on sign-in (no fixation)
    request.session[SESSION_KEY] = reporter.pk
    return reporter


def current_reporter(request: HttpRequest, process: Process) -> Reporter | None:
    pk = request.session.get(SESSION_KEY)
    if pk is not None:
        found = _reporters(process).filter(pk=pk).first()
        if found is not None:
            return found
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return _reporters(process).filter(user=user).first()
    return None


def leave(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
