"""Citations are part of a card (shown, edited, checked), tables keep to their own cards, and
staff keep the photo of a paper canvas beside the cards typed in from it."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from arki.analysis import services as analysis_services
from arki.canvases import services
from arki.canvases.models import Canvas, Card
from arki.canvases.tests.conftest import make_live_canvas
from arki.core.enums import Role

pytestmark = pytest.mark.django_db


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


def _seated(live, secret) -> Client:
    client = Client()
    session = client.session
    session["arki_seats"] = {str(live.session.pk): secret}
    session.save()
    return client


def _edit_url(live, card) -> str:
    return reverse("canvases_public:card_edit", args=[live.session.code, live.activity.pk, card.pk])


def _png(size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("paper.png", buffer.getvalue(), content_type="image/png")


def test_a_table_cannot_open_another_tables_card(process, facilitator):
    live = make_live_canvas(process, facilitator)
    theirs = services.card_add(canvas=live.canvas2, zone="pains", text="Salaisuus", seat=live.seat2)

    response = _seated(live, live.secret1).get(_edit_url(live, theirs))

    assert response.status_code == 404
    assert "Salaisuus" not in response.content.decode()
    assert _seated(live, live.secret2).get(_edit_url(live, theirs)).status_code == 200


def test_the_card_names_the_persona_it_cites(client, process, facilitator, personas):
    eino, _aino = personas
    live = make_live_canvas(process, facilitator)
    services.card_add(
        canvas=live.canvas1, zone="pains", text="Yksinäisyys", seat=live.seat1, persona_id=eino.pk
    )
    client.force_login(facilitator)

    staff = client.get(reverse("canvases:detail", args=[process.slug, live.canvas1.pk]))
    table = _seated(live, live.secret1).get(f"/en/canvas/{live.session.code}/{live.activity.pk}/")

    for page in (staff, table):
        assert "Evidence: persona Eino, 78" in page.content.decode()


def test_a_citation_is_edited_with_the_card(process, facilitator, personas):
    eino, aino = personas
    live = make_live_canvas(process, facilitator)
    card = services.card_add(canvas=live.canvas1, zone="pains", text="Kipu", seat=live.seat1)
    table = _seated(live, live.secret1)

    refused = table.post(
        _edit_url(live, card), {"text": "Kipu", "persona": aino.pk, "version": card.version}
    )
    card.refresh_from_db()
    assert refused.status_code == 400 and card.persona_id is None and card.version == 1

    saved = table.post(
        _edit_url(live, card), {"text": "Kipu", "persona": eino.pk, "version": card.version}
    )
    card.refresh_from_db()
    assert saved.status_code == 302 and card.persona_id == eino.pk and card.version == 2

    uncited = table.post(_edit_url(live, card), {"text": "Kipu", "persona": "", "version": 2})
    card.refresh_from_db()
    assert uncited.status_code == 302 and card.persona_id is None and card.version == 3


def test_the_service_refuses_citing_an_unpublishable_persona_on_edit(
    process, facilitator, personas
):
    _eino, aino = personas
    live = make_live_canvas(process, facilitator)
    card = services.card_add(canvas=live.canvas1, zone="pains", text="Kipu", seat=live.seat1)

    with pytest.raises(ValidationError, match="cite only a published persona"):
        services.card_edit(
            card=card, text="Muutettu", expected_version=1, seat=live.seat1, persona_id=aino.pk
        )

    card.refresh_from_db()
    assert (card.text, card.persona_id, card.version) == ("Kipu", None, 1)


def test_staff_attach_replace_and_remove_the_paper_photo(client, process, facilitator):
    live = make_live_canvas(process, facilitator)
    client.force_login(facilitator)
    url = reverse("canvases:paper_photo", args=[process.slug, live.canvas1.pk])
    detail = reverse("canvases:detail", args=[process.slug, live.canvas1.pk])

    assert client.post(url, {"photo": _png()}).status_code == 302
    canvas = Canvas.objects.get(pk=live.canvas1.pk)
    first = canvas.paper_photo.name
    assert first and canvas.paper_photo.storage.exists(first)
    assert "The paper canvas of group 1" in client.get(detail).content.decode()

    not_a_picture = SimpleUploadedFile("paper.png", b"%PDF-1.4 no image", "image/png")
    refused = client.post(url, {"photo": not_a_picture})
    canvas.refresh_from_db()
    assert refused.status_code == 400 and canvas.paper_photo.name == first
    assert "Upload a valid image" in refused.content.decode()

    unconfirmed = client.post(url, {"remove": "on"})
    canvas.refresh_from_db()
    assert unconfirmed.status_code == 400 and canvas.paper_photo.name == first

    assert client.post(url, {"remove": "yes"}).status_code == 302
    canvas.refresh_from_db()
    assert not canvas.paper_photo


def test_an_oversized_photo_is_refused_and_the_old_one_kept(process, facilitator):
    live = make_live_canvas(process, facilitator)
    services.canvas_paper_photo(live.canvas1, photo=_png(), by=facilitator)
    kept = Canvas.objects.get(pk=live.canvas1.pk).paper_photo.name
    big = _png()
    big.size = 50 * 1024 * 1024

    with pytest.raises(ValidationError, match="too large"):
        services.canvas_paper_photo(live.canvas1, photo=big, by=facilitator)

    assert Canvas.objects.get(pk=live.canvas1.pk).paper_photo.name == kept
    assert Card.objects.count() == 0
