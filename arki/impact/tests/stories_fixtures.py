"""Fixtures of the community reporters' tests (imported by name: no conftest in this folder)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from arki.core.enums import ConsentMethod, Role

from ..services import stories as services


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG whose EXIF says where and with what it was taken (GPS and camera)."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "SecretPhone 9"  # Model
    exif[0x8825] = {1: "N", 2: (64.0, 13.0, 30.0), 3: "E", 4: (27.0, 41.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo_upload(name="kuva.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or jpeg_with_gps(), content_type="image/jpeg")


def mp3_upload(name="aani.mp3") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200)


def stored_files(process) -> list[str]:
    """Every file stored for the process's stories."""
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        found.extend(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    walk(f"stories/{process.pk}")
    return found


@pytest.fixture(autouse=True)
def in_english(default_language):
    """These tests read the English messages, and reverse() builds /en/ addresses."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    """An empty in-memory storage per test, so that "nothing was stored" can be seen."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def moderator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def reporter_person(make_person, process, municipalities):
    return make_person(
        process, municipalities["Kajaani"], age_band="30-64", full_name="Raili Reportteri"
    )


@pytest.fixture
def reporter(process, reporter_person, moderator):
    return services.reporter_create(
        process=process, person=reporter_person, trained_on=datetime.date(2015, 9, 10), by=moderator
    )


@pytest.fixture
def draft(reporter, process):
    return services.story_create(
        reporter=reporter,
        title="Kyyti terveyskeskukseen",
        text="Bussi kulkee kahdesti päivässä.",
        language="fi",
        byline="Raili",
        workshop=process.workshops.get(position=1),
    )


def add_consent(story, reporter, name="Raili Reportteri", is_reporter=True):
    return services.consent_add(
        story=story,
        reporter=reporter,
        person_name=name,
        method=ConsentMethod.PAPER,
        given_on=datetime.date(2015, 10, 2),
        is_reporter=is_reporter,
    )


@pytest.fixture
def submitted(draft, reporter):
    add_consent(draft, reporter)
    return services.story_submit(story=draft, reporter=reporter)


@pytest.fixture
def published(submitted, moderator):
    services.story_moderate(story=submitted, decision="accept", by=moderator)
    return services.story_moderate(story=submitted, decision="publish", by=moderator)
