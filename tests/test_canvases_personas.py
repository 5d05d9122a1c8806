"""Canvases and personas meet only through registry capabilities (neither imports the other).

Cards cite a publishable persona as evidence, the persona's page lists the canvases about or
citing it, and a canvas about a persona that is not publishable under k-anonymity cannot be
published. Without the providing tool each side simply leaves its part out.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from arki.analysis import services as analysis_services
from arki.canvases import services
from arki.canvases.forms import card_form
from arki.canvases.models import Card
from arki.canvases.tests.conftest import make_live_canvas
from arki.core.enums import Role
from arki.core.registry import registry

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = "cite only a published persona"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def personas(process, municipalities, make_person):
    """Eino is published with k supporters; Aino is a draft with too few."""
    people = [make_person(process, municipalities["Kuhmo"]) for _ in range(5)]
    eino = analysis_services.persona_create(process=process, name="Eino, 78", by=None)
    eino.supporters.set(people)
    analysis_services.persona_publish(persona=eino, by=None)
    aino = analysis_services.persona_create(process=process, name="Aino, 16", by=None)
    aino.supporters.set(people[:2])
    return eino, aino


def test_card_cites_a_published_persona_and_the_persona_page_lists_the_canvas(
    client, process, facilitator, personas
):
    eino, aino = personas
    live = make_live_canvas(process, facilitator)
    form = card_form(live.canvas2)
    assert list(form.fields["persona"].choices) == [("", "—"), (eino.pk, "Eino, 78")]

    card = services.card_add(
        canvas=live.canvas2, zone="pains", text="Lonely", seat=live.seat2, persona_id=eino.pk
    )
    assert card.persona_id == eino.pk

    client.force_login(facilitator)
    page = client.get(reverse("analysis:persona", args=[process.slug, eino.pk])).content.decode()
    assert "Canvases about or citing this persona" in page
    # Table 1's canvas is made for Eino (its label), table 2's cites him on a card.
    assert page.count("Empathy map: ") == 2
    draft_page = client.get(reverse("analysis:persona", args=[process.slug, aino.pk]))
    assert "Empathy map: Aino, 16" in draft_page.content.decode()


def test_a_card_citing_a_persona_that_is_not_published_is_refused(
    client, process, facilitator, personas
):
    _eino, aino = personas
    live = make_live_canvas(process, facilitator)
    for persona_id in (aino.pk, 999_999):
        with pytest.raises(ValidationError, match=NOT_PUBLISHED):
            services.card_add(
                canvas=live.canvas1, zone="pains", text="x", seat=live.seat1, persona_id=persona_id
            )
    client.force_login(facilitator)
    response = client.post(
        reverse("canvases:paper_card", args=[process.slug, live.canvas1.pk]),
        {"zone": "pains", "text": "From paper", "persona": aino.pk},
    )
    assert response.status_code == 400
    assert NOT_PUBLISHED in response.content.decode()
    assert not Card.objects.exists()


def test_publishing_a_canvas_about_or_citing_an_unpublishable_persona_is_refused(
    process, facilitator, personas
):
    eino, _aino = personas
    live = make_live_canvas(process, facilitator)  # table 2 works on Aino, a draft
    with pytest.raises(ValidationError, match="not published"):
        services.canvas_publish(canvas=live.canvas2, by=facilitator)

    services.card_add(
        canvas=live.canvas1, zone="pains", text="x", seat=live.seat1, persona_id=eino.pk
    )
    analysis_services.persona_unpublish(persona=eino, by=None)
    with pytest.raises(ValidationError, match="not published"):
        services.canvas_publish(canvas=live.canvas1, by=facilitator)
    live.canvas1.refresh_from_db()
    live.canvas2.refresh_from_db()
    assert live.canvas1.published is None and live.canvas2.published is None
    assert not live.canvas1.versions.exists()

    analysis_services.persona_publish(persona=eino, by=None)
    assert services.canvas_publish(canvas=live.canvas1, by=facilitator).number == 1


def test_without_a_persona_provider_the_choice_is_hidden_and_citations_refused(
    monkeypatch, process, facilitator, personas
):
    eino, _aino = personas
    monkeypatch.delitem(registry.tool("analysis").provides, "personas.of_process")
    live = make_live_canvas(process, facilitator)
    assert "persona" not in card_form(live.canvas1).fields
    with pytest.raises(ValidationError, match=NOT_PUBLISHED):
        services.card_add(
            canvas=live.canvas1, zone="pains", text="x", seat=live.seat1, persona_id=eino.pk
        )
    assert not Card.objects.exists()
    # Concept canvases (and persona canvases) still publish: nothing known to hide.
    assert services.canvas_publish(canvas=live.canvas2, by=facilitator).number == 1


def test_without_a_canvases_provider_the_persona_page_has_no_canvas_section(
    monkeypatch, client, process, facilitator, personas
):
    eino, _aino = personas
    monkeypatch.delitem(registry.tool("canvases").provides, "canvases.citing_persona")
    client.force_login(facilitator)
    page = client.get(reverse("analysis:persona", args=[process.slug, eino.pk]))
    assert page.status_code == 200
    assert "Canvases about or citing this persona" not in page.content.decode()
