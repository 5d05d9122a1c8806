"""The rules of community reporters' stories, as the services keep them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from arki.core.models import AuditEntry

from ..services import stories as services
from ..stories.enums import Decision, StoryStatus
from ..stories.models import ModerationEvent, Story, StoryConsent, StoryMedia
from .stories_fixtures import *  # noqa: F403  (the fixtures, found by pytest by name)
from .stories_fixtures import add_consent, jpeg_with_gps, mp3_upload, photo_upload, stored_files

pytestmark = pytest.mark.django_db


def snapshot(story):
    story.refresh_from_db()
    return (
        story.status,
        story.title,
        story.text,
        StoryMedia.objects.filter(story=story).count(),
        StoryConsent.objects.filter(story=story).count(),
        ModerationEvent.objects.filter(story=story).count(),
    )


def test_a_story_is_not_accepted_without_a_consent_record(draft, reporter, moderator):
    services.story_submit(story=draft, reporter=reporter)
    before = snapshot(draft)

    with pytest.raises(ValidationError) as error:
        services.story_moderate(story=draft, decision="accept", by=moderator)

    assert "without a consent record" in error.value.messages[0]
    assert snapshot(draft) == before
    # With the consent recorded (after asking for changes) it can be accepted.
    services.story_moderate(
        story=draft, decision="changes", reason="Lisää suostumus.", by=moderator
    )
    add_consent(draft, reporter)
    services.story_submit(story=draft, reporter=reporter)
    assert (
        services.story_moderate(story=draft, decision="accept", by=moderator).status == "accepted"
    )


@pytest.mark.parametrize("decision", ["changes", "reject"])
def test_asking_for_changes_and_rejecting_need_a_reason(submitted, moderator, decision):
    before = snapshot(submitted)
    with pytest.raises(ValidationError) as error:
        services.story_moderate(story=submitted, decision=decision, reason="   ", by=moderator)
    assert "reporter" in error.value.messages[0]
    assert snapshot(submitted) == before
    # The database refuses it too, whatever path writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationEvent.objects.create(story=submitted, decision=decision, reason="")


def test_moderation_is_recorded_and_audited(submitted, moderator):
    services.story_moderate(
        story=submitted, decision="changes", reason="Kerro lisää bussista.", by=moderator
    )
    event = submitted.moderation.order_by("-pk").first()
    assert (event.decision, event.reason, event.created_by) == (
        "changes",
        "Kerro lisää bussista.",
        moderator,
    )
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.actor == moderator
    assert entry.detail == {"story": submitted.pk, "decision": "changes"}


@pytest.mark.parametrize("status", ["submitted", "accepted", "rejected", "published"])
def test_only_drafts_and_stories_sent_back_can_be_edited(draft, reporter, status):
    Story.objects.filter(pk=draft.pk).update(
        status=status, published_at=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC)
    )
    draft.refresh_from_db()
    before = snapshot(draft)
    attempts = [
        lambda: services.story_update(story=draft, reporter=reporter, title="Muutettu"),
        lambda: services.media_add(
            story=draft, reporter=reporter, kind="photo", upload=photo_upload(), alt_text="Kuva"
        ),
        lambda: add_consent(draft, reporter),
        lambda: services.story_submit(story=draft, reporter=reporter),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "can no longer be edited" in error.value.messages[0]
    assert snapshot(draft) == before
    assert stored_files(draft.process) == []


def test_a_story_sent_back_is_editable_again(submitted, reporter, moderator):
    services.story_moderate(story=submitted, decision="changes", reason="Lisää kuva.", by=moderator)
    story = services.story_update(story=submitted, reporter=reporter, title="Uusi otsikko")
    assert (story.status, story.title) == ("changes", "Uusi otsikko")
    assert services.story_submit(story=story, reporter=reporter).status == "submitted"


def test_another_reporters_story_is_refused(draft, process, make_person, municipalities, moderator):
    other = services.reporter_create(
        process=process, person=make_person(process, municipalities["Kuhmo"]), by=moderator
    )
    before = snapshot(draft)
    with pytest.raises(ValidationError):
        services.story_update(story=draft, reporter=other, title="Kaapattu")
    assert snapshot(draft) == before


def test_a_photo_loses_its_location_and_camera_but_keeps_its_pixels(draft, reporter):
    assert b"SecretPhone" in jpeg_with_gps()
    media = services.media_add(
        story=draft, reporter=reporter, kind="photo", upload=photo_upload(), alt_text="Pysäkki"
    )
    data = media.file.open("rb").read()
    assert b"SecretPhone" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
    assert (media.kind, media.content_type, media.alt_text) == ("photo", "image/jpeg", "Pysäkki")
    assert stored_files(draft.process) == [media.file.name]


@pytest.mark.parametrize(
    "kind, upload, alt_text, transcript, message",
    [
        ("photo", lambda: photo_upload(), "", "", "Describe the photo"),
        ("audio", lambda: mp3_upload(), "", "", "Write down what is said"),
        (
            "photo",
            lambda: photo_upload("virus.jpg", b"MZ\x90\x00 not an image at all"),
            "Kuva",
            "",
            "The file is not a photo. Photos are accepted as JPEG, PNG or WebP.",
        ),
        (
            "photo",
            lambda: photo_upload("kuva.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            "Kuva",
            "",
            "The file is not a photo. Photos are accepted as JPEG, PNG or WebP.",
        ),
        (
            "audio",
            lambda: photo_upload("aani.mp3", b"<html>not audio</html>"),
            "",
            "Puhetta",
            "The file is not an audio clip. Audio is accepted as MP3, M4A, Ogg, WAV or WebM.",
        ),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    draft, reporter, kind, upload, alt_text, transcript, message
):
    before = snapshot(draft)
    with pytest.raises(ValidationError) as error:
        services.media_add(
            story=draft,
            reporter=reporter,
            kind=kind,
            upload=upload(),
            alt_text=alt_text,
            transcript=transcript,
        )
    assert error.value.messages[0].startswith(message)
    assert snapshot(draft) == before
    assert stored_files(draft.process) == []


def test_a_photo_too_large_is_refused_before_it_is_read(draft, reporter, settings):
    settings.ARKI_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.media_add(
            story=draft, reporter=reporter, kind="photo", upload=photo_upload(), alt_text="Kuva"
        )
    assert error.value.messages == ["The photo is too large: at most 10 MB."]
    assert stored_files(draft.process) == []


def test_an_audio_clip_keeps_its_transcript(draft, reporter):
    media = services.media_add(
        story=draft, reporter=reporter, kind="audio", upload=mp3_upload(), transcript="Hei!"
    )
    assert (media.content_type, media.transcript, media.alt_text) == ("audio/mpeg", "Hei!", "")


def test_publishing_needs_acceptance_and_sets_the_time(submitted, moderator):
    with pytest.raises(ValidationError):
        services.story_moderate(story=submitted, decision="publish", by=moderator)
    services.story_moderate(story=submitted, decision="accept", by=moderator)
    story = services.story_moderate(story=submitted, decision="publish", by=moderator)
    assert story.status == "published" and story.published_at is not None
    story = services.story_moderate(story=story, decision="unpublish", by=moderator)
    assert story.status == "accepted"


def test_a_link_to_a_concept_needs_the_decisions_capability(monkeypatch, reporter):
    with pytest.raises(ValidationError):
        services.story_create(reporter=reporter, title="T", text="X", concept_id=7)
    from arki.core.registry import registry

    provided = registry.tool("decisions").provides
    monkeypatch.setitem(
        provided,
        "decisions.concept_refs",
        lambda process: [{"id": 7, "title": "Arjen pelastajat", "public_url": "/c/7/"}],
    )
    story = services.story_create(reporter=reporter, title="T", text="X", concept_id=7)
    assert (story.concept_id, story.concept_title) == (7, "Arjen pelastajat")


def test_an_edit_keeps_a_link_even_when_the_decisions_tool_no_longer_offers_it(
    monkeypatch, reporter
):
    from arki.core.registry import registry

    provided = registry.tool("decisions").provides
    refs = [{"id": 7, "title": "Arjen pelastajat", "public_url": None}]
    monkeypatch.setitem(provided, "decisions.action_refs", lambda process: refs)
    story = services.story_create(reporter=reporter, title="T", text="X", action_id=7)
    refs.clear()

    story = services.story_update(story=story, reporter=reporter, title="Uusi")
    assert (story.title, story.action_id, story.action_title) == ("Uusi", 7, "Arjen pelastajat")
    with pytest.raises(ValidationError):
        services.story_update(story=story, reporter=reporter, action_id=8)


OPERATIONS = [
    "edit",
    "consent",
    "unconsent",
    "submit",
    "accept",
    "changes",
    "reject",
    "publish",
    "unpublish",
]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=12))
def test_whatever_the_sequence_the_rules_hold(draft, reporter, moderator, steps):
    """Random sequences of the reporter's and the moderator's actions: an edit succeeds exactly
    when the story is a draft or sent back; an accepted or published story always has a
    consent record; a published story always has its publication time."""
    story = Story.objects.create(
        process=draft.process, reporter=reporter, title="T", text="X", language="fi"
    )
    for step in steps:
        story.refresh_from_db()
        editable = story.status in (StoryStatus.DRAFT, StoryStatus.CHANGES)
        try:
            if step == "edit":
                services.story_update(story=story, reporter=reporter, text=step)
            elif step == "consent":
                add_consent(story, reporter)
            elif step == "unconsent":
                consent = story.consents.first()
                if consent is None:
                    continue
                services.consent_remove(consent=consent, reporter=reporter)
            elif step == "submit":
                services.story_submit(story=story, reporter=reporter)
            else:
                services.story_moderate(
                    story=story, decision=Decision(step), reason="Syy.", by=moderator
                )
            ok = True
        except ValidationError:
            ok = False
        if step in ("edit", "consent", "unconsent"):
            assert ok == editable, (step, story.status)
        story.refresh_from_db()
        if story.status in (StoryStatus.ACCEPTED, StoryStatus.PUBLISHED):
            assert story.consents.exists()
        if story.status == StoryStatus.PUBLISHED:
            assert story.published_at is not None
