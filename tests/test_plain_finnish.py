"""Plain Finnish (selkosuomi): the resident pages are written in it, everything else falls
back to standard Finnish (never English), and the pages say which one they are in.

The language is `fi-x-plain` (config/settings/base.py); its catalogues are
`arki/<app>/locale_plain/fi_X-plain/LC_MESSAGES/django.po`, for the templates listed in
`tests/plain_language.py`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import defaultfilters
from django.test import Client
from django.utils import formats, translation
from django.utils.translation import to_locale

from arki.budgeting.tests.factories import make_round
from arki.core.enums import Role
from arki.insight.tests import factories as insight_factories

from .plain_language import PLAIN, PLAIN_TEMPLATES, ROOT, plain_catalogue, template_msgids


def _plain_entries() -> Iterator[tuple[str, polib.POEntry]]:
    for app in PLAIN_TEMPLATES:
        for entry in plain_catalogue(app):
            yield app, entry


def test_the_language_is_offered_with_a_valid_tag_and_finnish_formats():
    assert [code for code, _name in settings.LANGUAGES] == ["fi", PLAIN, "sv", "en"]
    assert to_locale(PLAIN) == "fi_X-plain"
    # A private-use tag (RFC 5646 §2.2.7) is a valid BCP 47 tag; its primary subtag is "fi",
    # which is what screen readers and axe read.
    assert re.fullmatch(r"fi-x-[a-z0-9]{1,8}", PLAIN)
    assert translation.get_supported_language_variant(PLAIN) == PLAIN
    assert translation.get_language_info(PLAIN)["name_local"] == "selkosuomi"
    with translation.override(PLAIN):
        day = datetime.date(2026, 12, 24)
        assert formats.date_format(day) == formats.date_format(day, use_l10n=True)
        assert defaultfilters.date(day, "SHORT_DATE_FORMAT") == "24.12.2026"
        assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == "1\xa0234,5"


@pytest.mark.parametrize("app", sorted(PLAIN_TEMPLATES))
def test_every_string_of_the_plain_pages_has_a_plain_translation(app):
    catalogue = plain_catalogue(app)
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    missing = []
    for template in PLAIN_TEMPLATES[app]:
        for context, msgid in template_msgids(ROOT / app / template):
            if catalogue.find(msgid, msgctxt=context) is None:
                missing.append((template, msgid))
    assert missing == []


@pytest.mark.parametrize(("app", "entry"), list(_plain_entries()), ids=lambda v: str(v)[:40])
def test_each_plain_translation_is_the_one_shown(app, entry):
    """No other app's (or Django's) Finnish catalogue wins over a plain entry."""
    with translation.override(PLAIN):
        if entry.msgid_plural:
            shown = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            assert shown == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert translation.gettext(entry.msgid) == entry.msgstr


def test_plain_translations_differ_from_the_standard_finnish_catalogue_only_in_wording():
    """Placeholders and markup survive the rewriting (a lost %(held)s would break a page)."""
    for _app, entry in _plain_entries():
        source = entry.msgid_plural or entry.msgid
        shown = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert set(re.findall(r"%\(\w+\)[sd]", source)) >= set(
            re.findall(r"%\(\w+\)[sd]", shown)
        ), entry.msgid
        assert re.findall(r"<[^>]+>", entry.msgid) == re.findall(r"<[^>]+>", entry.msgstr) or (
            entry.msgid_plural
        ), entry.msgid


def test_strings_without_a_plain_translation_fall_back_to_finnish_not_english():
    staff_only = "The live session is open. Show the code to participants."  # core, staff
    analysis = "Personas"  # a tool with no plain catalogue at all
    with translation.override("fi"):
        finnish = [translation.gettext(staff_only), translation.gettext(analysis)]
    with translation.override(PLAIN):
        plain = [translation.gettext(staff_only), translation.gettext(analysis)]
    assert finnish == plain
    assert finnish != [staff_only, analysis]


@pytest.fixture
def recorded(monkeypatch) -> list[tuple[str | None, str]]:
    """Every msgid looked up while the test runs (templates, forms, views, Django)."""
    seen: list[tuple[str | None, str]] = []
    trans = translation._trans
    gettext, pgettext = trans.gettext, trans.pgettext
    ngettext, npgettext = trans.ngettext, trans.npgettext

    def g(message):
        seen.append((None, message))
        return gettext(message)

    def pg(context, message):
        seen.append((context, message))
        return pgettext(context, message)

    def ng(singular, plural, number):
        seen.append((None, singular))
        return ngettext(singular, plural, number)

    def npg(context, singular, plural, number):
        seen.append((context, singular))
        return npgettext(context, singular, plural, number)

    monkeypatch.setattr(trans, "gettext", g)
    monkeypatch.setattr(trans, "pgettext", pg)
    monkeypatch.setattr(trans, "ngettext", ng)
    monkeypatch.setattr(trans, "npgettext", npg)
    return seen


def _finnish_msgids() -> set[tuple[str | None, str]]:
    """Strings Finnish readers would see translated: Arki's and Django's Finnish catalogues."""
    import django

    paths = list(ROOT.glob("*/locale/fi/LC_MESSAGES/django.po"))
    paths.append(Path(django.__file__).parent / "conf/locale/fi/LC_MESSAGES/django.po")
    ids = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr or entry.msgstr_plural:
                ids.add((entry.msgctxt, entry.msgid))
    return ids


def _plain_msgids() -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for _app, entry in _plain_entries()}


def _pages_in_plain(client: Client, prefix: str, process, municipality) -> None:
    participant = insight_factories.participant(process, municipality)
    assert client.get(f"{prefix}/diary/").status_code == 200
    assert client.post(f"{prefix}/diary/", {"code": "WRONG"}).status_code == 200
    client.post(f"{prefix}/diary/", {"code": participant.person.access_code})
    for path in ("/diary/week/", "/diary/map/", "/diary/day/1/"):
        assert client.get(f"{prefix}{path}").status_code == 200, path
    client.post(f"{prefix}/diary/map/", {"service": ""})
    client.post(f"{prefix}/diary/day/2/", {})


def test_every_string_shown_on_the_diary_and_ballot_has_a_plain_translation(
    recorded, process, municipalities, make_user
):
    facilitator = make_user(Role.FACILITATOR, process=process)
    _round, session, activity = make_round(process, facilitator)
    client = Client()
    prefix = f"/{PLAIN}"
    recorded.clear()
    _pages_in_plain(client, prefix, process, municipalities["Kuhmo"])
    assert client.get(f"{prefix}/join/").status_code == 200
    assert client.get(f"{prefix}/join/{session.code}/").status_code == 200
    response = client.post(f"{prefix}/join/{session.code}/", {"label": "Eeva"}, follow=True)
    assert response.status_code == 200
    client.post(f"{prefix}/live/{session.code}/answer/{activity.pk}/", {}, follow=True)
    finnish, plain = _finnish_msgids(), _plain_msgids()
    missing = sorted({m for m in recorded if m in finnish and m not in plain}, key=str)
    assert missing == []


def test_a_page_without_a_plain_version_is_in_finnish_and_says_so(client, process):
    """The public process page has no plain version: chosen from its menu, plain Finnish shows
    it in standard Finnish with a note, and the menu leads on to another language."""
    from arki.site.tests.test_views import switch_language

    page = client.get("/p/testi/").content.decode()
    assert "Tätä sivua ei ole selkosuomeksi" not in page
    response = switch_language(client, page, PLAIN)
    assert response.status_code == 302 and response["Location"] == f"/{PLAIN}/p/testi/"
    page = client.get(response["Location"]).content.decode()
    assert f'<html lang="{PLAIN}">' in page
    assert "Tulevat työpajat" in page  # the site's standard Finnish, not English
    assert "Tätä sivua ei ole selkosuomeksi. Sivu on tavallista suomea." in page
    assert f'value="{PLAIN}" lang="{PLAIN}" aria-current="true">Selkosuomi<' in page
    response = switch_language(client, page, "sv")
    assert response["Location"] == "/sv/p/testi/"


def test_the_join_page_in_plain_finnish_says_so(client):
    page = client.get(f"/{PLAIN}/join/").content.decode()
    assert '<p class="language-note language-note--plain" id="language-note">' in page
    assert "Tämä sivu on selkosuomeksi." in page
    assert "<h1>Tule mukaan työpajaan</h1>" in page
    assert "Kirjoita koodi, joka näkyy näytöllä. Et tarvitse tunnuksia." in page
    # In standard Finnish the page is unchanged and carries no note.
    page = client.get("/join/").content.decode()
    assert "<h1>Liity työpajaan</h1>" in page and "language-note" not in page
