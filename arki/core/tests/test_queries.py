"""Query counts of the process page, the workshop list and the projector stay constant
when the data grows tenfold (no N+1 queries)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arki.core.enums import ActivityState, Role
from arki.core.models import Workshop
from arki.core.services.live import activity_add, activity_set_state, seat_join, session_open
from arki.core.services.processes import meeting_create


def grow_process(process, factor):
    """Add `factor` extra workshops, each with a live session and a meeting."""
    start = Workshop.objects.filter(process=process).count()
    for i in range(factor):
        workshop = Workshop.objects.create(
            process=process,
            position=start + i + 1,
            title=f"Lisätyöpaja {i}",
            date=datetime.date(2016, 1, 1) + datetime.timedelta(days=i),
            phase=process.phases.last(),
        )
        session_open(workshop=workshop, by=None)
        meeting_create(process=process, workshop=workshop, date=workshop.date, groups=["project"])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["core:process_detail", "core:workshop_list"])
def test_process_pages_query_count_constant(client, process, make_user, name):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    url = reverse(name, args=[process.slug])
    grow_process(process, 2)
    small = count_queries(client, url)
    grow_process(process, 20)
    large = count_queries(client, url)
    assert small == large


def test_projector_query_count_constant(client, process, make_user):
    client.force_login(make_user(Role.FACILITATOR, process=process))
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    poll = activity_add(
        session=session,
        kind="core.poll",
        title="Q",
        config={"question": "Q", "choices": ["a", "b", "c"], "multiple": True},
        by=None,
    )
    activity_set_state(activity=poll, state=ActivityState.OPEN, by=None)
    from arki.core.activities import QuickPoll

    def add_answers(n):
        for i in range(n):
            seat, _secret = seat_join(session=session, label=f"p{i}")
            QuickPoll.submit(activity=poll, seat=seat, cleaned_data={"choice": ["0", "2"]})

    url = reverse("core:projector_results", args=[session.code])
    add_answers(5)
    small = count_queries(client, url)
    add_answers(50)
    large = count_queries(client, url)
    assert small == large
    response = client.get(url)
    assert response.context["current"]["results"]["respondents"] == 55


def test_metrics_page_lists_registered_metrics(client, process, make_user):
    from arki.core.registry import Metric, ToolManifest, registry

    registry.register(
        ToolManifest(
            name="testmetrics",
            label="x",
            metrics=[Metric("test.workshops", "Työpajoja", "kpl", lambda p: p.workshops.count())],
        )
    )
    try:
        client.force_login(make_user(Role.DECISION_MAKER, process=process))
        response = client.get(reverse("core:metrics", args=[process.slug]))
        row = next(r for r in response.context["rows"] if r["metric"].key == "test.workshops")
        assert row["value"] == 10
        assert "Työpajoja" in response.content.decode()
    finally:
        registry.unregister("testmetrics")
