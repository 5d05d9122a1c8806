"""`arki worker`: run background jobs (ARKI_JOB_BACKEND=database) and recover lost ones.

django-tasks-db's `db_worker` takes the queued tasks; this command adds what a worker that
may be killed needs: on start, and every few seconds while it runs, `jobs_recover()` queues
again (or fails with the reason) the jobs whose worker died. Run one or more in production
(systemd, docs/deployment.md); `arki runserver` and `arki demo` start one themselves.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from arki.core.jobs import jobs_sweep_forever


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
        super().handle(*args, **options)
