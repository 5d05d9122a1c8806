import pytest

from arki.core.services import live as live_services

from .. import services
from ..gdpr import personal_data_erase, personal_data_export


@pytest.mark.django_db
def test_cards_written_at_a_persons_seat_are_exported_and_erased(
    live, make_person, facilitator, process
):
    person = make_person(process, process.municipalities.first())
    seat, _secret = live_services.seat_join(session=live.session, person=person)
    services.canvas_join(activity=live.activity, seat=seat, group=1)
    services.card_add(canvas=live.canvas1, zone="pains", text="My husband's memory", seat=seat)
    services.card_add(canvas=live.canvas1, zone="pains", text="Someone else's", seat=live.seat1)
    version = services.canvas_publish(canvas=live.canvas1, by=facilitator)

    exported = personal_data_export(person)
    assert [card["text"] for card in exported["canvas_cards"]] == ["My husband's memory"]

    assert personal_data_erase(person) == {"canvas_cards": 1, "canvas_versions_redacted": 1}
    assert list(live.canvas1.cards.values_list("text", flat=True)) == ["Someone else's"]
    assert personal_data_export(person) == {}
    version.refresh_from_db()  # the public version loses that card and keeps the others
    assert [c["text"] for c in version.snapshot["zones"][4]["cards"]] == ["Someone else's"]
