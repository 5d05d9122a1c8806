"""The maintained chart counts equal a recount of the map rows after every kind of write."""

from __future__ import annotations

import io
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from arki.core.services.gdpr import person_erase
from arki.core.services.people import person_update

from .. import services
from ..chart_counts import DISTANCE_BINS, MINUTE_BINS, chart_counts_rebuild
from ..gdpr import personal_data_erase
from ..models import ChartCount, ServiceUse
from ..selectors import chart_counts_for, insight_workshop
from ..transfer import REQUIRED, import_table
from . import factories

pytestmark = pytest.mark.django_db
MAP_HEADER = REQUIRED["maps"]


def _bin(value: float, bins: list[tuple[int, int | None]]) -> str:
    for index, (low, high) in enumerate(bins):
        if low <= value and (high is None or value < high):
            return str(index)
    raise AssertionError(value)


def recount(process, scope=None) -> dict[tuple[str, str, str], int]:
    """The charts' figures counted row by row in Python, independent of `chart_counts`."""
    counts: Counter[tuple[str, str, str]] = Counter()
    uses = ServiceUse.objects.filter(participant__workshop=insight_workshop(process))
    for use in uses.select_related("service", "participant__person"):
        person = use.participant.person
        if scope is not None and person.municipality_id not in scope:
            continue
        group = person.age_group
        counts["category", use.service.category if use.service else "unmapped", group] += 1
        counts["mode", use.travel_mode, group] += 1
        counts["channel", use.channel, group] += 1
        if use.channel != "electronic":
            counts["distance", _bin(float(use.distance_km), DISTANCE_BINS), group] += 1
            counts["minutes", _bin(use.travel_minutes, MINUTE_BINS), group] += 1
    return dict(counts)


def stored() -> set[tuple]:
    return set(
        ChartCount.objects.exclude(n=0).values_list(
            "workshop_id", "municipality_id", "age_group", "dimension", "bucket", "n"
        )
    )


def assert_counts_true(process, municipalities) -> None:
    """Maintained = recount (whole process and one municipality) = rebuilt from scratch."""
    workshop = insight_workshop(process)
    assert chart_counts_for(workshop) == recount(process)
    kuhmo = {municipalities["Kuhmo"].pk}
    assert chart_counts_for(workshop, kuhmo) == recount(process, kuhmo)
    maintained = stored()
    chart_counts_rebuild()
    assert stored() == maintained


def _rows():
    return [
        factories.map_row(),
        factories.map_row(
            service=factories.service("Kirjasto").pk,
            distance_km="0.5",
            travel_minutes=8,
            travel_mode="walk",
        ),
        factories.map_row(
            service=None,
            service_text="Kyläkauppa",
            distance_km="55",
            travel_minutes=61,
            travel_mode="car",
        ),
        factories.map_row(
            channel="electronic", distance_km="0", travel_minutes=0, travel_mode="none"
        ),
        factories.map_row(channel="both", distance_km="5", travel_minutes=15, travel_mode="taxi"),
    ]


@pytest.fixture
def maps(process, municipalities):
    """Four participants in two municipalities and two age groups, with varied maps."""
    result = []
    for name, band in (("Kuhmo", "75-84"), ("Kuhmo", "13-17"), ("Kajaani", "30-64")):
        participant = factories.participant(process, municipalities[name], age_band=band)
        services.kit_apply(participant=participant, payload={"map": _rows(), "days": {}})
        result.append(participant)
    result.append(factories.participant(process, municipalities["Kajaani"], age_band="85+"))
    assert_counts_true(process, municipalities)
    return result


def test_add_and_delete_one_row(process, municipalities, maps):
    use = services.service_use_add(
        participant=maps[3],
        service=factories.service("Apteekki"),
        frequency="weekly",
        channel="on_site",
        distance_km=Decimal("30"),
        travel_minutes=30,
        travel_mode="service",
    )
    assert_counts_true(process, municipalities)
    services.service_use_delete(use=maps[0].service_uses.first())
    services.service_use_delete(use=use)
    assert_counts_true(process, municipalities)


def test_kit_entered_again_replaces_the_counts(process, municipalities, maps):
    edited = _rows()[1:]
    edited[0]["travel_minutes"] = 4
    services.kit_apply(participant=maps[1], payload={"map": edited, "days": {}})
    assert_counts_true(process, municipalities)
    services.kit_apply(participant=maps[1], payload={"map": [], "days": {}})
    assert_counts_true(process, municipalities)


def test_double_entry_counts_only_once_resolved(process, municipalities, maps, make_user):
    services.settings_update(process=process, double_entry=True, by=make_user())
    first, second = make_user("contact", process=process), make_user("contact", process=process)
    payload = factories.kit_payload(days=1, travel_minutes=40)
    services.paper_entry_save(participant=maps[3], payload=payload, by=first)
    before = chart_counts_for(insight_workshop(process))
    services.paper_entry_save(
        participant=maps[3], payload=factories.kit_payload(days=1, travel_minutes=45), by=second
    )
    assert chart_counts_for(insight_workshop(process)) == before
    services.paper_entry_resolve(
        participant=maps[3], choices={"map.0.travel_minutes": "2"}, by=first
    )
    assert_counts_true(process, municipalities)


