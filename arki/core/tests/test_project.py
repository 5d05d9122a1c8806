"""Project-level promises: the demo loads, production settings pass Django's deploy checks,
and every translation catalogue is complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_has_no_warnings():
    """`arki check --deploy` with production settings and the documented variables."""
    # The test runner's own switches (the Playwright async guard) are not production's.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret",
        "DATABASE_URL": "postgres://arki@db.example.invalid:5432/arki",
        "ALLOWED_HOSTS": "arki.example.fi",
        "CELERY_BROKER_URL": "redis://redis.example.invalid:6379/0",
        "ARKI_JOB_BACKEND": "celery",
    }
    result = subprocess.run(
        [sys.executable, "-m", "arki", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-m", "arki", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


# locale*: the plain-Finnish catalogues in locale_plain/ too.
CATALOGUES = sorted(ROOT.glob("arki/*/locale*/*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translation_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and not e.obsolete]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_every_app_with_strings_has_finnish_and_swedish():
    for app in ("core", "site"):
        for language in ("fi", "sv"):
            assert (ROOT / f"arki/{app}/locale/{language}/LC_MESSAGES/django.po").exists()


@pytest.mark.django_db(transaction=True)
def test_demo_loads_and_prints_logins_for_every_role(capsys, municipalities):
    call_command("demo", "--load-only")
    out = capsys.readouterr().out
    for label in (
        "Administrator",
        "Facilitator",
        "Planning-group member",
        "Contact person (Kuhmo)",
        "Analyst",
        "Decision-maker",
        "Resident",
        "Volunteer",
        "Help coordinator",
    ):
        assert label in out
    from arki.core.models import Process

    process = Process.objects.get(slug="kainuu")
    assert process.workshops.count() == 10
    assert {w.date.year for w in process.workshops.all()} == {2014, 2015, 2016}
    assert process.workshops.get(position=1).participant_count == 160
    assert process.group_members.filter(is_contact_person=True).count() == 7
    call_command("demo", "--load-only")  # a second run keeps the loaded demo
    assert "already loaded" in capsys.readouterr().out
