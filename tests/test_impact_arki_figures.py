"""The help exchange's figures per municipality and month on the impact view, its public page
and the open figures: the numbers recount the rows, small groups of people are withheld, and
the view's query count stays the same as the rows grow tenfold (impact may not import the
help exchange, so this cross-tool test lives here)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arki.core.enums import Role
from arki.core.models import Municipality
from arki.impact.services import metrics as metric_services

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2015, 3, 10)


@pytest.fixture
def exchange(process, make_user, settings):
    from arki.helpexchange.models import Village
    from arki.helpexchange.villages import seed_villages

    settings.ARKI_K_ANONYMITY = 3
    seed_villages(Municipality, Village)
    return process


def _helped(process, make_user, village, n, on=MARCH, start=0):
    """`n` older people of `village` each helped once on the day `on`."""
    from arki.helpexchange.tests import factories as f

    coordinator = f.coordinator(make_user, process)
    volunteer = f.active_volunteer(process, max_km=300, name=f"V{start}")
    for i in range(start, start + n):
        person = f.recipient(process, name=f"Asiakas {village} {i}", village_name=village)
        f.done_request(process, coordinator, volunteer, person, village, on)


def _metric(process, ref="help.older_people_helped"):
    metric = metric_services.metric_create(
        process=process,
        by=None,
        criterion_text="Vaikuttavuus",
        name="Autetut ikäihmiset",
        source="arki",
        source_ref=ref,
        unit="people",
        direction="up",
        baseline=1.0,
        baseline_on=datetime.date(2015, 2, 1),
        target=20.0,
        target_on=datetime.date(2015, 4, 30),
    )
    metric_services.metric_publish(metric=metric, publish=True, by=None)
    return metric


def test_people_helped_per_municipality_with_small_groups_withheld(exchange, make_user):
    # March: Kajaani 4, Kuhmo 1, Sotkamo 3 older people helped (k = 3).
    _helped(exchange, make_user, "Kajaanin keskusta", 4)
    _helped(exchange, make_user, "Kuhmon keskusta", 1, start=10)
    _helped(exchange, make_user, "Sotkamon keskusta", 3, start=20)
    metric = _metric(exchange)

    html = Client().get(f"/en/impact/{exchange.slug}/").content.decode()
    section = html.split(f'id="metric-{metric.pk}"', 1)[1].split("</section>", 1)[0]
    march = section.split('<th scope="row">2015M03</th>', 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in march.split("<td")[1:]]
    headers = [
        h.split(">", 1)[1].split("<", 1)[0]
        for h in section.split("<thead>", 1)[1].split("</thead>", 1)[0].split("<th")[2:]
    ]
    by_place = dict(zip(headers, cells, strict=True))
    assert by_place["Whole region"] == "8" and by_place["Kajaani"] == "4"
    # Kuhmo's one person is withheld, and Sotkamo's three with it (8 − 4 would give it away).
    assert by_place["Kuhmo"] == "withheld" and by_place["Sotkamo"] == "withheld"
    assert by_place["Paltamo"] == "0"
    feb = section.split('<th scope="row">2015M02</th>', 1)[1].split("</tr>", 1)[0]
    assert "withheld" not in feb and feb.count(">0<") == len(headers)

    text = Client().get(f"/en/impact/{exchange.slug}/figures.csv").content.decode()
    rows = {
        (r[3], r[5]): (r[6], r[7])
        for r in (line.split(",") for line in text.splitlines()[1:])
        if r[0] == "help.older_people_helped"
    }
    assert rows[("MK18", "2015M03")] == ("8.0", "")
    assert rows[("KU205", "2015M03")] == ("4.0", "")
    assert rows[("KU290", "2015M03")] == ("", "withheld")
    assert rows[("KU765", "2015M03")] == ("", "withheld")
    assert ",1.0," not in text.split("help.older_people_helped", 1)[1].split("\n", 1)[0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_view_query_count_stays_constant_as_the_rows_grow_tenfold(exchange, make_user):
    for ref in ("help.older_people_helped", "help.tasks_per_month", "help.recurring_pairs"):
        _metric(exchange, ref)
    client = Client()
    client.force_login(make_user(Role.DECISION_MAKER, process=exchange))
    url = f"/en/staff/impact/{exchange.slug}/view/"
    _helped(exchange, make_user, "Kajaanin keskusta", 1)
    before = _queries(client, url)

    _helped(exchange, make_user, "Kuhmon keskusta", 5, start=10)
    _helped(exchange, make_user, "Kajaanin keskusta", 5, start=20, on=datetime.date(2015, 4, 2))
    assert _queries(client, url) == before