def test_import_replaces_maps_and_adds_new_ones(process, municipalities, maps, make_user):
    header = MAP_HEADER
    newcomer = factories.participant(process, municipalities["Kuhmo"], age_band="18-29")
    rows = [
        [maps[0].person.code, "Kirjasto", "weekly", "on_site", "2", "10", "bus"],
        [maps[0].person.code, "Oma kyläkauppa", "daily", "on_site", "0,5", "5", "walk"],
        [newcomer.person.code, "Terveysasema", "monthly", "electronic", "0", "0", "none"],
    ]
    result = import_table(
        process=process,
        kind="maps",
        header=header,
        rows=[dict(zip(header, row, strict=True)) for row in rows],
        by=make_user("facilitator", process=process),
    )
    assert result.ok, result.errors
    assert_counts_true(process, municipalities)


def test_refused_import_changes_no_counts(process, municipalities, maps, make_user):
    header = MAP_HEADER
    before = stored()
    wrong = [maps[0].person.code, "Kirjasto", "x", "on_site", "2", "10", "bus"]
    result = import_table(
        process=process,
        kind="maps",
        header=header,
        rows=[dict(zip(header, wrong, strict=True))],
        by=make_user("facilitator", process=process),
    )
    assert not result.ok
    assert stored() == before


def test_merge_moves_free_text_rows_to_the_category(process, municipalities, maps, make_user):
    shop = factories.service("Ruokakauppa")
    changed = services.service_text_merge(
        process=process, texts=["kyläkauppa"], service=shop, by=make_user("analyst")
    )
    assert changed == 3
    counts = chart_counts_for(insight_workshop(process))
    assert not any(bucket == "unmapped" for _dimension, bucket, _group in counts)
    assert_counts_true(process, municipalities)


def test_gdpr_erasure_keeps_the_counts(process, municipalities, maps, make_user):
    before = stored()
    personal_data_erase(maps[0].person)
    person_erase(person=maps[1].person, by=make_user("admin", superuser=True))
    assert stored() == before
    assert_counts_true(process, municipalities)


def test_core_edit_of_age_band_and_municipality_moves_the_counts(
    process, municipalities, maps, make_user
):
    """The core's `person_update` calls insight's `person_changed` hook in its transaction."""
    by = make_user("facilitator", process=process)
    kuhmo, kajaani = municipalities["Kuhmo"], municipalities["Kajaani"]
    version = services.settings_for(process).data_version
    before = stored()
    person_update(person=maps[0].person, by=by, age_band="18-29")  # older -> young
    assert stored() != before
    assert_counts_true(process, municipalities)
    person_update(person=maps[1].person, by=by, municipality=kajaani)  # Kuhmo -> Kajaani
    assert_counts_true(process, municipalities)
    person_update(person=maps[2].person, by=by, municipality=kuhmo, age_band="85+")  # both
    assert_counts_true(process, municipalities)
    before = stored()
    person_update(person=maps[0].person, by=by, age_band="13-17")  # same age group
    person_update(person=maps[3].person, by=by, municipality=kuhmo)  # no map rows
    assert stored() == before
    assert_counts_true(process, municipalities)
    assert services.settings_for(process).data_version > version  # cached figures renewed


def test_edit_page_moves_the_counts(client, process, municipalities, maps, make_user):
    client.force_login(make_user("facilitator", process=process))
    person = maps[2].person
    response = client.post(
        reverse("core:person_edit", args=[process.slug, person.code]),
        {"municipality": municipalities["Kuhmo"].pk, "age_band": "65-74", "language": "fi"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.municipality.name, person.age_band) == ("Kuhmo", "65-74")
    assert_counts_true(process, municipalities)


def test_counts_go_with_the_process(process, municipalities, maps):
    process.delete()
    assert not ChartCount.objects.exists()


def test_rebuild_command_repairs_lost_counts(process, municipalities, maps):
    expected = stored()
    ChartCount.objects.all().delete()
    ServiceUse.objects.filter(participant=maps[2]).delete()  # a change outside the services
    out = io.StringIO()
    call_command("insight_charts_rebuild", "--process", process.slug, stdout=out)
    assert "rebuilt" in out.getvalue()
    assert stored() != expected
    assert chart_counts_for(insight_workshop(process)) == recount(process)


def test_contact_person_charts_show_their_municipality_only(
    client, process, municipalities, maps, make_user
):
    client.force_login(make_user("contact", process=process, municipality=municipalities["Kuhmo"]))
    response = client.get(reverse("insight:charts", kwargs={"slug": process.slug}))
    charts = response.context["charts"]
    assert charts["uses"] == 10  # two Kuhmo maps of five rows
    young = [cell["count"] for row in charts["by_category"] for cell in row["cells"][:1]]
    assert sum(young) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel transactions")
def test_parallel_kits_lose_no_counts(process, municipalities):
    """Kits entered at the same moment in the same municipality and age group all count."""
    from ..demo import ensure_catalogue

    ensure_catalogue()
    people = [factories.participant(process, municipalities["Kuhmo"]) for _n in range(6)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def enter(participant) -> None:
        try:
            barrier.wait()
            services.kit_apply(participant=participant, payload={"map": _rows(), "days": {}})
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enter, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert chart_counts_for(insight_workshop(process)) == recount(process)
    assert chart_counts_for(insight_workshop(process))["channel", "on_site", "older"] == 18
