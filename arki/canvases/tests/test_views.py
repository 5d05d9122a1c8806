"""The canvases pages: participants at the tables, staff, PDFs, JSON and the public page."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from arki.core.enums import Role

from .. import services
from ..models import Card


def _seated(live, secret) -> Client:
    client = Client()
    session = client.session
    session["arki_seats"] = {str(live.session.pk): secret}
    session.save()
    return client


def _base(live) -> str:
    return f"/en/canvas/{live.session.code}/{live.activity.pk}/"


def _text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.django_db
def test_index_is_for_staff_with_the_view_action(process, make_user):
    allowed, refused = Client(), Client()
    allowed.force_login(make_user(Role.FACILITATOR, process=process))
    refused.force_login(make_user(Role.DECISION_MAKER, process=process))
    url = f"/en/staff/canvases/{process.slug}/"

    assert allowed.get(url).status_code == 200
    assert refused.get(url).status_code == 403


@pytest.mark.django_db
def test_participant_sees_own_tables_canvas_zone_by_zone_and_adds_a_card(live):
    client = _seated(live, live.secret1)
    page = client.get(_base(live))
    assert page.status_code == 200
    assert "Eino, 78" in page.content.decode() and "Thinks and feels" in page.content.decode()

    response = client.post(_base(live) + "add/", {"zone": "pains", "text": "Stairs at home"})

    assert response.status_code == 302
    assert list(live.canvas1.cards.values_list("zone", "text")) == [("pains", "Stairs at home")]
    assert "Stairs at home" in client.get(_base(live)).content.decode()


@pytest.mark.django_db
def test_refused_card_shows_the_reason_and_the_typed_text_and_adds_nothing(live):
    client = _seated(live, live.secret1)
    response = client.post(_base(live) + "add/", {"zone": "revenue", "text": "Kept text"})
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert not Card.objects.exists()


@pytest.mark.django_db
def test_another_tables_card_cannot_be_changed(live):
    card = services.card_add(canvas=live.canvas2, zone="says", text="Ours", seat=live.seat2)
    client = _seated(live, live.secret1)

    edit = client.post(f"{_base(live)}{card.pk}/edit/", {"text": "Hacked", "version": 1})
    client.post(f"{_base(live)}{card.pk}/remove/")

    # Another table's card is not found at this table (its text is not shown either).
    assert edit.status_code == 404
    assert "Ours" not in edit.content.decode()
    card.refresh_from_db()
    assert card.text == "Ours" and card.version == 1


@pytest.mark.django_db
def test_conflicting_edit_shows_both_texts_to_its_author(live):
    card = services.card_add(canvas=live.canvas1, zone="says", text="Recipes", seat=live.seat1)
    services.card_edit(card=card, text="Recipes and gardening", expected_version=1, seat=live.seat1)

    response = _seated(live, live.secret1).post(
        f"{_base(live)}{card.pk}/edit/", {"text": "Cooking", "version": 1}
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "Recipes and gardening" in body and "Cooking" in body
    card.refresh_from_db()
    assert card.text == "Recipes and gardening"


@pytest.mark.django_db
def test_move_and_remove_through_plain_forms(live):
    a = services.card_add(canvas=live.canvas1, zone="sees", text="TV", seat=live.seat1)
    b = services.card_add(canvas=live.canvas1, zone="sees", text="Radio", seat=live.seat1)
    client = _seated(live, live.secret1)

    client.post(f"{_base(live)}{b.pk}/move/", {"direction": "up"})
    assert list(live.canvas1.cards.order_by("position").values_list("text", flat=True)) == [
        "Radio",
        "TV",
    ]
    client.post(f"{_base(live)}{a.pk}/move/", {"zone": "hears"})
    client.post(f"{_base(live)}{b.pk}/remove/")
    assert list(live.canvas1.cards.values_list("zone", "text")) == [("hears", "TV")]


@pytest.mark.django_db
def test_polling_answers_204_until_a_card_changes(live):
    client = _seated(live, live.secret1)
    first = client.get(_base(live) + "cards/")
    state = first.content.decode().split("state=")[1].split('"')[0]
    assert client.get(_base(live) + "cards/", {"state": state}).status_code == 204

    services.card_add(canvas=live.canvas1, zone="sees", text="Local paper", seat=live.seat1)
    changed = client.get(_base(live) + "cards/", {"state": state})
    assert changed.status_code == 200 and "Local paper" in changed.content.decode()


@pytest.mark.django_db
def test_without_a_seat_the_canvas_sends_to_join(live):
    assert Client().get(_base(live))["Location"].endswith(f"/join/{live.session.code}/")


@pytest.mark.django_db
def test_projector_shows_every_table(live, facilitator):
    services.card_add(canvas=live.canvas1, zone="pains", text="Lonely", seat=live.seat1)
    services.card_add(canvas=live.canvas2, zone="gains", text="Friends", seat=live.seat2)
    client = Client()
    client.force_login(facilitator)
    body = client.get(reverse("core:projector_results", args=[live.session.code])).content.decode()
    assert "Lonely" in body and "Friends" in body and "Aino, 16" in body


@pytest.mark.django_db
def test_pdfs_contain_the_persona_and_the_cards(live, facilitator):
    services.card_add(
        canvas=live.canvas1, zone="pains", text="Cannot keep the garden", seat=live.seat1
    )
    client = Client()
    client.force_login(facilitator)
    url = f"/en/staff/canvases/{live.activity.session.workshop.process.slug}/{live.canvas1.pk}/"

    blank = _text(client.get(url + "blank.pdf").content)
    filled = _text(client.get(url + "filled.pdf").content)

    assert "Eino, 78" in blank and "Pains" in blank and "garden" not in blank
    assert "Cannot keep the garden" in filled
    from arki.core.testing_pdf import SAMI, assert_accessible_pdf

    services.card_add(canvas=live.canvas1, zone="pains", text=f"Ánde {SAMI}", seat=live.seat1)
    assert_accessible_pdf(
        client.get(url + "filled.pdf").content, lang="en", contains=f"Ánde {SAMI}"
    )
    data = json.loads(client.get(url + "canvas.json").content)
    assert data["zones"][4]["cards"][0]["text"] == "Cannot keep the garden"


@pytest.mark.django_db
def test_paper_entry_marks_the_card_and_checks_permission(live, facilitator, make_user, process):
    url = f"/en/staff/canvases/{process.slug}/{live.canvas1.pk}/paper/"
    refused = Client()
    refused.force_login(make_user(Role.DECISION_MAKER, process=process))
    assert refused.post(url, {"zone": "sees", "text": "x"}).status_code == 403

    client = Client()
    client.force_login(facilitator)
    client.post(url, {"zone": "sees", "text": "From the A3 sheet"})
    card = live.canvas1.cards.get()
    assert card.paper_entered and card.seat is None and card.created_by == facilitator


@pytest.mark.django_db
def test_public_page_shows_only_published_canvases(live, facilitator, process):
    services.card_add(canvas=live.canvas1, zone="gains", text="Self-determination", seat=live.seat1)
    services.card_add(canvas=live.canvas2, zone="gains", text="Unpublished idea", seat=live.seat2)
    workshop = live.session.workshop
    workshop.is_published = True
    workshop.save()
    client = Client()
    client.force_login(facilitator)
    client.post(f"/en/staff/canvases/{process.slug}/{live.canvas1.pk}/publish/")
    services.card_add(canvas=live.canvas1, zone="gains", text="Added later", seat=live.seat1)

    body = Client().get(f"/en/p/{process.slug}/workshops/{workshop.position}/").content.decode()

    assert "Self-determination" in body
    assert "Unpublished idea" not in body and "Added later" not in body


@pytest.mark.django_db
def test_a_second_person_confirms_paper_cards_on_the_canvas_page(
    live, facilitator, make_user, process
):
    card = services.card_add(
        canvas=live.canvas1, zone="sees", text="Paper card", by=facilitator, paper_entered=True
    )
    checker = Client()
    checker.force_login(make_user(Role.PLANNING, process=process))
    url = f"/en/staff/canvases/{process.slug}/{live.canvas1.pk}/"
    assert "Paper card" in checker.get(url).content.decode()

    checker.post(f"{url}cards/{card.pk}/confirm/")

    card.refresh_from_db()
    assert card.confirmed_by is not None
