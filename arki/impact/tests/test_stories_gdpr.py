"""A reporter's stories in the GDPR export and erasure (through the core's services)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from arki.core.services.gdpr import person_erase, person_export

from ..services import stories as services
from ..stories.models import Reporter, Story, StoryMedia
from .stories_fixtures import *  # noqa: F403  (the fixtures, found by pytest by name)
from .stories_fixtures import photo_upload, stored_files

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_reporters_stories_media_consents_and_reasons(
    published, reporter, reporter_person, moderator
):
    services.media_add(
        story=services.story_create(reporter=reporter, title="Toinen", text="Teksti"),
        reporter=reporter,
        kind="photo",
        upload=photo_upload(),
        alt_text="Kuvaus",
    )
    data = person_export(person=reporter_person, by=moderator)["tools"]["impact"]["data"]
    (entry,) = data["community_reporter"]
    assert entry["trained_on"] == "2015-09-10"
    titles = {s["title"]: s for s in entry["stories"]}
    assert titles["Kyyti terveyskeskukseen"]["status"] == "published"
    assert titles["Kyyti terveyskeskukseen"]["consents"][0]["who"] == "Raili Reportteri"
    assert [m["decision"] for m in titles["Kyyti terveyskeskukseen"]["moderation"]] == [
        "submitted",
        "accept",
        "publish",
    ]
    assert titles["Toinen"]["media"][0]["alt_text"] == "Kuvaus"


def test_someone_elses_export_has_no_stories(
    published, make_person, process, municipalities, moderator
):
    other = make_person(process, municipalities["Kuhmo"])
    data = person_export(person=other, by=moderator)["tools"]["impact"]["data"]
    assert "community_reporter" not in data


def test_erasure_deletes_unpublished_stories_and_files_and_unsigns_published_ones(
    published, reporter, reporter_person, moderator, process, django_capture_on_commit_callbacks
):
    unpublished = services.story_create(reporter=reporter, title="Kesken", text="Luonnos")
    media = services.media_add(
        story=unpublished, reporter=reporter, kind="photo", upload=photo_upload(), alt_text="K"
    )
    assert stored_files(process) == [media.file.name]

    # The files go once the erasure has committed (a rolled-back erasure keeps them).
    with django_capture_on_commit_callbacks(execute=True):
        report = person_erase(person=reporter_person, by=moderator)["impact"]
    assert report == {
        "stories_deleted": 1,
        "published_stories_anonymised": 1,
        "reporters_deactivated": 1,
        # The reporter answered no survey: nothing of theirs there to erase.
        "survey_respondents": 0,
        "survey_answers": 0,
    }
    assert not Story.objects.filter(pk=unpublished.pk).exists()
    assert not StoryMedia.objects.filter(pk=media.pk).exists()
    assert stored_files(process) == []
    published.refresh_from_db()
    assert (published.status, published.byline, published.reporter_id) == ("published", "", None)
    assert published.consents.get().person_name != "Raili Reportteri"
    assert Reporter.objects.get(pk=reporter.pk).is_active is False
    # The story is still on the site, unsigned; the code opens nothing any more.
    page = Client().get(reverse("impact_public:story", args=[process.slug, published.pk]))
    assert page.status_code == 200 and "Raili" not in page.content.decode()
    reporter_person.refresh_from_db()
    response = Client().post(
        reverse("impact_public:reporter", args=[process.slug]),
        {"code": reporter_person.access_code},
    )
    assert response.status_code == 400
