"""Card operations: what participants rely on, and every bad input refused with nothing changed."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from arki.core.enums import ActivityState
from arki.core.services import live as live_services

from .. import services
from ..canvas_types import CANVAS_TYPES
from ..models import CARD_MAX_LENGTH, Card
from .conftest import make_live_canvas


def _png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("frame.png", buffer.getvalue(), content_type="image/png")


def _state(canvas):
    return list(canvas.cards.order_by("pk").values_list("zone", "text", "position", "version"))


def test_every_type_has_translated_zones_and_an_activity():
    from arki.core.registry import registry

    for key, canvas_type in CANVAS_TYPES.items():
        assert canvas_type.zones, key
        assert registry.activity(f"canvases.{key}").canvas_type is canvas_type
    assert len(CANVAS_TYPES["business_model"].zones) == 9
    assert len(CANVAS_TYPES["blueprint"].zones) == 5


@pytest.mark.django_db
def test_participant_adds_cards_in_order(live):
    first = services.card_add(canvas=live.canvas1, zone="pains", text="Lonely", seat=live.seat1)
    second = services.card_add(canvas=live.canvas1, zone="pains", text="Stairs", seat=live.seat1)

    assert (first.position, second.position) == (0, 1)
    assert first.seat == live.seat1 and not first.paper_entered


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "text", "message"),
    [
        ("pains", "   ", "Write something on the card."),
        ("pains", "x" * (CARD_MAX_LENGTH + 1), "at most 280 characters"),
        ("revenue", "Money", "no such zone"),
    ],
)
def test_bad_card_is_refused_with_a_message_and_nothing_added(live, zone, text, message):
    with pytest.raises(ValidationError, match=message):
        services.card_add(canvas=live.canvas1, zone=zone, text=text, seat=live.seat1)
    assert not Card.objects.exists()


@pytest.mark.django_db
def test_another_groups_canvas_is_refused_for_every_operation(live):
    card = services.card_add(canvas=live.canvas2, zone="says", text="Hei", seat=live.seat2)
    before = _state(live.canvas2)

    for call in (
        lambda: services.card_add(canvas=live.canvas2, zone="says", text="x", seat=live.seat1),
        lambda: services.card_edit(card=card, text="x", expected_version=1, seat=live.seat1),
        lambda: services.card_move(card=card, zone="hears", seat=live.seat1),
        lambda: services.card_remove(card=card, seat=live.seat1),
    ):
        with pytest.raises(ValidationError, match="another group's canvas"):
            call()
    assert _state(live.canvas2) == before


@pytest.mark.django_db
@pytest.mark.parametrize("closing", ["session", "activity"])
def test_closed_session_or_activity_refuses_writes(live, facilitator, closing):
    card = services.card_add(canvas=live.canvas1, zone="says", text="Hei", seat=live.seat1)
    if closing == "session":
        live_services.session_close(session=live.session, by=facilitator)
    else:
        live_services.activity_set_state(
            activity=live.activity, state=ActivityState.CLOSED, by=facilitator
        )
    card.canvas.activity.refresh_from_db()
    card.canvas.activity.session.refresh_from_db()
    before = _state(live.canvas1)

    for call in (
        lambda: services.card_add(canvas=live.canvas1, zone="says", text="x", seat=live.seat1),
        lambda: services.card_edit(card=card, text="x", expected_version=1, seat=live.seat1),
        lambda: services.card_move(card=card, direction="down", seat=live.seat1),
        lambda: services.card_remove(card=card, seat=live.seat1),
    ):
        with pytest.raises(ValidationError, match="closed"):
            call()
    assert _state(live.canvas1) == before


@pytest.mark.django_db
def test_conflicting_edit_keeps_the_first_save_and_carries_both_texts(live):
    card = services.card_add(canvas=live.canvas1, zone="thinks", text="Home", seat=live.seat1)
    services.card_edit(card=card, text="Home and garden", expected_version=1, seat=live.seat1)

    with pytest.raises(services.CardConflict) as conflict:
        services.card_edit(card=card, text="My own home", expected_version=1, seat=live.seat1)

    assert conflict.value.mine == "My own home"
    assert conflict.value.theirs == "Home and garden"
    card.refresh_from_db()
    assert (card.text, card.version) == ("Home and garden", 2)


@pytest.mark.django_db
def test_bad_edit_changes_nothing(live):
    card = services.card_add(canvas=live.canvas1, zone="thinks", text="Home", seat=live.seat1)
    for text in ("", "y" * (CARD_MAX_LENGTH + 1)):
        with pytest.raises(ValidationError):
            services.card_edit(card=card, text=text, expected_version=1, seat=live.seat1)
    card.refresh_from_db()
    assert (card.text, card.version) == ("Home", 1)


@pytest.mark.django_db
def test_move_between_zones_and_up_and_down(live):
    a, _b, c = (
        services.card_add(canvas=live.canvas1, zone="sees", text=t, seat=live.seat1) for t in "abc"
    )
    services.card_move(card=c, direction="up", seat=live.seat1)
    assert [x.text for x in live.canvas1.cards.filter(zone="sees").order_by("position")] == [
        "a",
        "c",
        "b",
    ]
    services.card_move(card=a, zone="hears", seat=live.seat1)
    a.refresh_from_db()
    assert a.zone == "hears"

    with pytest.raises(ValidationError, match="no such zone"):
        services.card_move(card=a, zone="revenue", seat=live.seat1)
    a.refresh_from_db()
    assert a.zone == "hears"


@pytest.mark.django_db
def test_remove_deletes_the_card(live):
    card = services.card_add(canvas=live.canvas1, zone="sees", text="TV", seat=live.seat1)
    services.card_remove(card=card, seat=live.seat1)
    assert not Card.objects.exists()


@pytest.mark.django_db
def test_storyboard_frame_takes_a_real_picture_only(process, facilitator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    live = make_live_canvas(process, facilitator, kind="storyboard")
    frame = services.card_add(
        canvas=live.canvas1, zone="frames", text="Eino waits", seat=live.seat1, picture=_png()
    )
    assert frame.picture.name.endswith(".png")

    fake = SimpleUploadedFile("x.png", b"<script>not an image</script>", "image/png")
    with pytest.raises(ValidationError, match="not a picture"):
        services.card_add(
            canvas=live.canvas1, zone="frames", text="x", seat=live.seat1, picture=fake
        )
    huge = _png()
    huge.size = services.PICTURE_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="too large"):
        services.card_add(
            canvas=live.canvas1, zone="frames", text="x", seat=live.seat1, picture=huge
        )
    assert live.canvas1.cards.count() == 1


@pytest.mark.django_db
def test_published_version_is_fixed_while_work_goes_on(live, facilitator):
    card = services.card_add(canvas=live.canvas1, zone="gains", text="Own home", seat=live.seat1)
    version = services.canvas_publish(canvas=live.canvas1, by=facilitator)
    services.card_edit(card=card, text="Changed", expected_version=1, seat=live.seat1)

    live.canvas1.refresh_from_db()
    assert live.canvas1.published == version
    gains = next(z for z in version.snapshot["zones"] if z["key"] == "gains")
    assert gains["cards"][0]["text"] == "Own home"


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["up", "down"])), max_size=12))
def test_moves_never_lose_or_duplicate_cards(live, moves):
    """Whatever the sequence of up/down moves, the zone keeps the same cards, positions 0..n-1."""
    Card.objects.all().delete()  # the fixture is shared by the examples
    cards = [
        services.card_add(canvas=live.canvas1, zone="says", text=str(i), seat=live.seat1)
        for i in range(4)
    ]
    for index, direction in moves:
        services.card_move(card=cards[index], direction=direction, seat=live.seat1)
    rows = list(live.canvas1.cards.order_by("position").values_list("text", "position"))
    assert sorted(text for text, _ in rows) == ["0", "1", "2", "3"]
    if moves:
        assert [position for _, position in rows] == [0, 1, 2, 3]


@pytest.mark.django_db
def test_paper_cards_need_a_second_persons_confirmation_before_publishing(
    live, facilitator, make_user, process
):
    from arki.core.enums import Role

    card = services.card_add(
        canvas=live.canvas1, zone="sees", text="From the sheet", by=facilitator, paper_entered=True
    )
    with pytest.raises(ValidationError, match="await a second person's confirmation"):
        services.canvas_publish(canvas=live.canvas1, by=facilitator)
    with pytest.raises(ValidationError, match="not the one who entered it"):
        services.card_confirm(card=card, by=facilitator)
    card.refresh_from_db()
    live.canvas1.refresh_from_db()
    assert card.confirmed_by is None and live.canvas1.published is None

    checker = make_user(Role.PLANNING, process=process)
    services.card_confirm(card=card, by=checker)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.card_confirm(card=card, by=checker)
    assert services.canvas_publish(canvas=live.canvas1, by=facilitator).number == 1


@pytest.mark.django_db
def test_a_card_written_at_the_table_needs_no_confirmation(live, facilitator):
    card = services.card_add(canvas=live.canvas1, zone="sees", text="Live", seat=live.seat1)
    with pytest.raises(ValidationError, match="Only a card entered from paper"):
        services.card_confirm(card=card, by=facilitator)
