"""The demo's community reporters: one published story with a photo, one waiting, consents."""

from __future__ import annotations

import pytest

from arki.core.demo import DemoContext
from arki.core.enums import Role

from ..demo_stories import load_stories
from ..stories.models import Reporter, Story
from .stories_fixtures import *  # noqa: F403  (the fixtures, found by pytest by name)


@pytest.mark.django_db
def test_demo_has_a_published_story_with_a_photo_and_one_waiting(
    process, make_user, make_person, municipalities
):
    make_person(process, municipalities["Kajaani"])
    make_person(process, municipalities["Kuhmo"])
    ctx = DemoContext(log=lambda _m: None, process=process)
    ctx.users["fasilitaattori"] = make_user(Role.FACILITATOR, process=process)
    load_stories(ctx)

    assert Reporter.objects.filter(process=process, training__isnull=False).count() == 2
    published = Story.objects.get(status="published")
    photo = published.media.get()
    assert photo.kind == "photo" and photo.alt_text
    assert Story.objects.filter(status="submitted").count() == 1
    assert Story.objects.get(status="changes").moderation.last().reason
    for story in Story.objects.exclude(status="changes"):
        assert story.consents.exists()
