"""Fixtures of the analysis tests: a process with diaries, codes and two analysts."""

from __future__ import annotations

import importlib

import pytest

from arki.core.enums import Role

from .. import services
from . import factories

NAME_IN_TEXT = "Maija Meikäläisen"


def ensure_catalogue() -> None:
    """Transactional (browser) tests flush the service catalogue the migration seeded."""
    from django.apps import apps

    importlib.import_module("arki.insight.migrations.0002_seed_catalogue").seed(apps, None)


@pytest.fixture
def workspace(process, municipalities, make_user):
    """Two returned diaries (one naming a person, redacted), both given to two analysts."""
    ensure_catalogue()
    kajaani, kuhmo = municipalities["Kajaani"], municipalities["Kuhmo"]
    first = factories.diary(
        process, kajaani, did_today=f"Kävin {NAME_IN_TEXT} kanssa kaupassa. Olin yksinäinen."
    )
    second = factories.diary(process, kuhmo, did_today="Olin yksinäisenä kotona. Bussi ei kulje.")
    facilitator = make_user(Role.FACILITATOR, process=process)
    services.redaction_add_text(participant=first, text=NAME_IN_TEXT, by=facilitator)
    codes = factories.codes(process)
    analysts = factories.analysts(make_user, process)
    services.assignments_distribute(
        participants=[first, second], analysts=analysts, per_diary=2, by=facilitator
    )
    return {
        "diaries": [first, second],
        "codes": codes,
        "analysts": analysts,
        "facilitator": facilitator,
    }
