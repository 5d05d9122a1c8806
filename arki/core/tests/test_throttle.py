"""Throttled code attempts (issue 12, findings 5 and 11): wrong codes on the live join are
refused after the limit, a correct code too until the window ends, and the count lives in
the shared cache, so every worker process sees the same count."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse

from arki.core import throttle
from arki.core.models import Seat
from arki.core.services.live import session_open
from arki.core.throttle import CodeEntry, TooManyAttempts

pytestmark = pytest.mark.django_db
LIMIT = throttle.DEFAULT_ATTEMPTS
DB_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "arki_test_throttle_cache",
    }
}


@pytest.fixture
def session(process):
    return session_open(workshop=process.workshops.get(position=1), by=None)


@pytest.fixture
def person(process, municipalities, make_person):
    return make_person(process, municipalities["Kajaani"], full_name="Kaisa Koodinen")


def _later(monkeypatch, seconds: int) -> None:
    now = throttle._now()
    monkeypatch.setattr(throttle, "_now", lambda: now + seconds)


def test_wrong_personal_codes_are_refused_then_the_right_one_too(
    client, session, person, monkeypatch
):
    join = reverse("live:join", args=[session.code])
    for _attempt in range(LIMIT):
        response = client.post(join, {"label": "Kaisa", "access_code": "WRONGCODE1"})
        assert response.status_code == 400
    response = client.post(join, {"label": "Kaisa", "access_code": person.access_code})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Liian monta yritystä väärällä tunnuksella. Yritä uudelleen 15" in content
    assert 'value="Kaisa"' in content  # what was typed is still in the form
    assert not Seat.objects.exists()
    _later(monkeypatch, 15 * 60 + 1)
    response = client.post(join, {"label": "Kaisa", "access_code": person.access_code})
    assert response.status_code == 302
    assert Seat.objects.get().person == person


def test_wrong_session_codes_are_refused_then_a_real_one_too(client, session):
    for _attempt in range(LIMIT):
        assert client.get(reverse("live:join", args=["ZZZZZZ"])).status_code == 404
    response = client.get(reverse("live:join", args=[session.code]))
    assert response.status_code == 429
    assert f'value="{session.code}"' in response.content.decode()


def test_guessing_through_the_participant_page_counts_too(client, session):
    for attempt in range(LIMIT):
        code = f"ZZZZZ{attempt}"
        assert client.get(reverse("live:participant", args=[code])).status_code == 404
    assert client.get(reverse("live:participant", args=[session.code])).status_code == 429
    assert client.get(reverse("live:join", args=[session.code])).status_code == 429


def test_anonymous_joining_is_not_a_code_attempt(client, session):
    join = reverse("live:join", args=[session.code])
    for _attempt in range(LIMIT + 1):
        client.logout()
        assert client.post(join, {"label": ""}).status_code == 302
    assert Seat.objects.count() == LIMIT + 1


def test_counts_are_per_session_and_per_address(client, process, session, person):
    other = session_open(workshop=process.workshops.get(position=2), by=None)
    for _attempt in range(LIMIT):
        client.post(reverse("live:join", args=[session.code]), {"access_code": "WRONGCODE1"})
    other_join = reverse("live:join", args=[other.code])
    assert client.post(other_join, {"access_code": person.access_code}).status_code == 302
    elsewhere = client.post(
        reverse("live:join", args=[session.code]),
        {"access_code": person.access_code},
        REMOTE_ADDR="192.0.2.77",
    )
    assert elsewhere.status_code == 302


@override_settings(ARKI_CLIENT_IP_HEADER="X-Forwarded-For", ARKI_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_cannot_choose_its_address():
    entry = CodeEntry("test-proxy")
    factory = RequestFactory()
    for attempt in range(LIMIT):
        # The client writes anything it likes on the left; the proxy appends the real address.
        entry.failure(factory.get("/", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 198.51.100.7"))
    with pytest.raises(TooManyAttempts):
        entry.check(factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"))
    entry.check(factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.8"))


@override_settings(CACHES=DB_CACHE)
def test_the_count_is_shared_by_every_process_through_the_database_cache(monkeypatch):
    call_command("createcachetable", verbosity=0)
    worker_a = caches.create_connection("default")
    worker_b = caches.create_connection("default")
    assert worker_a is not worker_b
    entry = CodeEntry("test-shared")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    for attempt in range(LIMIT):
        # Wrong codes alternate between two workers, each with its own cache client.
        worker = worker_a if attempt % 2 else worker_b
        monkeypatch.setattr(throttle, "_cache", lambda worker=worker: worker)
        entry.failure(request)
    monkeypatch.setattr(throttle, "_cache", lambda: worker_a)
    with pytest.raises(TooManyAttempts) as refused:
        entry.check(request)
    assert refused.value.minutes == 15
    # The database cache's incr resets a key's expiry to the default five minutes; the
    # counter must still last the whole window.
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM arki_test_throttle_cache")
        expiries = sorted(row[0] for row in cursor.fetchall())
    assert len(expiries) == 2
    assert (expiries[-1] - expiries[0]).total_seconds() < 5  # counter and window end alike
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM arki_test_throttle_cache")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "203.0.113.5" not in keys  # addresses are hashed
