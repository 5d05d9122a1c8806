"""The public process website: what anyone sees, in which language, with how many queries."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import GroupKind, TargetGroup
from arki.core.models import Process, Workshop
from arki.core.registry import registry
from arki.core.services.processes import sitting_create, workshop_publish, workshop_update

from .factories import GroupMemberFactory, NewsPostFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def publish(workshop: Workshop, summary: str = "110 palautti päiväkirjan.", **fields) -> Workshop:
    workshop_update(workshop=workshop, by=None, results_summary=summary, **fields)
    return workshop_publish(workshop=workshop, by=None)


# --- index -------------------------------------------------------------------------------


def test_index_lists_only_public_processes(client, process):
    process.description = "Lähipalvelut kuntoon yhdessä asukkaiden kanssa."
    process.save()
    Process.objects.create(region=process.region, slug="salainen", name="Salainen prosessi")
    page = text(client.get(reverse("site:index")))
    assert "Testiprosessi" in page
    assert "Lähipalvelut kuntoon yhdessä asukkaiden kanssa." in page
    assert reverse("site:process", args=["testi"]) in page
    assert "Salainen prosessi" not in page
    assert "<title>Lähipalvelujen kehittäminen asukaslähtöisesti – Arki</title>" in page


def test_index_without_public_processes_shows_empty_state(client, db):
    page = text(client.get(reverse("site:index")))
    assert "Yhtään prosessia ei ole vielä julkaistu." in page


# --- non-public processes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("site:process", []),
        ("site:workshop", [1]),
        ("site:news_list", []),
        ("site:news_detail", ["uutinen"]),
        ("site:contacts", []),
        ("site:feed", []),
    ],
)
def test_pages_of_a_non_public_process_are_not_found(client, process, name, extra):
    NewsPostFactory(process=process, slug="uutinen")
    process.is_public = False
    process.save()
    assert client.get(reverse(name, args=["testi", *extra])).status_code == 404


def test_unknown_workshop_and_news_post_are_not_found(client, process):
    assert client.get(reverse("site:workshop", args=["testi", 99])).status_code == 404
    assert client.get(reverse("site:news_detail", args=["testi", "ei-ole"])).status_code == 404


# --- process home ------------------------------------------------------------------------


def test_process_home_of_a_finished_process_marks_the_last_phase_as_latest(client, process):
    page = text(client.get(reverse("site:process", args=["testi"])))
    assert "<h1>Testiprosessi</h1>" in page
    assert page.count("<h1") == 1
    assert "Prosessi on päättynyt." in page
    assert page.count("Päättynyt</span>") == 3
    assert page.count("Viimeisin vaihe</span>") == 1
    assert "Käynnissä oleva vaihe" not in page
    assert "Kausi 1: ideointi ja suunnittelu" in page
    assert "Tulevia työpajoja ei ole." in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert reverse("site:feed", args=["testi"]) in page
    assert reverse("site:contacts", args=["testi"]) in page


def test_process_home_marks_the_current_phase_with_text(client, running_process):
    page = text(client.get(reverse("site:process", args=["nyt"])))
    # 100 days in: ideation is over, planning is under way, season 2 has not begun.
    assert page.count('aria-current="step"') == 1
    assert page.count("Käynnissä oleva vaihe</span>") == 1
    assert page.count("Päättynyt</span>") == 1
    assert page.count("Tulossa</span>") == 2
    assert "Prosessi on päättynyt." not in page


def test_process_home_lists_upcoming_and_past_workshops(client, running_process, municipalities):
    first = running_process.workshops.get(position=1)
    publish(first, participant_count=160, municipality=municipalities["Kuhmo"], place="Kirjasto")
    second = running_process.workshops.get(position=2)
    workshop_update(workshop=second, by=None, results_summary="Ei vielä julkinen yhteenveto.")
    page = text(client.get(reverse("site:process", args=["nyt"])))
    upcoming, past = page.split('id="past-heading"')
    assert "Työpaja 1: Asiakasymmärrys" in past
    assert "Kirjasto, Kuhmo" in past
    assert "160" in past
    groups = [TargetGroup.RESIDENTS.label, TargetGroup.YOUNG.label, TargetGroup.OLDER.label]
    assert ", ".join(str(label) for label in groups) in past
    assert "110 palautti päiväkirjan." in past
    # Workshop 2 (day 98) is in the past but unpublished: its summary stays hidden.
    assert "Työpaja 2: Toimintamalli" in past
    assert "Ei vielä julkinen yhteenveto." not in page
    assert "Tuloksia ei ole vielä julkaistu." in past
    assert "Työpaja 3: Osallistava budjetointi" in upcoming
    assert "Koko alue" in upcoming


def test_process_home_shows_latest_five_news_only(client, process):
    for n in range(7):
        NewsPostFactory(
            process=process,
            title=f"Uutinen numero {n}",
            published_at=timezone.now() - datetime.timedelta(days=n + 1),
        )
    page = text(client.get(reverse("site:process", args=["testi"])))
    assert [f"Uutinen numero {n}" in page for n in range(7)] == [True] * 5 + [False] * 2


def grow(process, factor: int) -> None:
    """Add workshops, news and contacts so the data is `factor` times the template's."""
    workshops = [
        Workshop(
            process=process,
            position=10 + n,
            title=f"Lisätyöpaja {n}",
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=n),
            target_groups=["young", "older"],
            municipality=process.municipalities.first(),
            is_published=True,
            published_at=timezone.now(),
            results_summary="Tulokset.",
        )
        for n in range(1, 10 * (factor - 1) + 1)
    ]
    Workshop.objects.bulk_create(workshops)
    for _ in range(10 * factor):
        NewsPostFactory(process=process)
    for municipality in process.municipalities.all()[:factor]:
        GroupMemberFactory(process=process, municipality=municipality, is_contact_person=True)
        GroupMemberFactory(process=process, group=GroupKind.PROJECT)
        sitting_create(
            workshop=process.workshops.get(position=1),
            municipality=municipality,
            place="Kirjasto",
            starts_at=timezone.now(),
        )


