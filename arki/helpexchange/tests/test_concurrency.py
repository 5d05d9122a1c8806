"""Two volunteers accept the same task at the same moment: exactly one gets it.

Real parallel requests: each thread has its own test client and its own database
connection; a barrier releases them together. Needs PostgreSQL (SQLite serialises writers
by locking the whole file, which proves nothing about row locks).
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from arki.helpexchange import services
from arki.helpexchange.enums import AssignmentStatus, RequestStatus
from arki.helpexchange.services.links import assignment_url

from . import factories as f


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_volunteers_accept_the_same_task_at_once(process, make_user, attempt):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")
    coordinator = make_user("coordinator", process=process)
    first = f.active_volunteer(process, name="Eka")
    second = f.active_volunteer(process, name="Toka")
    help_request = f.help_request(process)
    offers = services.assignment_offer(
        help_request=help_request, volunteers=[first, second], by=coordinator
    )
    paths = ["/" + assignment_url(o).split("://", 1)[1].split("/", 1)[1] for o in offers]
    barrier = threading.Barrier(len(paths))
    results: dict[int, int] = {}

    def accept(i: int) -> None:
        try:
            client = Client()
            barrier.wait()
            results[i] = client.post(paths[i], {"action": "accept"}).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(paths))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [302, 409]
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    statuses = sorted(help_request.assignments.values_list("status", flat=True))
    assert statuses == [AssignmentStatus.ACCEPTED, AssignmentStatus.WITHDRAWN]
