"""No card is lost when a table writes at once, under real parallel requests on PostgreSQL."""

from __future__ import annotations

from arki.core.services import live as live_services
from arki.core.tests.parallel import POSTGRES_RACES, run_parallel

from .. import services
from ..models import Canvas, Card

pytestmark = POSTGRES_RACES


def test_simultaneous_edits_of_one_card_save_exactly_one(live):
    for attempt in range(5):
        card = services.card_add(
            canvas=live.canvas1, zone="says", text=f"Alku {attempt}", seat=live.seat1
        )

        def edit(text, card=card):
            try:
                services.card_edit(card=card, text=text, expected_version=1, seat=live.seat1)
            except services.CardConflict:
                return "conflict"
            return "saved"

        outcomes = run_parallel([lambda t=f"Versio {k}": edit(t) for k in range(4)])

        assert outcomes.count("saved") == 1, outcomes
        card.refresh_from_db()
        assert card.version == 2 and card.text.startswith("Versio ")


def test_a_table_filling_at_once_gets_one_canvas(live):
    live.canvas2.delete()  # table 2 starts empty: its first people arrive together
    seats = [live_services.seat_join(session=live.session)[0] for _ in range(6)]
    canvases = run_parallel(
        [
            lambda s=seat: services.canvas_join(activity=live.activity, seat=s, group=2)
            for seat in seats
        ]
    )
    assert len({canvas.pk for canvas in canvases}) == 1
    assert Canvas.objects.filter(activity=live.activity, group=2).count() == 1


def test_simultaneous_adds_all_arrive_with_distinct_positions(live):
    texts = [f"Lappu {k}" for k in range(6)]
    run_parallel(
        [
            lambda t=text: services.card_add(
                canvas=live.canvas1, zone="hears", text=t, seat=live.seat1
            )
            for text in texts
        ]
    )
    cards = Card.objects.filter(canvas=live.canvas1, zone="hears")
    assert sorted(cards.values_list("text", flat=True)) == texts
    assert sorted(cards.values_list("position", flat=True)) == list(range(6))
