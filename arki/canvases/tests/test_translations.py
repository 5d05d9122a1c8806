"""Table names in Swedish and English: entered in the activity's set-up, offered to phones in
the page language, carried to each table's canvas and shown on the public page; a missing one
shows the Finnish name marked lang="fi"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from arki.core.enums import ActivityState
from arki.core.registry import registry
from arki.core.services import live as live_services

from .. import services
from ..forms import CanvasSetupForm


@pytest.fixture
def activity(process, facilitator):
    workshop = process.workshops.order_by("position").first()
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activity = live_services.activity_add(
        session=session,
        kind="canvases.empathy_map",
        title="Empathiakartta",
        config={
            "title": "Empathiakartta",
            "groups": ["Eino, 78", "Aino, 16"],
            "groups_sv": ["Eino, 78 år", "Aino, 16 år"],
            "groups_en": [],
        },
        by=facilitator,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=facilitator)
    return activity


@pytest.mark.django_db
def test_phones_choose_their_table_by_number_in_their_own_language(activity):
    kind = registry.activity(activity.kind)
    with translation.override("sv"):
        swedish = str(kind.answer_form(activity))
    with translation.override("en"):
        english = str(kind.answer_form(activity))
    assert "1. Eino, 78 år" in swedish and "Eino, 78<" not in swedish
    assert '1. <span lang="fi">Eino, 78</span>' in english

    seat, _secret = live_services.seat_join(session=activity.session)
    canvas = services.canvas_join(activity=activity, seat=seat, group=2)
    assert (canvas.label, canvas.label_sv, canvas.label_en) == ("Aino, 16", "Aino, 16 år", "")


@pytest.mark.django_db
def test_the_set_up_form_needs_one_translated_name_per_table():
    form = CanvasSetupForm(
        {"title": "Kartta", "groups": "Eino\nAino", "groups_sv": "Eino", "groups_en": ""}
    )
    assert not form.is_valid() and "groups_sv" in form.errors
    form = CanvasSetupForm(
        {"title": "Kartta", "groups": "Eino\nAino", "groups_sv": "Eino\nAino", "groups_en": ""}
    )
    assert form.is_valid()
    assert form.cleaned_data["groups_sv"] == ["Eino", "Aino"]
    assert form.cleaned_data["groups_en"] == []


@pytest.mark.django_db
def test_the_public_page_shows_the_label_in_the_page_language(process, facilitator):
    workshop = process.workshops.order_by("position").first()
    workshop.is_published = True
    workshop.save()
    canvas = services.canvas_create(
        workshop=workshop,
        kind="empathy_map",
        label="Rutinoituneet",
        label_sv="De rutinmässiga",
        by=facilitator,
    )
    services.card_add(canvas=canvas, zone="gains", text="Oma koti", by=facilitator)
    services.canvas_publish(canvas=canvas, by=facilitator)
    url = f"/p/{process.slug}/workshops/{workshop.position}/"

    swedish = Client().get(f"/sv{url}").content.decode()
    assert "De rutinmässiga" in swedish and "Rutinoituneet" not in swedish
    english = Client().get(f"/en{url}").content.decode()
    assert '<span lang="fi">Rutinoituneet</span>' in english
