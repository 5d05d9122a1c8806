"""A workshop held at three local sittings: its voucher results per sitting, per municipality
and for the whole workshop add up."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import Channel
from arki.core.models import Municipality
from arki.core.services import live as live_services
from arki.core.services.processes import sitting_create

from .. import selectors, services
from .factories import BUS, HEALTH_CENTRE, LIBRARY, SWIMMING_HALL, catalogue, join

pytestmark = pytest.mark.django_db


def _sitting(workshop, code, day, facilitator):
    return sitting_create(
        workshop=workshop,
        municipality=Municipality.objects.get(code=code),
        place="Kirjasto",
        starts_at=timezone.make_aware(datetime.datetime(2014, 9, day, 17)),
        by=facilitator,
    )


def _vote(round_, session, item, vouchers, voters):
    for _n in range(voters):
        services.ballot_cast(round_=round_, seat=join(session), allocations={item.pk: vouchers})


@pytest.fixture
def held_at_three(process, facilitator, make_user):
    """Workshop 3 held in Kajaani (2 voters + a paper table), Kuhmo (1) and Sotkamo (3)."""
    workshop = process.workshops.get(position=3)
    round_ = services.round_create(
        workshop=workshop,
        title="Setelit",
        vouchers_per_participant=10,
        services=catalogue(HEALTH_CENTRE, SWIMMING_HALL, LIBRARY, BUS),
        by=facilitator,
    )
    items = {item.name: item for item in round_.items.all()}
    kajaani = _sitting(workshop, "205", 1, facilitator)
    kuhmo = _sitting(workshop, "290", 8, facilitator)
    sotkamo = _sitting(workshop, "765", 15, facilitator)
    plan = [
        (kajaani, items[HEALTH_CENTRE], 4, 2),
        (kuhmo, items[BUS], 10, 1),
        (sotkamo, items[LIBRARY], 3, 3),
    ]
    for sitting, item, vouchers, voters in plan:
        session = live_services.session_open(workshop=workshop, by=facilitator, sitting=sitting)
        services.round_start_live(round_=round_, session=session, by=facilitator)
        _vote(round_, session, item, vouchers, voters)
        live_services.session_close(session=session, by=facilitator)
    tally = services.tally_save(
        round_=round_,
        table="Pöytä 1",
        ballots=2,
        counts={items[SWIMMING_HALL].pk: 7},
        by=facilitator,
        sitting=kajaani,
    )
    services.tally_confirm(tally=tally, by=make_user("facilitator", process=process))
    return round_, items, (kajaani, kuhmo, sotkamo)


def _values(totals):
    """Vouchers per item, by the item's Finnish name (its catalogue name)."""
    names = {item.pk: item.name for item in totals.items}
    return {names[row.key]: row.value for row in totals.item_rows}


def test_results_split_per_sitting_and_sum_to_the_whole(held_at_three):
    round_, _items, (kajaani, kuhmo, sotkamo) = held_at_three
    split = selectors.round_totals_split(round_)
    by_sitting = {place.where.sitting: place.totals for place in split.by_sitting}

    assert _values(by_sitting[kajaani]) == {HEALTH_CENTRE: 8, SWIMMING_HALL: 7, LIBRARY: 0, BUS: 0}
    assert by_sitting[kajaani].participants == 4  # two online, two on paper
    assert _values(by_sitting[kuhmo]) == {HEALTH_CENTRE: 0, SWIMMING_HALL: 0, LIBRARY: 0, BUS: 10}
    assert _values(by_sitting[sotkamo])[LIBRARY] == 9
    assert by_sitting[sotkamo].participants == 3

    whole = selectors.round_totals(round_)
    assert whole.vouchers == sum(t.vouchers for t in by_sitting.values()) == 34
    assert whole.participants == sum(t.participants for t in by_sitting.values()) == 8
    for label, value in _values(whole).items():
        assert value == sum(_values(t)[label] for t in by_sitting.values())


