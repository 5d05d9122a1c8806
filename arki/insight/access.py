"""Residents reach their own map and diary without an account, by their personal access code.

The code is random (printed on the kit or sent to them); the pseudonym code is never a
credential. Wrong codes are counted per browser session and per address, and after
MAX_FAILURES within the window further tries are refused, so codes cannot be guessed.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from arki.core.models import Person

from .models import Participant
from .selectors import insight_workshop
from .services import participant_enrol

SESSION_KEY = "insight_participant"
LARGE_TEXT_KEY = "insight_large_text"
MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


class TooManyAttempts(Exception):
    pass


def _keys(request: HttpRequest) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    if not request.session.session_key:
        request.session.save()
    return [f"insight-access:ip:{address}", f"insight-access:s:{request.session.session_key}"]


def attempts_left(request: HttpRequest) -> int:
    failures = max(cache.get(key, 0) for key in _keys(request))
    return max(0, MAX_FAILURES - failures)


def participant_for_code(request: HttpRequest, code: str) -> Participant | None:
    """Log the browser in as the code's owner, or count a failure. Raises TooManyAttempts."""
    if attempts_left(request) <= 0:
        raise TooManyAttempts
    person = (
        Person.objects.filter(access_code=code, erased_at__isnull=True)
        .select_related("process")
        .first()
    )
    if person is None:
        for key in _keys(request):
            cache.add(key, 0, WINDOW_SECONDS)
            cache.incr(key)
        return None
    participant = participant_enrol(person=person, workshop=insight_workshop(person.process))
    request.session.cycle_key()  # a fresh session id on log-in (no fixation)
    request.session[SESSION_KEY] = participant.pk
    return participant


def current_participant(request: HttpRequest) -> Participant | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return (
        Participant.objects.select_related("person__process", "person__municipality", "workshop")
        .filter(pk=pk, person__erased_at__isnull=True)
        .first()
    )


def leave(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
