"""The metric plan: built from the chosen criteria (or typed ones), validated, reordered,
removed after confirmation, published; workshop proposals taken in."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client

from arki.core.enums import Role
from arki.impact.models import Metric
from arki.impact.services import metrics as services

from .metrics_helpers import provide_criteria, without_decisions

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post_metric(client, process, **overrides):
    data = {
        "name": "Arki helpottuu",
        "how_measured": "Kokemustieto",
        "source": "survey",
        "source_ref": "",
        "other_ref": "",
        "unit": "%",
        "direction": "up",
        "baseline": "60",
        "baseline_on": "2014-01-01",
        "target": "80",
        "target_on": "2018-01-01",
        "follow_up_dates": "2016-01-01, 2017-01-01",
    }
    data.update(overrides)
    return client.post(f"/en/staff/impact/{process.slug}/plan/", data)


def test_facilitator_builds_the_plan_from_two_chosen_criteria(process, make_user, monkeypatch):
    first, second = provide_criteria(monkeypatch, process)
    client = _client(make_user(Role.FACILITATOR, process=process))

    page = client.get(f"/en/staff/impact/{process.slug}/plan/")
    assert "Vaikuttavuus" in page.content.decode() and "Toteutettavuus" in page.content.decode()
    assert _post_metric(client, process, criterion=str(first.pk)).status_code == 302
    assert (
        _post_metric(client, process, criterion=str(second.pk), name="Poismuutto").status_code
        == 302
    )

    rows = list(Metric.objects.filter(process=process))
    assert [(m.criterion_id, m.criterion_text, m.name, m.position) for m in rows] == [
        (first.pk, "Vaikuttavuus", "Arki helpottuu", 1),
        (second.pk, "Toteutettavuus", "Poismuutto", 2),
    ]
    assert rows[0].follow_up_dates == ["2016-01-01", "2017-01-01"]


def test_without_the_decisions_tool_the_criterion_is_typed(process, make_user, monkeypatch):
    without_decisions(monkeypatch)
    client = _client(make_user(Role.FACILITATOR, process=process))

    assert _post_metric(client, process, criterion_text="Vaikuttavuus").status_code == 302
    assert Metric.objects.get().criterion_text == "Vaikuttavuus"


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"target": "50"}, "The target goes the wrong way"),
        ({"baseline_on": ""}, "Give the date this value belongs to."),
        ({"target_on": "2013-01-01"}, "The target date must be after the baseline."),
        ({"follow_up_dates": "ensi vuonna"}, "is not a date"),
        ({"name": ""}, "This field is required."),
        ({"source": "statistics", "source_ref": "999"}, "Select a valid choice"),
    ],
)
def test_bad_rows_are_refused_with_a_clear_message_and_nothing_saved(
    process, make_user, overrides, field_error, monkeypatch
):
    without_decisions(monkeypatch)
    client = _client(make_user(Role.FACILITATOR, process=process))

    response = _post_metric(client, process, criterion_text="Vaikuttavuus", **overrides)

    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Metric.objects.exists()


def test_service_refuses_an_unknown_registry_figure(process):
    with pytest.raises(ValidationError) as refused:
        services.metric_create(
            process=process,
            by=None,
            criterion_text="x",
            name="y",
            source="arki",
            source_ref="no.such",
            direction="up",
        )
    assert "source_ref" in refused.value.error_dict
    assert not Metric.objects.exists()


def _metric(process, name, **fields):
    return services.metric_create(
        process=process,
        by=None,
        criterion_text="Vaikuttavuus",
        name=name,
        source="survey",
        direction="up",
        **fields,
    )


def test_reorder_delete_after_confirmation_and_publish(process, make_user):
    a, b, c = (_metric(process, n) for n in "ABC")
    client = _client(make_user(Role.FACILITATOR, process=process))
    base = f"/en/staff/impact/{process.slug}/plan"

    client.post(f"{base}/{c.pk}/move/", {"direction": "up"})
    assert list(Metric.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    client.post(f"{base}/{a.pk}/move/", {"direction": "up"})  # already first: no change
    assert list(Metric.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    assert list(Metric.objects.values_list("position", flat=True)) == [1, 2, 3]

    confirm = client.get(f"{base}/{b.pk}/delete/")
    assert confirm.status_code == 200 and Metric.objects.filter(pk=b.pk).exists()
    client.post(f"{base}/{b.pk}/delete/")
    assert not Metric.objects.filter(pk=b.pk).exists()

    client.post(f"{base}/{a.pk}/publish/", {"publish": "1"})
    a.refresh_from_db()
    assert a.is_published and a.published_at is not None
    public = Client().get(f"/en/impact/{process.slug}/").content.decode()
    assert "A" in public and f"metric-{c.pk}" not in public and f"metric-{a.pk}" in public


def test_edit_keeps_the_row_when_refused(process, make_user):
    metric = _metric(process, "A", baseline=1.0, baseline_on=datetime.date(2014, 1, 1))
    client = _client(make_user(Role.FACILITATOR, process=process))

    response = client.post(
        f"/en/staff/impact/{process.slug}/plan/{metric.pk}/",
        {
            "criterion_text": "V",
            "name": "B",
            "source": "survey",
            "direction": "down",
            "baseline": "1",
            "baseline_on": "2014-01-01",
            "target": "5",
            "target_on": "2015-01-01",
        },
    )

    assert response.status_code == 400
    metric.refresh_from_db()
    assert (metric.name, metric.direction, metric.target) == ("A", "up", None)


def test_other_processes_and_roles_are_refused(process, make_user):
    metric = _metric(process, "A")
    analyst = _client(make_user(Role.ANALYST, process=process))

    assert analyst.get(f"/en/staff/impact/{process.slug}/plan/").status_code == 403
    assert (
        analyst.post(f"/en/staff/impact/{process.slug}/plan/{metric.pk}/delete/").status_code == 403
    )
    assert Metric.objects.filter(pk=metric.pk).exists()


def test_workshop_proposals_are_taken_into_the_plan(process, make_user, monkeypatch):
    from arki.core.services import live as live_services
    from arki.impact.activities.metric_plan import MetricPlanActivity

    first, _second = provide_criteria(monkeypatch, process)
    facilitator = make_user(Role.FACILITATOR, process=process)
    workshop = process.workshops.order_by("position").last()
    session = live_services.session_open(workshop=workshop, by=facilitator)
    activity = live_services.activity_add(
        session=session,
        kind=MetricPlanActivity.key,
        title="Mittarit",
        config={"criteria": []},
        by=facilitator,
    )
    seat, _secret = live_services.seat_join(session=session, label="Päättäjä")
    form = MetricPlanActivity.answer_form(
        activity,
        {
            f"a{activity.pk}-criterion": "0",
            f"a{activity.pk}-name": "Yksinäisyys vähenee",
            f"a{activity.pk}-how_measured": "UCLA-3",
            f"a{activity.pk}-source": "survey",
        },
    )
    assert form.is_valid(), form.errors
    MetricPlanActivity.submit(activity=activity, seat=seat, cleaned_data=form.cleaned_data)
    results = MetricPlanActivity.results(activity)
    assert results["count"] == 1 and results["groups"][0]["criterion"] == "Vaikuttavuus"
    projector = render_to_string(
        MetricPlanActivity.projector_template, {"activity": activity, "results": results}
    )
    assert "Yksinäisyys vähenee" in projector and "UCLA-3" in projector
    phone = render_to_string(
        MetricPlanActivity.participant_template,
        {"activity": activity, "form": MetricPlanActivity.answer_form(activity)},
    )
    assert "Toteutettavuus" in phone

    client = _client(facilitator)
    page = client.get(f"/en/staff/impact/{process.slug}/plan/").content.decode()
    assert "Yksinäisyys vähenee" in page
    response = activity.responses.get()
    client.post(
        f"/en/staff/impact/{process.slug}/plan/accept/", {"response": response.pk, "index": "0"}
    )
    metric = Metric.objects.get()
    assert (metric.criterion_id, metric.name, metric.how_measured) == (
        first.pk,
        "Yksinäisyys vähenee",
        "UCLA-3",
    )
