"""The places Arki ships: Statistics Finland's municipalities and wellbeing services counties
(arki/core/data/), loaded by migration 0013, renewed by ``arki load_classification``, and
offered by the new-process page grouped by county."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from arki.core.classification import SHIPPED_FILE, SHIPPED_YEAR, read_shipped_classification
from arki.core.enums import Role
from arki.core.kainuu import MUNICIPALITIES as KAINUU
from arki.core.kainuu import recode_old_kainuu_region
from arki.core.models import Municipality, Process, Region
from arki.core.services.places import classification_load

#: Municipalities on 1 January 2025 and 2026 (no mergers in between).
MUNICIPALITY_COUNT = 308
#: 21 wellbeing services counties, the City of Helsinki, and Åland (no county).
COUNTY_COUNT = 23

SAMI = {
    "047": ("Enontekiö", "Eanodat", "", ""),
    "148": ("Inari", "Anár", "Aanaar", "Aanar"),
    "758": ("Sodankylä", "Soađegilli", "", ""),
    "890": ("Utsjoki", "Ohcejohka", "", ""),
}


def _snapshot():
    regions = list(Region.objects.order_by("pk").values())
    municipalities = list(Municipality.objects.order_by("pk").values())
    return regions, municipalities


# --- the shipped file ---------------------------------------------------------------------


def test_the_shipped_file_holds_every_municipality_once_with_a_three_digit_code():
    classification = read_shipped_classification()
    codes = [row.code for row in classification.municipalities]
    assert classification.year == SHIPPED_YEAR == 2026
    assert len(codes) == MUNICIPALITY_COUNT
    assert len(set(codes)) == MUNICIPALITY_COUNT
    assert all(re.fullmatch(r"\d{3}", code) for code in codes)
    assert all(row.name and row.name_sv for row in classification.municipalities)


def test_every_county_has_municipalities_and_names_in_three_languages():
    classification = read_shipped_classification()
    per_county = Counter(row.county_code for row in classification.municipalities)
    assert len(classification.counties) == COUNTY_COUNT
    assert all(per_county[code] >= 1 for code in classification.counties)
    assert all(all(names) for names in classification.counties.values())
    # Uusimaa is four counties and the City of Helsinki; Åland belongs to no county.
    assert per_county["90"] == 1 and per_county["91"] == 16
    assert classification.counties["90"] == (
        "Helsingin kaupunki",
        "Helsingfors stad",
        "City of Helsinki",
    )
    assert classification.counties["20"][:2] == (
        "Kainuun hyvinvointialue",
        "Kajanalands välfärdsområde",
    )
    assert sum(per_county[code] for code in ("01", "02", "03", "04", "90")) == 26


def test_the_sami_homeland_municipalities_carry_their_official_sami_names():
    classification = read_shipped_classification()
    by_code = {row.code: row for row in classification.municipalities}
    for code, expected in SAMI.items():
        row = by_code[code]
        assert (row.name, row.name_se, row.name_smn, row.name_sms) == expected
    others = [r for r in classification.municipalities if r.code not in SAMI]
    assert not any(r.name_se or r.name_smn or r.name_sms for r in others)
    # The letters survive the file's encoding (UTF-8), not only plain ASCII.
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    for letter in ("á", "đ", "Å", "ä", "ö"):
        assert letter in text


# --- in the database ----------------------------------------------------------------------


@pytest.mark.django_db
def test_migrations_load_every_municipality_and_county():
    assert Municipality.objects.count() == MUNICIPALITY_COUNT
    assert Region.objects.count() == COUNTY_COUNT
    assert not Region.objects.filter(municipalities__isnull=True).exists()
    assert set(Municipality.objects.values_list("classification_year", flat=True)) == {2026}
    kajaani = Municipality.objects.select_related("region").get(code="205")
    assert (kajaani.name, kajaani.name_sv, kajaani.region.code) == ("Kajaani", "Kajana", "20")
    assert kajaani.region.name == "Kainuun hyvinvointialue"
    inari = Municipality.objects.get(code="148")
    assert (inari.name_se, inari.name_smn, inari.name_sms) == ("Anár", "Aanaar", "Aanar")
    assert Municipality.objects.get(code="758").name_se == "Soađegilli"
    abbreviations = list(Municipality.objects.values_list("abbreviation", flat=True))
    assert len(set(abbreviations)) == MUNICIPALITY_COUNT
    assert all(re.fullmatch(r"[A-Z0-9]{3}", a) for a in abbreviations)


@pytest.mark.django_db
def test_the_kainuu_demo_rows_keep_their_abbreviations_and_places():
    for code, name, name_sv, abbreviation, lat, lon in KAINUU:
        municipality = Municipality.objects.get(code=code)
        assert (municipality.name, municipality.name_sv) == (name, name_sv)
        assert (municipality.abbreviation, municipality.latitude, municipality.longitude) == (
            abbreviation,
            lat,
            lon,
        )
        assert municipality.region.code == "20"


@pytest.mark.django_db
def test_loading_the_shipped_file_again_changes_nothing(capsys):
    before = _snapshot()
    call_command("load_classification")
    assert _snapshot() == before
    out = capsys.readouterr().out
    assert "0 counties created, 0 updated" in out
    assert f"0 municipalities created, 0 updated, {MUNICIPALITY_COUNT} unchanged." in out
    assert "Kept, not in the file" not in out


@pytest.mark.django_db
def test_a_newer_file_renames_and_dates_without_touching_what_points_at_the_rows(tmp_path, process):
    kajaani = Municipality.objects.get(code="205")
    lines = SHIPPED_FILE.read_text(encoding="utf-8").splitlines()
    newer = [
        line.replace(";Kajana;", ";Kajana stad;").replace(";2026", ";2027")
        for line in lines
        if not line.startswith("#")
    ]
    newer = [line for line in newer if not line.startswith("890;")]  # as if merged away
    path = tmp_path / "kunta_1_20270101.csv"
    path.write_text("\n".join(newer) + "\n", encoding="utf-8")

    call_command("load_classification", str(path))

    renamed = Municipality.objects.get(code="205")
    assert (renamed.pk, renamed.name_sv, renamed.classification_year) == (
        kajaani.pk,
        "Kajana stad",
        2027,
    )
    assert (renamed.abbreviation, renamed.latitude) == (kajaani.abbreviation, kajaani.latitude)
    assert Region.objects.get(code="20").classification_year == 2027
    # Utsjoki is not in the newer file: kept (people may point at it), still dated 2026.
    assert Municipality.objects.get(code="890").classification_year == 2026
    assert process.municipalities.filter(pk=kajaani.pk).exists()


@pytest.mark.django_db
def test_an_old_kainuu_region_under_its_maakunta_code_gets_its_county_code(process):
    """A database seeded before the classification was shipped had Kainuu as region 18."""
    kainuu = Region.objects.get(code="20")
    Region.objects.filter(code="18").update(code="X18")  # Central Ostrobothnia, set aside
    Region.objects.filter(pk=kainuu.pk).update(code="18")

    recode_old_kainuu_region(Region, Municipality)

    kainuu.refresh_from_db()
    assert kainuu.code == "20"
    assert Process.objects.get(pk=process.pk).region_id == kainuu.pk
    # Run again: nothing to do.
    recode_old_kainuu_region(Region, Municipality)
    assert Region.objects.get(pk=kainuu.pk).code == "20"


@pytest.mark.django_db
def test_a_region_18_without_kajaani_is_not_recoded():
    central = Region.objects.get(code="18")
    Region.objects.filter(code="20").update(code="X20")
    recode_old_kainuu_region(Region, Municipality)
    assert Region.objects.get(pk=central.pk).code == "18"


@pytest.mark.django_db(transaction=True)
def test_loading_into_an_emptied_database_creates_everything(municipalities):
    """Transactional tests may start from a flushed database (only Kainuu re-seeded by the
    fixture): the service fills it again."""
    Municipality.objects.exclude(code__in=[row[0] for row in KAINUU]).delete()
    Region.objects.exclude(code="20").delete()
    report = classification_load(classification=read_shipped_classification())
    assert Municipality.objects.count() == MUNICIPALITY_COUNT
    assert report.created == MUNICIPALITY_COUNT - len(KAINUU)
    assert report.counties_created == COUNTY_COUNT - 1
    assert Municipality.objects.get(code="205").abbreviation == "KAJ"


# --- the new-process page -----------------------------------------------------------------


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def _form(municipalities, **extra):
    return {
        "template": "blank",
        "name": "Inarin palvelut",
        "slug": "inari",
        "municipalities": [m.pk for m in municipalities],
        **extra,
    }


@pytest.mark.django_db
def test_the_page_offers_every_county_and_groups_municipalities_by_it(
    client, facilitator, django_assert_max_num_queries
):
    client.force_login(facilitator)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("core:process_create")).content.decode()
    assert 'data-region-filter="id_municipalities"' in page
    options = re.findall(
        r'<option value="(\d+)"', page.split('id="id_region"')[1].split("</select>")[0]
    )
    assert len(options) == COUNTY_COUNT
    groups = re.findall(r'<fieldset class="choice-group region-group" data-region="(\d+)">', page)
    assert sorted(groups) == sorted(options)
    assert page.count('name="municipalities"') == MUNICIPALITY_COUNT


@pytest.mark.django_db
def test_a_process_outside_kainuu_takes_the_chosen_county(client, facilitator):
    lapland = Region.objects.get(code="21")
    inari, utsjoki = Municipality.objects.filter(code__in=["148", "890"]).order_by("code")
    client.force_login(facilitator)
    response = client.post(
        reverse("core:process_create"), _form([inari, utsjoki], region=lapland.pk)
    )
    assert response.status_code == 302
    process = Process.objects.get(slug="inari")
    assert process.region == lapland
    assert set(process.municipalities.all()) == {inari, utsjoki}


@pytest.mark.django_db
def test_municipalities_outside_the_chosen_county_are_refused_and_nothing_is_created(
    client, facilitator
):
    lapland = Region.objects.get(code="21")
    kajaani = Municipality.objects.get(code="205")
    client.force_login(facilitator)
    response = client.post(reverse("core:process_create"), _form([kajaani], region=lapland.pk))
    assert response.status_code == 200
    assert "Valitse vain alueen Lapin hyvinvointialue kuntia tai valitse toinen alue." in (
        response.content.decode()
    )
    assert not Process.objects.filter(slug="inari").exists()
