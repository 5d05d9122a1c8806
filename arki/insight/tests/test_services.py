from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from .. import services
from ..models import DiaryDay, PaperEntry, ServiceUse
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def kajaani(municipalities):
    return municipalities["Kajaani"]


@pytest.fixture
def participant(process, kajaani):
    return factories.participant(process, kajaani)


def test_catalogue_is_seeded_with_every_category_and_sector():
    from ..enums import Sector, ServiceCategory
    from ..models import Service

    shared = Service.objects.filter(process__isnull=True)
    assert set(shared.values_list("category", flat=True)) == set(ServiceCategory.values)
    assert set(shared.values_list("sector", flat=True)) == set(Sector.values)
    assert shared.get(name="Terveysasema").name_sv == "Hälsostation"


def test_service_use_add_stores_a_plausible_row(participant):
    use = services.service_use_add(
        participant=participant,
        service=factories.service("Kirjasto"),
        frequency="weekly",
        channel="on_site",
        distance_km=Decimal("3.5"),
        travel_minutes=10,
        travel_mode="bicycle",
    )
    assert (use.service_name, use.distance_km, use.position) == ("Kirjasto", Decimal("3.5"), 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"travel_mode": "walk", "distance_km": 30, "travel_minutes": 20},
            "travel_minutes",
            "liian nopea",
        ),
        (
            {"travel_mode": "car", "distance_km": 600, "travel_minutes": 400},
            "distance_km",
            "enintään 500 km",
        ),
        (
            {"travel_mode": "car", "distance_km": 5, "travel_minutes": 0},
            "travel_minutes",
            "vähintään minuutin",
        ),
        ({"channel": "electronic", "travel_mode": "bus"}, "travel_mode", "Ei matkaa"),
        ({"channel": "on_site", "travel_mode": "none"}, "travel_mode", "kotiin tuleviin"),
    ],
)
def test_implausible_rows_are_refused_with_a_clear_message(participant, fields, field, message):
    values = {
        "participant": participant,
        "service": factories.service(),
        "frequency": "monthly",
        "channel": "on_site",
        "distance_km": 1,
        "travel_minutes": 5,
        "travel_mode": "car",
    }
    values.update(fields)
    with pytest.raises(ValidationError) as error:
        services.service_use_add(**values)
    [shown] = error.value.message_dict[field]  # one clear message, not a pile of them
    assert message in shown
    assert ServiceUse.objects.count() == 0


def test_free_text_service_needs_a_name(participant):
    with pytest.raises(ValidationError) as error:
        services.service_use_add(
            participant=participant, frequency="weekly", channel="electronic", travel_mode="none"
        )
    assert "service" in error.value.message_dict


def test_draft_is_kept_apart_from_saved_answers_until_the_day_is_saved(participant):
    services.diary_day_draft_save(participant=participant, day=2, data={"did_today": "Puoliksi"})
    day = DiaryDay.objects.get(participant=participant, day=2)
    assert (day.draft, day.did_today, day.is_saved) == ({"did_today": "Puoliksi"}, "", False)
    services.diary_day_save(participant=participant, day=2, values=factories.day_values())
    day.refresh_from_db()
    assert day.draft == {}
    assert day.did_today == "Kävin terveysasemalla."
    assert list(day.services.values_list("name", flat=True)) == ["Terveysasema"]


def test_late_autosave_after_saving_does_not_bring_back_a_draft(participant):
    services.diary_day_save(participant=participant, day=1, values=factories.day_values())
    with pytest.raises(services.StaleDraft):
        services.diary_day_draft_save(
            participant=participant, day=1, data={"did_today": "Puoli"}, base=""
        )
    day = DiaryDay.objects.get(participant=participant, day=1)
    assert day.draft == {}
    fresh = services.saved_version(day)
    services.diary_day_draft_save(
        participant=participant, day=1, data={"did_today": "Uusi"}, base=fresh
    )
    day.refresh_from_db()
    assert day.draft == {"did_today": "Uusi"}


def test_empty_day_cannot_be_saved_and_diary_needs_a_saved_day(participant):
    with pytest.raises(ValidationError):
        services.diary_day_save(participant=participant, day=1, values={})
    with pytest.raises(ValidationError):
        services.diary_submit(participant=participant)
    participant.refresh_from_db()
    assert participant.diary_returned_at is None


def test_paper_kit_without_double_entry_counts_at_once(participant, make_user):
    clerk = make_user("contact")
    entry = services.paper_entry_save(
        participant=participant, payload=factories.kit_payload(), by=clerk
    )
    participant.refresh_from_db()
    assert entry.applied_at is not None
    assert participant.returned_channel == "paper"
    assert participant.days.filter(saved_at__isnull=False).count() == 7
    assert participant.service_uses.count() == 1


def test_double_entry_waits_for_agreement(participant, make_user, process):
    services.settings_update(process=process, double_entry=True, by=make_user("facilitator"))
    first, second = make_user("contact"), make_user("contact")
    services.paper_entry_save(participant=participant, payload=factories.kit_payload(), by=first)
    participant.refresh_from_db()
    assert participant.diary_returned_at is None
    different = factories.kit_payload(travel_minutes=25)
    entry = services.paper_entry_save(participant=participant, payload=different, by=second)
    participant.refresh_from_db()
    assert (entry.round, entry.applied_at, participant.diary_returned_at) == (2, None, None)
    with pytest.raises(ValidationError):
        services.paper_entry_resolve(participant=participant, choices={}, by=first)
    services.paper_entry_resolve(
        participant=participant, choices={"map.0.travel_minutes": "2"}, by=first
    )
    participant.refresh_from_db()
    assert participant.diary_returned_at is not None
    assert participant.service_uses.get().travel_minutes == 25
    assert PaperEntry.objects.filter(applied_at__isnull=False).count() == 2


def test_equal_double_entries_count_without_resolution(participant, make_user, process):
    services.settings_update(process=process, double_entry=True, by=make_user("facilitator"))
    services.paper_entry_save(
        participant=participant, payload=factories.kit_payload(), by=make_user("contact")
    )
    services.paper_entry_save(
        participant=participant, payload=factories.kit_payload(), by=make_user("contact")
    )
    participant.refresh_from_db()
    assert participant.diary_returned_at is not None


def test_merge_maps_free_text_to_catalogue(participant, process, make_user):
    services.service_use_add(
        participant=participant,
        service_text="Kyläkauppa",
        frequency="weekly",
        channel="on_site",
        distance_km=1,
        travel_minutes=5,
        travel_mode="walk",
    )
    changed = services.service_text_merge(
        process=process,
        texts=["kyläkauppa"],
        service=factories.service("Ruokakauppa"),
        by=make_user("analyst"),
    )
    assert changed == 1
    assert participant.service_uses.get().service_name == "Ruokakauppa"


def test_reminders_go_by_email_or_sms_on_commit(
    participant, process, make_user, kajaani, mailoutbox, django_capture_on_commit_callbacks
):
    from arki.core.messaging import MemorySmsGateway

    MemorySmsGateway.outbox.clear()
    sms_person = factories.participant(process, kajaani, phone="040 123 4567")
    participant.person.email = "aino@example.invalid"
    participant.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(
            participants=[participant, sms_person], by=make_user("facilitator")
        )
    assert sent == {"email": 1, "sms": 1}
    assert mailoutbox[0].to == ["aino@example.invalid"]
    assert MemorySmsGateway.outbox[0].to == "+358401234567"
    assert sms_person.person.access_code in MemorySmsGateway.outbox[0].text
