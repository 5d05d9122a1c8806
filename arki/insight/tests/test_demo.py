from __future__ import annotations

import random
from collections import Counter

import pytest

from arki.core.demo import DemoContext, load_core_demo

from ..demo import load_demo
from ..demo_data import PERSONAS, RUTIINI, VAHAAN, generate_population
from ..models import DiaryDay, Participant
from ..selectors import chart_counts_for, insight_workshop
from .test_chart_counts import recount


def test_population_is_reproducible_and_returns_the_brief_share():
    first = generate_population(160, random.Random(7))
    second = generate_population(160, random.Random(7))
    assert first == second
    assert sum(p["returned"] for p in first) == 110
    assert set(Counter(p["persona"] for p in first)) == set(PERSONAS)


def test_patterns_differ_between_young_and_old():
    people = generate_population(400, random.Random(1))

    def share(persona, predicate):
        rows = [r for p in people if p["persona"] == persona for r in p["map"]]
        return sum(1 for r in rows if predicate(r)) / len(rows)

    electronic = lambda r: r["channel"] == "electronic"  # noqa: E731
    driven_by_others = lambda r: r["travel_mode"] in {"lift", "taxi", "service"}  # noqa: E731
    assert share(VAHAAN, electronic) > share(RUTIINI, electronic) + 0.15
    assert share(RUTIINI, driven_by_others) > share(VAHAAN, driven_by_others) + 0.2
    young_bands = {p["age_band"] for p in people if p["persona"] == VAHAAN}
    assert young_bands <= {"13-17", "18-29"}


@pytest.mark.django_db
def test_demo_enrols_160_and_110_returned_without_storing_the_profile():
    ctx = DemoContext(log=lambda _message: None)
    load_core_demo(ctx)
    load_demo(ctx)
    participants = Participant.objects.filter(workshop__process=ctx.process)
    assert participants.count() == 160
    assert participants.filter(diary_returned_at__isnull=False).count() == 110
    assert participants.filter(returned_channel="paper").exists()
    assert participants.filter(returned_channel="online").exists()
    assert participants.values("person__municipality").distinct().count() == 7
    texts = " ".join(DiaryDay.objects.values_list("did_today", flat=True))
    assert "kotihoitaja" in texts.lower()
    for label in PERSONAS.values():
        assert label not in texts
    # The demo goes through the services, so its charts are there and right.
    charts = chart_counts_for(insight_workshop(ctx.process))
    assert charts and charts == recount(ctx.process)
