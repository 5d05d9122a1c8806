"""The load balancer's health check, `/health/`.

Answers 200 with `{"status": "ok", "checks": {...}}` when the database, the shared cache and
(with ARKI_JOB_BACKEND=celery) the Celery broker answer, and 503 naming the part that failed.
It needs no log-in, is not throttled and sets no cookie, so a load balancer can poll it; it
reveals only the name of the exception class, never a message (which could hold a host name or
a password), and logs the full error for the operator.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
SKIPPED = "skipped"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """A round trip through the `default` cache: throttles count there, so it must work."""
    token = secrets.token_hex(8)
    cache.set("health-check", token, timeout=30)
    if cache.get("health-check") != token:
        raise RuntimeError("the cache did not return what was stored")


def check_broker() -> str | None:
    """The Celery broker, only where jobs go to Celery (the embedded runner needs none)."""
    if settings.ARKI_JOB_BACKEND != "celery":
        return SKIPPED
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=3) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check() or OK
        except Exception as error:  # any failure is a failed check, reported by part
            logger.exception("Health check failed: %s", name)
            results[name] = f"error: {type(error).__name__}"
    failed = [name for name, result in results.items() if result.startswith("error")]
    return JsonResponse(
        {"status": "error" if failed else "ok", "checks": results, "failed": failed},
        status=503 if failed else 200,
    )
