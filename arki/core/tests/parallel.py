"""Run requests at the same instant in threads, for PostgreSQL race tests of every app.

Each thread gets its own database connection (Django opens one per thread), so the
transactions really overlap. SQLite serialises writers and cannot show a race.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

T = TypeVar("T")

#: Marks for a module of race tests: PostgreSQL only, real transactions.
POSTGRES_RACES = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL parallel transactions"
    ),
]


def run_parallel(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls at the same instant in threads (released by a barrier); their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def worker(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results