@pytest.mark.parametrize("factor", [1, 10])
@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("site:process", ["testi"], 4),
        ("site:workshop", ["testi", 1], 4),
        ("site:news_list", ["testi"], 3),
        ("site:contacts", ["testi"], 2),
        ("site:feed", ["testi"], 3),
    ],
)
def test_query_count_does_not_grow_with_data(
    client, process, django_assert_num_queries, monkeypatch, factor, name, args, queries
):
    # Tools' result sections run their own queries (and test them); count only the page's.
    monkeypatch.setattr(registry, "tools", list)
    grow(process, factor)
    publish(process.workshops.get(position=1))
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


# --- workshop page -----------------------------------------------------------------------


def test_unpublished_workshop_hides_results_and_tool_sections(client, process, results_tool):
    workshop = process.workshops.get(position=3)
    workshop_update(workshop=workshop, by=None, results_summary="Salainen yhteenveto.")
    page = text(client.get(reverse("site:workshop", args=["testi", 3])))
    assert "<h1>Työpaja 3: Osallistava budjetointi</h1>" in page
    assert "Hyvinvointiseteleiden jako" in page  # agenda
    assert "Hyvinvointisetelit: 10 seteliä jokaiselle" in page  # methods
    assert "Salainen yhteenveto." not in page
    assert "Tämän työpajan tuloksia ei ole vielä julkaistu." in page
    assert "Terveyspalvelut saivat eniten seteleitä." not in page
    assert results_tool == []


def test_published_workshop_shows_summary_and_every_tools_section(client, process, results_tool):
    publish(process.workshops.get(position=3), summary="Terveys ensin.")
    page = text(client.get(reverse("site:workshop", args=["testi", 3])))
    assert "Terveys ensin." in page
    assert "<h3>Hyvinvointisetelit</h3>" in page
    assert "Terveyspalvelut saivat eniten seteleitä." in page
    assert '<th scope="row">Liikuntapalvelut</th><td class="num">230</td>' in page
    assert results_tool == [3]


def test_upcoming_workshop_promises_results_after_it(client, running_process):
    page = text(client.get(reverse("site:workshop", args=["nyt", 10])))
    assert "Tulokset julkaistaan täällä työpajan jälkeen." in page
    assert 'aria-current="page">Työpaja 10</li>' in page


# --- news --------------------------------------------------------------------------------


