"""A canvas card can cite a persona's diary quote as evidence: only a quote everyone at the
table may read (a publishable persona's, redacted, with the writer's consent to quoting), and
the card shows it only while that still holds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from arki.canvases import services
from arki.canvases.forms import card_form
from arki.canvases.models import Card
from arki.canvases.tests.conftest import make_live_canvas
from arki.core.enums import ConsentPurpose, Role
from arki.core.models import Consent

from .trail_fixtures import persona_with_quote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def quoted(process, municipalities, make_user):
    coder = make_user(Role.ANALYST, process=process)
    kuhmo = municipalities["Kuhmo"]
    yes = persona_with_quote(
        process, kuhmo, coder, name="Eino, 78", quote="Kävin kaupassa yksin", consented=True
    )
    no = persona_with_quote(
        process, kuhmo, coder, name="Aili, 81", quote="Naapuri ei käynyt", consented=False
    )
    return yes, no


def test_only_consented_quotes_of_publishable_personas_are_offered(process, facilitator, quoted):
    yes, no = quoted
    live = make_live_canvas(process, facilitator)

    choices = dict(card_form(live.canvas1).fields["quote"].choices)

    [quote_id] = yes.quotes.values_list("pk", flat=True)
    assert choices[quote_id].startswith("Eino, 78: “Kävin kaupassa yksin")
    assert not set(no.quotes.values_list("pk", flat=True)) & set(choices)


def test_a_card_cites_a_quote_and_shows_it_while_the_consent_stands(
    client, process, facilitator, quoted
):
    yes, no = quoted
    live = make_live_canvas(process, facilitator)
    [allowed] = yes.quotes.values_list("pk", flat=True)
    [refused] = no.quotes.values_list("pk", flat=True)

    with pytest.raises(ValidationError, match="writer agreed to quoting"):
        services.card_add(
            canvas=live.canvas1, zone="says", text="Ostokset", seat=live.seat1, quote_id=refused
        )
    assert not Card.objects.exists()

    services.card_add(
        canvas=live.canvas1, zone="says", text="Ostokset", seat=live.seat1, quote_id=allowed
    )
    client.force_login(facilitator)
    detail = reverse("canvases:detail", args=[process.slug, live.canvas1.pk])
    page = client.get(detail).content.decode()
    assert "Kävin kaupassa yksin" in page and "Diary quote, persona Eino, 78" in page

    Consent.objects.filter(purpose=ConsentPurpose.QUOTES).update(withdrawn_on="2015-01-01")
    assert "Kävin kaupassa yksin" not in client.get(detail).content.decode()
