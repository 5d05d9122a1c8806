"""Signed links are code entries too (issue 12, finding 5): after too many wrong links from
one address, every link is refused for the window, a valid one included, and what the
volunteer typed comes back on the refusal page to be sent again."""

from __future__ import annotations

import pytest

from arki.core.throttle import DEFAULT_ATTEMPTS
from arki.helpexchange.enums import AssignmentStatus
from arki.helpexchange.services import assignment_accept, assignment_offer
from arki.helpexchange.services.links import assignment_url

from . import factories as f

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_wrong_links_are_throttled_and_a_valid_one_keeps_what_was_typed(
    client, process, make_user, municipalities
):
    coordinator = f.coordinator(make_user, process, municipalities["Kajaani"])
    help_request = f.help_request(process)
    [offer] = assignment_offer(
        help_request=help_request, volunteers=[f.active_volunteer(process)], by=coordinator
    )
    assignment_accept(assignment=offer)
    path = _path(assignment_url(offer))
    for attempt in range(DEFAULT_ATTEMPTS):
        assert client.get(f"/apu/t/forged{attempt}:abc:def/").status_code == 400
    typed = {"action": "done", "duration_minutes": "45", "comment": "Kannoin kassit"}
    response = client.post(path, typed)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    content = response.content.decode()
    assert "Too many attempts with a wrong code. Try again in 15 minutes" in content
    assert '<input type="hidden" name="comment" value="Kannoin kassit">' in content
    assert '<input type="hidden" name="duration_minutes" value="45">' in content
    assert "<li>Kannoin kassit</li>" in content
    offer.refresh_from_db()
    assert offer.status == AssignmentStatus.ACCEPTED  # nothing was done
    other = client.get(path, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200  # another address is not held back
