"""The impact tool's "diary" source reads insight's diaries through the capability
`insight.diary_share` (impact may not import insight, so this cross-tool test lives here)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from arki.impact.enums import SourceKind
from arki.impact.models import Metric
from arki.impact.sources import read_points

pytestmark = pytest.mark.django_db


def test_the_diary_reader_counts_days_with_someone_through_the_insight_capability(
    process, municipalities, settings
):
    from arki.analysis.tests import factories as analysis_factories
    from arki.insight.demo import ensure_catalogue
    from arki.insight.models import DiaryDay

    ensure_catalogue()
    settings.ARKI_K_ANONYMITY = 3
    texts = ["Naapurin kanssa", "yksin", "", "Tyttären kanssa", "Yksin.", "Ystävä", "ensam"]
    participants = [analysis_factories.diary(process, municipalities["Kajaani"]) for _i in range(3)]
    moment = timezone.make_aware(datetime.datetime(2015, 4, 10, 18))
    for participant in participants:
        for day, text in zip(participant.days.order_by("day"), texts, strict=False):
            DiaryDay.objects.filter(pk=day.pk).update(with_whom=text, saved_at=moment)
    days = DiaryDay.objects.filter(participant__in=participants, saved_at__isnull=False)
    someone = sum(
        1 for d in days if d.with_whom and d.with_whom.strip(" .").lower() not in {"yksin", "ensam"}
    )
    metric = Metric.objects.create(
        process=process, name="Päivät seurassa", source=SourceKind.DIARY, source_ref="with_whom"
    )
    points = {(p.period, p.municipality_code): p for p in read_points(metric)}
    region = points[(datetime.date(2015, 4, 1), None)]
    assert region.n == 3
    assert region.value == pytest.approx(round(100 * someone / days.count(), 1))
    assert points[(datetime.date(2015, 4, 1), "205")].value == region.value
    settings.ARKI_K_ANONYMITY = 4
    assert all(p.withheld and p.value is None for p in read_points(metric))
    unknown = Metric.objects.create(
        process=process, name="x", source=SourceKind.DIARY, source_ref="nope"
    )
    assert read_points(unknown) == []
