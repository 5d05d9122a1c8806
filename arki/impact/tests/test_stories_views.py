"""Community reporters' pages: the reporter's own pages, moderation, the public site and feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from arki.core.enums import Role
from arki.core.models import AuditEntry
from arki.core.services.processes import workshop_publish

from ..services import stories as services
from ..stories.models import Story
from .stories_fixtures import *  # noqa: F403  (the fixtures, found by pytest by name)
from .stories_fixtures import add_consent, photo_upload

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def signed_in(process, person) -> Client:
    client = Client()
    response = client.post(
        reverse("impact_public:reporter", args=[process.slug]), {"code": person.access_code}
    )
    assert response.status_code == 302
    return client


def test_a_reporter_signs_in_with_their_code_and_sees_only_their_stories(
    process, reporter_person, draft, make_person, municipalities, moderator
):
    other = services.reporter_create(
        process=process, person=make_person(process, municipalities["Kuhmo"]), by=moderator
    )
    theirs = services.story_create(reporter=other, title="Toisen tarina", text="X")
    client = signed_in(process, reporter_person)

    page = client.get(reverse("impact_public:reporter", args=[process.slug])).content.decode()
    assert draft.title in page and theirs.title not in page
    response = client.get(reverse("impact_public:story_edit", args=[process.slug, theirs.pk]))
    assert response.status_code == 404


def test_a_wrong_code_or_a_non_reporters_code_opens_nothing_and_is_counted(
    process, reporter, make_person, municipalities, settings
):
    settings.ARKI_CODE_ATTEMPTS = 2
    resident = make_person(process, municipalities["Kuhmo"])  # has a code, is not a reporter
    client = Client()
    url = reverse("impact_public:reporter", args=[process.slug])
    for code in ("WRONG123", resident.access_code):
        response = client.post(url, {"code": code})
        assert response.status_code == 400
        assert "not a community reporter" in response.content.decode()
    # Past the limit even the right code is refused.
    response = client.post(url, {"code": reporter.person.access_code})
    assert response.status_code == 429
    assert client.get(reverse("impact_public:story_new", args=[process.slug])).status_code == 302


def test_the_reporter_writes_adds_a_photo_and_consent_and_submits(
    process, reporter_person, reporter
):
    client = signed_in(process, reporter_person)
    slug = process.slug
    response = client.post(
        reverse("impact_public:story_new", args=[slug]),
        {"title": "Pysäkillä", "text": "Odotin bussia tunnin.", "language": "sv"},
    )
    story = Story.objects.get(title="Pysäkillä")
    assert response["Location"] == reverse("impact_public:story_edit", args=[slug, story.pk])
    # A photo without a description is refused with a clear message, and nothing is added.
    response = client.post(
        reverse("impact_public:media_add", args=[slug, story.pk]),
        {"kind": "photo", "file": photo_upload(), "alt_text": ""},
    )
    assert response.status_code == 400
    assert "Describe the photo" in response.content.decode()
    assert story.media.count() == 0
    client.post(
        reverse("impact_public:media_add", args=[slug, story.pk]),
        {"kind": "photo", "file": photo_upload(), "alt_text": "Tyhjä pysäkki"},
    )
    client.post(
        reverse("impact_public:consent_add", args=[slug, story.pk]),
        {"person_name": "Minä itse", "method": "online", "given_on": "2015-10-01"},
    )
    media = story.media.get()
    own = client.get(reverse("impact_public:own_media", args=[slug, story.pk, media.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    # Not public before it is published.
    public = Client().get(reverse("impact_public:story_media", args=[slug, story.pk, media.pk]))
    assert public.status_code == 404
    client.post(reverse("impact_public:story_submit", args=[slug, story.pk]))
    story.refresh_from_db()
    assert (story.status, story.language, story.consents.count()) == ("submitted", "sv", 1)


def test_moderation_page_shows_consents_and_records_who_saw_them(
    client, process, submitted, moderator
):
    client.force_login(moderator)
    url = reverse("impact:story", args=[process.slug, submitted.pk])
    page = client.get(url).content.decode()
    assert "Raili Reportteri" in page  # the consent's name
    entry = AuditEntry.objects.order_by("-pk").first()
    assert (entry.actor, entry.detail["path"]) == (moderator, url)

    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    client.post(url, {"decision": "changes", "reason": "Kerro, mihin bussi meni."})
    submitted.refresh_from_db()
    assert submitted.status == "changes"


def test_the_reporter_reads_the_moderators_reason(process, reporter_person, submitted, moderator):
    services.story_moderate(
        story=submitted, decision="changes", reason="Kerro, mihin bussi meni.", by=moderator
    )
    client = signed_in(process, reporter_person)
    page = client.get(
        reverse("impact_public:story_edit", args=[process.slug, submitted.pk])
    ).content.decode()
    assert "Kerro, mihin bussi meni." in page


def test_moderation_is_for_staff_with_the_right_only(client, process, submitted, make_user):
    for role in (Role.ANALYST, Role.DECISION_MAKER, Role.RESIDENT):
        client.force_login(make_user(role, process=process))
        url = reverse("impact:story", args=[process.slug, submitted.pk])
        assert client.post(url, {"decision": "accept"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_public_site_shows_only_published_stories(process, published, reporter, submitted):
    hidden = services.story_create(reporter=reporter, title="Luonnos, ei julkinen", text="Y")
    client = Client()
    listing = client.get(reverse("impact_public:stories", args=[process.slug])).content.decode()
    assert published.title in listing and hidden.title not in listing
    for story in (hidden,):
        url = reverse("impact_public:story", args=[process.slug, story.pk])
        assert client.get(url).status_code == 404
    detail = client.get(reverse("impact_public:story", args=[process.slug, published.pk]))
    assert "Raili" in detail.content.decode()  # the byline the reporter chose


def test_the_public_list_takes_constant_queries(
    process, published, reporter, moderator, django_assert_max_num_queries
):
    url = reverse("impact_public:stories", args=[process.slug])
    client = Client()
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for index in range(10):
        story = services.story_create(reporter=reporter, title=f"Tarina {index}", text="Z")
        add_consent(story, reporter)
        services.story_submit(story=story, reporter=reporter)
        services.story_moderate(story=story, decision="accept", by=moderator)
        services.story_moderate(story=story, decision="publish", by=moderator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Tarina 9" in client.get(url).content.decode()


def test_the_feed_is_valid_atom_with_the_publication_time(process, published, reporter):
    services.story_create(reporter=reporter, title="Luonnos, ei syötteessä", text="Y")
    response = Client().get(reverse("impact_public:story_feed", args=[process.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == process.name
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [published.title]
    entry = entries[0]
    assert entry.find(f"{ATOM}id").text == f"arki:{process.slug}:story:{published.pk}:en"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Raili"
    updated = entry.find(f"{ATOM}updated").text
    assert updated.startswith(published.published_at.strftime("%Y-%m-%dT%H:%M:%S"))
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("impact_public:story", args=[process.slug, published.pk]))


def test_the_workshop_page_links_its_published_stories(process, published, moderator):
    workshop = published.workshop
    workshop_publish(workshop=workshop, by=moderator)
    page = Client().get(reverse("site:workshop", args=[process.slug, workshop.position]))
    text = page.content.decode()
    assert reverse("impact_public:story", args=[process.slug, published.pk]) in text
    story_page = Client().get(reverse("impact_public:story", args=[process.slug, published.pk]))
    assert reverse("site:workshop", args=[process.slug, workshop.position]) in (
        story_page.content.decode()
    )


def test_a_published_story_links_its_concept_only_while_the_concept_is_public(
    monkeypatch, process, published
):
    from arki.core.registry import registry

    Story.objects.filter(pk=published.pk).update(concept_id=3, concept_title="Arjen pelastajat")
    url = reverse("impact_public:story", args=[process.slug, published.pk])
    # No provider: no link, and the page still works.
    assert "Arjen pelastajat" not in Client().get(url).content.decode()
    provided = registry.tool("decisions").provides
    refs = [{"id": 3, "title": "Arjen pelastajat", "public_url": "/decisions/c/3/"}]
    monkeypatch.setitem(provided, "decisions.concept_refs", lambda process: refs)
    assert 'href="/decisions/c/3/"' in Client().get(url).content.decode()
    refs[0]["public_url"] = None
    assert "Arjen pelastajat" not in Client().get(url).content.decode()


def test_staff_add_a_reporter_by_pseudonym_code(
    client, process, moderator, make_person, municipalities
):
    person = make_person(process, municipalities["Kuhmo"])
    client.force_login(moderator)
    url = reverse("impact:reporters", args=[process.slug])
    response = client.post(url, {"person_code": "EI-OLE", "trained_on": "2015-09-10"})
    assert response.status_code == 400
    assert "No participant of this process has that code." in response.content.decode()
    client.post(url, {"person_code": person.code, "trained_on": "2015-09-10"})
    page = client.get(url).content.decode()
    assert person.code in page
