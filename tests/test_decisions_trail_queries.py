"""The trail pages cost the same number of queries whatever the size of the trail.

Two trails in one process: one with a persona, one criterion pair and one rival; the other
ten times that (ten personas with their groups, problems, ideas and quotes, twenty
criteria, ten rivals and all their votes and scores). Both pages must take exactly as many
queries.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arki.budgeting import services as budgeting_services
from arki.budgeting.tests.factories import join, make_round
from arki.core.enums import Role

from .trail_fixtures import decision_chain, ensure_catalogue, persona_with_quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def trails(process, municipalities, make_user):
    ensure_catalogue()
    kajaani = municipalities["Kajaani"]
    facilitator = make_user(Role.FACILITATOR, process=process)
    coder = make_user(Role.ANALYST, process=process)

    def personas(prefix: str, n: int) -> list:
        return [
            persona_with_quote(
                process,
                kajaani,
                coder,
                name=f"{prefix} {i}",
                quote=f"Lause {prefix} {i}.",
                consented=i % 2 == 0,
            )
            for i in range(n)
        ]

    small_personas, large_personas = personas("Pieni", 1), personas("Suuri", 10)
    small = decision_chain(process, facilitator, [p.pk for p in small_personas], tag="Q1")
    large = decision_chain(process, facilitator, [p.pk for p in large_personas], scale=10)
    # Voucher ballots of the personas' diary writers, so the results by persona have rows.
    round_, session, _activity = make_round(process, facilitator)
    item = round_.items.first()
    for persona in [*small_personas, *large_personas]:
        writer = persona.quotes.get().day.participant.person
        seat = join(session, person=writer)
        budgeting_services.ballot_cast(round_=round_, seat=seat, allocations={item.pk: 3})
    return {"small": small, "large": large, "facilitator": facilitator}


def count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_staff_trail_queries_do_not_grow_with_the_trail(process, trails):
    client = Client()
    client.force_login(trails["facilitator"])
    small, page = count(
        client, reverse("decisions:trail", args=[process.slug, trails["small"].action.pk])
    )
    large, big_page = count(
        client, reverse("decisions:trail", args=[process.slug, trails["large"].action.pk])
    )
    assert "Pieni 0" in page and "Suuri 9" in big_page and "Lause Suuri 9." in big_page
    assert large == small


def test_public_trail_queries_do_not_grow_with_the_trail(process, trails):
    client = Client()
    small, page = count(
        client, reverse("decisions_public:trail", args=[process.slug, trails["small"].action.pk])
    )
    large, big_page = count(
        client, reverse("decisions_public:trail", args=[process.slug, trails["large"].action.pk])
    )
    assert "Pieni 0" in page and "Suuri 9" in big_page
    assert "Lause Suuri 8." in big_page and "Lause Suuri 9." not in big_page  # no consent
    assert large == small