def test_municipality_columns_gather_their_sittings(held_at_three, facilitator):
    round_, items, (_kajaani, _kuhmo, _sotkamo) = held_at_three
    second = _sitting(round_.workshop, "205", 20, facilitator)
    session = live_services.session_open(workshop=round_.workshop, by=facilitator, sitting=second)
    services.round_start_live(round_=round_, session=session, by=facilitator)
    _vote(round_, session, items[HEALTH_CENTRE], 1, 1)

    split = selectors.round_totals_split(round_)
    by_municipality = {
        place.where.municipality.code: place.totals for place in split.by_municipality
    }
    assert _values(by_municipality["205"])[HEALTH_CENTRE] == 8 + 1
    assert by_municipality["205"].participants == 5
    assert set(by_municipality) == {"205", "290", "765"}


def test_results_page_filters_to_one_sitting(client, held_at_three, facilitator):
    round_, _items, (_kajaani, kuhmo, _sotkamo) = held_at_three
    client.force_login(facilitator)
    url = reverse("budgeting:results", args=[round_.workshop.process.slug, round_.pk])
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole.context["totals"].vouchers == 34
    only_kuhmo = client.get(url, {"sitting": kuhmo.pk})
    assert only_kuhmo.context["totals"].vouchers == 10
    assert "Showing the results of" in only_kuhmo.content.decode()
    by_town = client.get(url, {"municipality": kuhmo.municipality_id})
    assert by_town.context["totals"].vouchers == 10
    # A sitting of another workshop (or nonsense) shows the whole, never another's figures.
    assert client.get(url, {"sitting": "x"}).context["totals"].vouchers == 34


def test_a_paper_tally_names_a_sitting_of_its_own_workshop(held_at_three, process, facilitator):
    from django.core.exceptions import ValidationError

    round_, items, _sittings = held_at_three
    other = _sitting(process.workshops.get(position=1), "205", 2, facilitator)
    with pytest.raises(ValidationError):
        services.tally_save(
            round_=round_,
            table="Pöytä 9",
            ballots=1,
            counts={items[BUS].pk: 1},
            by=facilitator,
            sitting=other,
        )
    assert not round_.tallies.filter(table="Pöytä 9").exists()


def test_channel_of_paper_votes_is_kept_per_sitting(held_at_three):
    round_, _items, (kajaani, kuhmo, _s) = held_at_three
    kajaani_totals = selectors.round_totals(round_, selectors.Where(sitting=kajaani))
    channels = {row.channel: row.participants for row in kajaani_totals.channels}
    assert channels == {Channel.ONLINE: 2, Channel.PAPER: 2}
    assert selectors.round_totals(round_, selectors.Where(sitting=kuhmo)).channels[0].channel == (
        Channel.ONLINE
    )


def test_table_1_of_each_sitting_is_its_own_tally(held_at_three, make_user, process):
    round_, items, (kajaani, kuhmo, _sotkamo) = held_at_three
    facilitator = round_.created_by
    kuhmo_tally = services.tally_save(
        round_=round_,
        table="Pöytä 1",
        ballots=1,
        counts={items[BUS].pk: 3},
        by=facilitator,
        sitting=kuhmo,
    )
    kajaani_tally = round_.tallies.get(sitting=kajaani)
    assert kuhmo_tally.pk != kajaani_tally.pk
    assert kajaani_tally.is_confirmed and kajaani_tally.total == 7  # untouched
    assert round_.tallies.filter(table="Pöytä 1").count() == 2


def test_public_workshop_page_shows_each_sittings_published_results(client, held_at_three):
    from arki.core.services.processes import workshop_publish

    round_, _items, (kajaani, kuhmo, sotkamo) = held_at_three
    facilitator = round_.created_by
    services.round_close(round_=round_, by=facilitator)
    round_.refresh_from_db()
    services.round_publish(round_=round_, by=facilitator, publish=True)
    workshop_publish(workshop=round_.workshop, by=facilitator)
    process = round_.workshop.process
    page = client.get(reverse("site:workshop", args=[process.slug, 3]))
    (section,) = [s for s in page.context["sections"] if "split" in s.context]
    columns = [place.label for place in section.context["split"].by_sitting]
    assert columns == [str(kajaani), str(kuhmo), str(sotkamo)]
    html = page.content.decode()
    assert str(kuhmo) in html and "Vouchers by sitting and municipality" in html
