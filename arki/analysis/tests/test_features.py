"""The database path sums exactly what the records path counts, one participant at a time.

`features.totals_for` lets the database aggregate (GROUP BY, conditional counts, regular
expressions for "did you need help"); the reference here reads the same rows one by one
into `Record`s, as the generated data and the clustering tests do. Runs on SQLite and on
PostgreSQL (their regular expressions and JSON comparisons differ).
"""

from __future__ import annotations

import numpy as np
import pytest

from arki.analysis import services
from arki.analysis.compute.features import (
    Record,
    Use,
    feature_matrix,
    matrix_from_totals,
    needs_help,
)
from arki.analysis.compute.generated import OTHER
from arki.analysis.features import feature_space, mapped_participants, totals_for
from arki.analysis.models import Coding
from arki.insight.models import DiaryDay, Participant, Service
from arki.insight.redaction import participant_texts_review

from . import factories
from .conftest import ensure_catalogue


def _reference(process, participant_ids) -> list[Record]:
    """The slow, obvious way: every map row, diary day and coding as an object."""
    records = []
    for pid in participant_ids:
        participant = Participant.objects.get(pk=pid)
        uses = [
            Use(
                u.service.category if u.service else OTHER[0],
                u.service.sector if u.service else OTHER[1],
                u.frequency,
                u.channel,
                float(u.distance_km),
                float(u.travel_minutes),
                u.travel_mode,
            )
            for u in participant.service_uses.select_related("service")
        ]
        days = list(participant.days.filter(saved_at__isnull=False))
        answers: dict[str, set] = {}
        for coding in Coding.objects.filter(day__participant=participant):
            answers.setdefault(str(coding.code_id), set()).add((coding.day_id, coding.field))
        records.append(
            Record(
                person_id=participant.person_id,
                uses=uses,
                diary_days=len(days),
                help_received_days=sum(
                    bool(d.help_from or d.help_received_text.strip()) for d in days
                ),
                help_needed_days=sum(needs_help(d.help_needed_text) for d in days),
                codes={code: len(found) for code, found in answers.items()},
            )
        )
    return records


def _set_days(participant, *answers: dict) -> None:
    """Changes the days' answers; staff review the changed texts again (analysts code them)."""
    for number, values in enumerate(answers, start=1):
        DiaryDay.objects.filter(participant=participant, day=number).update(**values)
    participant_texts_review(participant=participant, by=None)


@pytest.mark.django_db
def test_database_totals_equal_the_record_by_record_features(process, municipalities, make_user):
    ensure_catalogue()
    catalogue = Service.objects.filter(process__isnull=True)
    health = catalogue.filter(category="health").first()
    sports = catalogue.filter(category="sports").first()
    first = factories.diary(
        process,
        municipalities["Kajaani"],
        days=4,
        did_today="Olin yksin kotona. Kävin kaupassa.",
        rows=[
            {"service": health.pk, "frequency": "weekly", "channel": "both",
             "travel_mode": "bus", "distance_km": "12.5", "travel_minutes": 25},
            {"service": None, "service_text": "Kyläkauppa", "frequency": "daily",
             "channel": "on_site", "travel_mode": "walk", "distance_km": "0.4",
             "travel_minutes": 6},
            {"service": sports.pk, "frequency": "less", "channel": "electronic",
             "travel_mode": "none", "distance_km": "0", "travel_minutes": 0},
        ],
    )  # fmt: skip
    _set_days(
        first,
        {"help_needed_text": "Ei.", "help_from": [], "help_received_text": "  \n"},
        {"help_needed_text": "EIPÄ tarvinnut", "help_from": [], "help_received_text": ""},
        {"help_needed_text": "ei, mutta lumitöissä", "help_received_text": ""},
        {"help_needed_text": "...", "help_from": [], "help_received_text": "Sain kyydin."},
    )
    second = factories.diary(
        process,
        municipalities["Kuhmo"],
        days=3,
        age_band="13-17",
        rows=[
            {"service": sports.pk, "frequency": "daily", "channel": "on_site",
             "travel_mode": "bicycle", "distance_km": "3", "travel_minutes": 12},
        ],
    )  # fmt: skip
    _set_days(
        second,
        {"help_needed_text": "-"},
        {"help_needed_text": "Kyytiä iltaisin."},
        {"help_needed_text": "no"},
    )
    DiaryDay.objects.create(participant=second, day=5, help_needed_text="Apua!")  # a draft
    participant_texts_review(participant=second, by=None)
    third = factories.diary(process, municipalities["Kajaani"], days=1)
    DiaryDay.objects.filter(participant=third).delete()  # a map, no diary
    codes = factories.codes(process)
    one, two = factories.analysts(make_user, process)
    services.assignments_distribute(
        participants=[first, second], analysts=[one, two], per_diary=2, by=one
    )
    day = first.days.get(day=1)
    # two coders, two sentences: "Yksinäisyys" still counts once for this answer
    factories.code_sentences(one, day, codes["Yksinäisyys"], (0, 1))
    factories.code_sentences(two, day, codes["Yksinäisyys"], (0,))
    factories.code_sentences(one, first.days.get(day=2), codes["Yksinäisyys"], (0,))
    factories.code_sentences(two, second.days.get(day=1), codes["Terveys"], (0,))

    rows = mapped_participants(process)
    ids = [r[0] for r in rows]
    assert set(ids) == {first.pk, second.pk, third.pk}
    totals, space = totals_for(process, ids)
    expected = feature_matrix(_reference(process, ids), feature_space(process))
    np.testing.assert_allclose(matrix_from_totals(totals), expected, rtol=1e-12, atol=1e-12)
    at = ids.index(first.pk)
    assert totals.help_needed_days[at] == 1  # only "ei, mutta lumitöissä" asks for help
    assert totals.help_received_days[at] == 2  # the factory's helper on day 3, text on day 4
    yksin = space.codes.index(str(codes["Yksinäisyys"].pk))
    assert totals.codes[at, yksin] == 2
    assert totals.diary_days[ids.index(second.pk)] == 3  # the unsaved draft day is not counted