def test_news_list_paginates_ten_per_page_and_hides_unpublished(client, process):
    for n in range(12):
        NewsPostFactory(
            process=process,
            title=f"Julkaistu {n:02d}",
            published_at=timezone.now() - datetime.timedelta(hours=n + 1),
        )
    NewsPostFactory(process=process, title="Luonnos", is_published=False)
    NewsPostFactory(
        process=process, title="Ajastettu", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    url = reverse("site:news_list", args=["testi"])
    first = text(client.get(url))
    second = text(client.get(url, {"page": 2}))
    assert [f"Julkaistu {n:02d}" in first for n in range(12)] == [True] * 10 + [False] * 2
    assert "Julkaistu 10" in second and "Julkaistu 11" in second
    assert 'href="?page=2"' in first and 'href="?page=1"' in second
    for page in (first, second):
        assert "Luonnos" not in page and "Ajastettu" not in page
    # A page number out of range shows the last page rather than an error.
    assert "Julkaistu 11" in text(client.get(url, {"page": 99}))


def test_news_list_empty_state(client, process):
    assert "Ei vielä uutisia." in text(client.get(reverse("site:news_list", args=["testi"])))


def test_news_detail_shows_post_and_its_workshop(client, process):
    workshop = process.workshops.get(position=1)
    NewsPostFactory(
        process=process,
        slug="tulokset",
        title="Työpajan 1 tulokset",
        body="Kiitos kaikille!\n\nSeuraavaksi analyysi.",
        workshop=workshop,
        published_at=timezone.make_aware(datetime.datetime(2014, 6, 22, 12)),
    )
    page = text(client.get(reverse("site:news_detail", args=["testi", "tulokset"])))
    assert "<h1>Työpajan 1 tulokset</h1>" in page
    assert "<p>Kiitos kaikille!</p>" in page
    assert '<time datetime="2014-06-22T12:00:00+03:00">22. kesäkuuta 2014</time>' in page
    assert reverse("site:workshop", args=["testi", 1]) in page
    assert "<title>Työpajan 1 tulokset – Testiprosessi – Arki</title>" in page


@pytest.mark.parametrize(
    "fields", [{"is_published": False}, {"published_at": timezone.now() + datetime.timedelta(1)}]
)
def test_unpublished_or_scheduled_news_post_is_not_found(client, process, fields):
    NewsPostFactory(process=process, slug="piilossa", **fields)
    assert client.get(reverse("site:news_detail", args=["testi", "piilossa"])).status_code == 404


# --- contacts ----------------------------------------------------------------------------


def test_contacts_show_contact_persons_by_municipality_and_project_group(
    client, process, municipalities
):
    GroupMemberFactory(
        process=process,
        name="Liisa Kuhmolainen",
        municipality=municipalities["Kuhmo"],
        is_contact_person=True,
        work_email="liisa@kuhmo.invalid",
        work_phone="044 123 4567",
    )
    GroupMemberFactory(
        process=process, group=GroupKind.PROJECT, name="Fanni Fasilitaattori", title="Kehittäjä"
    )
    GroupMemberFactory(process=process, name="Pekka Piilossa", municipality=municipalities["Kuhmo"])
    page = text(client.get(reverse("site:contacts", args=["testi"])))
    kuhmo = page.split("<h3>Kuhmo</h3>")[1].split("</div>")[0]
    assert "Liisa Kuhmolainen" in kuhmo
    assert 'href="mailto:liisa@kuhmo.invalid"' in kuhmo
    assert 'href="tel:0441234567">044 123 4567</a>' in kuhmo
    project = page.split('id="project-heading"')[1]
    assert "Fanni Fasilitaattori" in project and "Kehittäjä" in project
    # Planning-group members who are not contact persons are not published.
    assert "Pekka Piilossa" not in page


def test_contacts_empty_state(client, process):
    page = text(client.get(reverse("site:contacts", args=["testi"])))
    assert "Yhteyshenkilöitä ei ole vielä nimetty." in page
    assert "Projektiryhmää ei ole vielä nimetty." in page


# --- Atom feed ---------------------------------------------------------------------------


def test_feed_is_valid_atom_with_news_and_published_results(client, process):
    NewsPostFactory(
        process=process,
        slug="kutsu",
        title="Tervetuloa työpajaan",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    NewsPostFactory(process=process, slug="luonnos", title="Luonnos", is_published=False)
    publish(process.workshops.get(position=1), summary="110 päiväkirjaa.")
    response = client.get(reverse("site:feed", args=["testi"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi"
    assert feed.findtext(f"{ATOM}title") == "Testiprosessi"
    assert feed.findtext(f"{ATOM}updated")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Työpajan 1 tulokset: Asiakasymmärrys",
        "Tervetuloa työpajaan",
    ]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "http://testserver/p/testi/workshops/1/",
        "http://testserver/p/testi/news/kutsu/",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}published")
    assert entries[0].findtext(f"{ATOM}summary") == "110 päiväkirjaa."


def test_feed_in_swedish_has_swedish_titles_and_links(client, process):
    workshop = process.workshops.get(position=1)
    publish(workshop, results_summary_sv="110 dagböcker.")
    feed = ET.fromstring(client.get("/sv/p/testi/feed.atom").content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Resultat från workshop 1: Kundinsikt"
    assert entry.findtext(f"{ATOM}summary") == "110 dagböcker."
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/sv/p/testi/workshops/1/"


# --- languages ---------------------------------------------------------------------------


def switch_language(client, page: str, language: str):
    """Submit the page's language switcher form as a browser without JavaScript would."""
    form = page.split('class="language-switcher"')[1].split("</form>")[0]
    action = reverse("set_language")
    assert f'action="{action}" method="post"' in page
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', form).group(1)
    return client.post(action, {"language": language, "next": next_url})


def test_language_switcher_changes_text_fi_sv_en_with_finnish_fallback(client, process):
    process.name_sv = "Testprocess"
    process.save()
    NewsPostFactory(process=process, title="Vain suomeksi", title_en="Also in English")
    home = reverse("site:process", args=["testi"])
    page = text(client.get(home))
    assert "Tulevat työpajat" in page and "<h1>Testiprosessi</h1>" in page

    response = switch_language(client, page, "sv")
    assert response.status_code == 302 and response["Location"] == "/sv/p/testi/"
    page = text(client.get(response["Location"]))
    assert '<html lang="sv">' in page
    assert "Kommande workshoppar" in page and "<h1>Testprocess</h1>" in page
    assert "Vain suomeksi" in page  # untranslated content falls back to Finnish
    assert "Workshop 1: Kundinsikt" in page

    response = switch_language(client, page, "en")
    assert response["Location"] == "/en/p/testi/"
    page = text(client.get(response["Location"]))
    assert "Upcoming workshops" in page
    assert "<h1>Testiprosessi</h1>" in page  # no English name: Finnish
    assert "Also in English" in page
    assert "Workshop 1: Customer insight" in page

    response = switch_language(client, page, "fi")
    assert response["Location"] == "/p/testi/"
    assert "Tulevat työpajat" in text(client.get(response["Location"]))


def test_language_switcher_buttons_carry_their_language(client, process):
    page = text(client.get(reverse("site:process", args=["testi"])))
    for code in ("fi", "sv", "en"):
        assert f'value="{code}" lang="{code}"' in page


# --- accessibility statement and privacy notice -----------------------------------------


def test_accessibility_statement_has_the_legally_required_parts(client, db):
    page = text(client.get(reverse("site:accessibility")))
    assert "<h1>Saavutettavuusseloste</h1>" in page
    assert "WCAG) 2.1 AA-taso" in page
    assert "306/2019" in page
    assert "Palvelu täyttää saavutettavuusvaatimukset osittain." in page
    assert "PDF-tiedostot" in page
    assert 'href="mailto:saavutettavuus@arki.invalid"' in page
    assert "Liikenne- ja viestintävirasto Traficom, saavutettavuusvalvonta" in page
    assert "www.saavutettavuusvaatimukset.fi" in page
    assert "Tämä seloste on laadittu 28. marraskuuta 2026." in page


def test_accessibility_feedback_address_comes_from_settings(client, db, settings):
    settings.ARKI_ACCESSIBILITY_CONTACT = "saavutettavuus@kainuu.invalid"
    page = text(client.get("/en/accessibility/"))
    assert 'href="mailto:saavutettavuus@kainuu.invalid"' in page
    assert "Finnish Transport and Communications Agency Traficom" in page


def test_privacy_notice_covers_controller_data_basis_rights_and_contact(client, process):
    page = text(client.get(reverse("site:privacy")))
    assert "<h1>Tietosuojaseloste</h1>" in page
    for part in (
        "Rekisterinpitäjä on se hyvinvointialue tai kunta",
        "Palvelukartat ja palvelupäiväkirjat",
        "alle 18-vuotiaan osallistujan puolesta suostumuksen antaa myös huoltaja",
        "pseudonymisoidut tiedot",
        "poistetaan viimeistään vuoden kuluttua",
        "paperilomakkeet, poistetaan palvelusta 7 päivän kuluttua",
        "poistetaan heti kun ne on luettu, viimeistään 7 päivän kuluttua lataamisesta",
        "Saada tietosi koneluettavana tiedostona",
        "tietosuojavaltuutetulle",
        'href="mailto:tietosuoja@arki.invalid"',
    ):
        assert part.lower() in page.lower(), part
    assert reverse("site:contacts", args=["testi"]) in page


def test_swedish_privacy_notice(client, db, settings):
    settings.ARKI_PRIVACY_CONTROLLER = "Kajanalands välfärdsområde"
    settings.ARKI_FILE_RETENTION_DAYS = 1
    page = text(client.get("/sv/privacy/"))
    assert "raderas från tjänsten 1 dag efter att de gjorts" in page
    assert "raderas så snart de har lästs, senast 1 dag efter uppladdningen" in page
    assert "<h1>Dataskyddsbeskrivning</h1>" in page
    assert "I den här tjänsten är Kajanalands välfärdsområde personuppgiftsansvarig." in page
