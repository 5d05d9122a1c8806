"""Residents reach their own map and diary without an account, by their personal access code.

The code is random (printed on the kit or sent to them); the pseudonym code is never a
credential. Wrong codes are counted by the core's code throttle (`arki.core.throttle`) in the
shared cache, per client address; past the limit every try is refused until the window ends.
"""

from __future__ import annotations

from django.http import HttpRequest

from arki.core.selectors.people import person_for_access_code
from arki.core.throttle import CodeEntry

from .models import Participant
from .selectors import insight_workshop
from .services import participant_enrol

SESSION_KEY = "insight_participant"
LARGE_TEXT_KEY = "insight_large_text"
ACCESS_CODES = CodeEntry("diary")


def participant_for_code(request: HttpRequest, code: str) -> Participant | None:
    """Log the browser in as the code's owner, or count a failure.

    Raises arki.core.throttle.TooManyAttempts past the limit, a correct code included."""
    ACCESS_CODES.check(request)
    person = person_for_access_code(code)
    if person is None:
        ACCESS_CODES.failure(request)
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
