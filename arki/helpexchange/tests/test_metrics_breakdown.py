"""The help exchange's figures per municipality and month (`Metric.breakdown`): recounted
from the rows, months without rows, a process in several municipalities."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from arki.core.kainuu import PILOT_CODES
from arki.helpexchange import metrics, services
from arki.helpexchange.models import Assignment

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
MARCH, APRIL, MAY = D(2015, 3, 1), D(2015, 4, 1), D(2015, 5, 1)


@pytest.fixture
def exchange(process, make_user):
    """Aili (Kajaani) helped twice in March by Ville, once in Kajaani and once in Kuhmo;
    Bertta (Kuhmo) helped in May. Nothing in April."""
    coordinator = f.coordinator(make_user, process)
    ville = f.active_volunteer(process, max_km=300)
    aili = f.recipient(process, name="Aili")
    bertta = f.recipient(process, name="Bertta", village_name="Kuhmon keskusta")
    f.done_request(process, coordinator, ville, aili, "Kajaanin keskusta", D(2015, 3, 3), answer=3)
    f.done_request(process, coordinator, ville, aili, "Kuhmon keskusta", D(2015, 3, 20))
    f.done_request(process, coordinator, ville, bertta, "Kuhmon keskusta", D(2015, 5, 9), answer=1)
    return process


def _grid(cells):
    return {(c.month, c.municipality): c for c in cells}


def test_tasks_and_people_helped_per_municipality_and_month(exchange):
    tasks = _grid(metrics.tasks_done_breakdown(exchange, MARCH, MAY))
    helped = _grid(metrics.older_people_helped_breakdown(exchange, MARCH, MAY))

    assert {(m, c): cell.value for (m, c), cell in tasks.items() if cell.value} == {
        (MARCH, None): 2,
        (MARCH, "205"): 1,
        (MARCH, "290"): 1,
        (MAY, None): 1,
        (MAY, "290"): 1,
    }
    # Every month and every municipality of the process has a cell: 0 where nothing was done.
    assert set(tasks) == {(m, c) for m in (MARCH, APRIL, MAY) for c in [None, *PILOT_CODES]}
    assert tasks[(APRIL, None)].value == 0 and tasks[(APRIL, "205")].value == 0
    # Aili was helped in two municipalities in March: once in each, once in the region.
    assert helped[(MARCH, "205")].value == helped[(MARCH, "290")].value == 1
    assert helped[(MARCH, None)].value == 1 and helped[(MARCH, None)].people == 1
    assert tasks[(MARCH, None)].people is None  # tasks are not people


def test_the_cells_recount_the_rows_and_agree_with_the_process_figure(exchange):
    cells = metrics.tasks_done_breakdown(exchange, D(2015, 1, 1), D(2015, 12, 1))
    done = Assignment.objects.filter(request__process=exchange, completed_at__isnull=False)
    for cell in cells:
        rows = done.filter(completed_at__year=cell.month.year, completed_at__month=cell.month.month)
        if cell.municipality is not None:
            rows = rows.filter(request__village__municipality__code=cell.municipality)
        assert cell.value == rows.values("request").distinct().count()
    assert sum(c.value for c in cells if c.municipality is None) == metrics.requests_completed(
        exchange
    )


def test_recurring_pairs_are_a_stock_and_count_where_the_two_tasks_were(exchange):
    pairs = _grid(metrics.recurring_pairs_breakdown(exchange, D(2015, 2, 1), MAY))
    assert pairs[(D(2015, 2, 1), None)].value == 0
    assert [pairs[(m, None)].value for m in (MARCH, APRIL, MAY)] == [1, 1, 1]
    # One task in Kajaani and one in Kuhmo: recurring in the region, in neither municipality.
    assert pairs[(MAY, "205")].value == pairs[(MAY, "290")].value == 0
    assert metrics.recurring_pairs(exchange) == pairs[(MAY, None)].value


def test_shares_have_no_cell_without_answers(exchange):
    easier = _grid(metrics.day_easier_breakdown(exchange, MARCH, MAY))
    assert easier[(MARCH, None)].value == 100.0 and easier[(MARCH, "205")].value == 100.0
    assert easier[(MAY, "290")].value == 0.0 and easier[(MAY, "290")].people == 1
    assert (APRIL, None) not in easier and (MARCH, "290") not in easier
    answers = _grid(metrics.experience_answers_breakdown(exchange, MARCH, MAY))
    assert answers[(MARCH, None)].value == 1 and answers[(APRIL, None)].value == 0


def test_requests_and_events_per_month(exchange, municipalities):
    requests = _grid(metrics.requests_breakdown(exchange, MARCH, MAY))
    assert requests[(MARCH, None)].value == 2 and requests[(MAY, "290")].value == 1
    event = f.event(exchange, municipalities["Kajaani"])
    person = f.recipient(exchange, name="Cecilia").person
    signup = services.event_signup(event=event, person=person, role="older")
    services.event_attendance_record(event=event, attended_ids={signup.pk})
    month = timezone.localdate(event.starts_at).replace(day=1)
    held = _grid(metrics.events_breakdown(exchange, month, month))
    came = _grid(metrics.event_attendance_breakdown(exchange, month, month))
    assert held[(month, "205")].value == 1 and held[(month, "290")].value == 0
    assert came[(month, "205")].value == came[(month, "205")].people == 1


def test_active_volunteers_have_no_breakdown():
    by_key = {m.key: m for m in metrics.METRICS}
    assert by_key["help.active_volunteers"].breakdown is None
    assert all(m.breakdown is not None for k, m in by_key.items() if k != "help.active_volunteers")


def test_the_open_data_months_are_the_breakdowns_whole_area_cells(exchange, settings):
    from arki.helpexchange.opendata import BREAKDOWNS, month_rows

    settings.ARKI_K_ANONYMITY = 1  # nothing withheld: every number shows
    values = {(month, key): value for month, key, _label, value, _status in month_rows(exchange)}
    # March: two requests done for Aili by Ville; May: one for Bertta; April has no row.
    for key in ("requests", "tasks_done", "older_people_helped", "volunteers_helping"):
        cells = _grid(BREAKDOWNS[key](exchange, MARCH, MAY))
        assert values[("2015-03", key)] == cells[(MARCH, None)].value
        assert values[("2015-05", key)] == cells[(MAY, None)].value
    assert [values[("2015-03", k)] for k in ("requests", "tasks_done")] == [2, 2]
    assert [values[("2015-03", k)] for k in ("older_people_helped", "volunteers_helping")] == [1, 1]
    assert values[("2015-05", "expired")] == 0
    assert {month for month, _key in values} == {"2015-03", "2015-05"}
    helpers = _grid(metrics.volunteers_helping_breakdown(exchange, MARCH, MAY))
    assert helpers[(MARCH, "205")].value == helpers[(MARCH, "290")].value == 1
    assert helpers[(MARCH, None)].people == 1
