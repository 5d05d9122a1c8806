"""The job worker that the development and demo web server start beside themselves.

With the database job backend (the default) jobs wait in the database until a worker runs
them. A small site should need no extra service, so `arki runserver` and `arki demo` start
`arki worker` as a child process, stopped when the server stops (and, on Linux, killed by the
kernel if the server dies). Production runs the worker as its own service instead
(docs/deployment.md) and gunicorn starts none. `ARKI_EMBEDDED_WORKER=0` turns this off.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys

from django.conf import settings

logger = logging.getLogger(__name__)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:
        pass


def embedded_worker_start() -> subprocess.Popen[bytes] | None:
    """Start `arki worker` as a child of this process, if this site wants one here."""
    if settings.ARKI_JOB_BACKEND not in {"database", "embedded"}:
        return None
    if not settings.ARKI_EMBEDDED_WORKER or os.environ.get("RUN_MAIN") == "true":
        return None  # turned off, or the autoreloader's child (its parent started one)
    worker = subprocess.Popen(
        [sys.executable, "-m", "arki", "worker", "--no-reload", "--verbosity", "0"],
        env=os.environ.copy(),
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    logger.info("Started the job worker (pid %s)", worker.pid)

    def stop() -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    atexit.register(stop)
    return worker
