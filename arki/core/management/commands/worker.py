"""`arki worker`: run background jobs (ARKI_JOB_BACKEND=database) and recover lost ones.

django-tasks-db's `db_worker` takes the queued tasks; this command adds what a worker that
may be killed needs: on start, and every few seconds while it runs, `jobs_recover()` queues
again (or fails with the reason) the jobs whose worker died. Run one or more in production
(systemd, docs/deployment.md); `arki runserver` and `arki demo` start one themselves.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

from arki.core.jobs import jobs_sweep_forever

logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = "Run background jobs from the database and recover the jobs of workers that died."

    def handle(self, *args: Any, **options: Any) -> None:
        reloader_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloader_parent:  # the process that runs jobs sweeps; a reloader only waits
            stop = threading.Event()
            interval = max(0.5, settings.ARKI_JOB_STALE_SECONDS / 3)
            sweeper = threading.Thread(
                target=jobs_sweep_forever,
                kwargs={"interval": interval, "stop": stop},
                name="arki-jobs-recover",
                daemon=True,
            )
            sweeper.start()
        while True:
            try:
                super().handle(*args, **options)
                return
            except OperationalError as error:
                # A SQLite file locked longer than its timeout (a long import or demo load
                # writing) stops db_worker's loop; a worker that gives up then runs no job.
                if not is_locked_database_exception(error):
                    raise
                logger.warning("The database is locked; the worker tries again.")
                close_old_connections()
                time.sleep(1)
