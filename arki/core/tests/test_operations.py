"""Operations: a cache shared by every process, the settings an operator sets through the
environment, the load balancer's health check and error reports without personal data.

Settings are read in a fresh subprocess (the settings modules act on environment variables
at import time, which a running test process cannot redo).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from arki.core.observability import scrub_event

ROOT = Path(__file__).resolve().parents[3]
# Variables a developer's shell or CI may have set that would change what is read.
OPERATOR_VARIABLES = (
    "REDIS_URL",
    "CACHE_URL",
    "ARKI_STORAGE",
    "ARKI_S3_BUCKET",
    "ARKI_PGBOUNCER",
    "ARKI_LOG_FORMAT",
    "SENTRY_DSN",
    "DB_CONN_MAX_AGE",
    "DATABASE_URL",
)
PRODUCTION = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://arki@db.internal:5432/arki",
    "ALLOWED_HOSTS": "arki.example.fi",
}


def run_python(code: str, env: dict[str, str]) -> str:
    """Run Python code in a fresh interpreter with only these operator variables set; return
    the last line it printed."""
    environment = {k: v for k, v in os.environ.items() if k not in OPERATOR_VARIABLES}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def read_settings(module: str, env: dict[str, str], names: list[str]) -> dict:
    """Import config.settings.<module> with exactly these operator variables; return the
    named settings as JSON-able values."""
    script = textwrap.dedent(
        f"""
        import importlib, json
        settings = importlib.import_module("config.settings.{module}")
        print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))
        """
    )
    return json.loads(run_python(script, env))


# --- caches -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_another_process_counts_on_the_same_cache():
    """A wrong-code counter raised by one worker process is seen by another: with a
    per-process cache the second process would not find the counter at all."""
    cache.set("wrong-codes:198.51.100.7", 1, timeout=600)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{settings_dict['NAME']}"
    else:
        database_url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
    incremented = run_python(
        "import django; django.setup(); from django.core.cache import cache; "
        "print(cache.incr('wrong-codes:198.51.100.7'))",
        {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
    )
    assert incremented == "2"
    assert cache.get("wrong-codes:198.51.100.7") == 2


@pytest.mark.parametrize("module", ["dev", "production"])
def test_default_cache_is_the_database_never_per_process_memory(module):
    env = PRODUCTION if module == "production" else {}
    caches = read_settings(module, env, ["CACHES"])["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "arki_cache"


def test_redis_url_selects_redis_in_production():
    caches = read_settings(
        "production", {**PRODUCTION, "REDIS_URL": "redis://cache.internal:6379/1"}, ["CACHES"]
    )["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://cache.internal:6379/1"


def test_tests_use_the_database_cache_like_a_default_install(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


# --- environment settings -------------------------------------------------------------------


def test_json_log_format_writes_json_lines():
    logging = read_settings("production", {**PRODUCTION, "ARKI_LOG_FORMAT": "json"}, ["LOGGING"])[
        "LOGGING"
    ]
    formatter = logging["handlers"]["console"]["formatter"]
    assert formatter == "json"
    assert logging["formatters"]["json"]["()"] == "pythonjsonlogger.json.JsonFormatter"
    plain = read_settings("production", PRODUCTION, ["LOGGING"])["LOGGING"]
    assert plain["handlers"]["console"]["formatter"] == "text"


def test_json_formatter_emits_one_json_object_per_record():
    import logging

    from pythonjsonlogger.json import JsonFormatter

    record = logging.LogRecord("arki.jobs", logging.ERROR, __file__, 1, "job %s failed", (7,), None)
    line = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    ).format(record)
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "ERROR",
        "logger": "arki.jobs",
        "message": "job 7 failed",
    }


def test_s3_storage_is_chosen_from_the_environment():
    env = {
        **PRODUCTION,
        "ARKI_STORAGE": "s3",
        "ARKI_S3_BUCKET": "arki-files",
        "ARKI_S3_ENDPOINT_URL": "https://s3.example.fi",
        "ARKI_S3_REGION": "fi-north",
    }
    default = read_settings("production", env, ["STORAGES"])["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "arki-files"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.fi"
    assert default["OPTIONS"]["region_name"] == "fi-north"
    assert default["OPTIONS"]["querystring_auth"] is True
    local = read_settings("production", PRODUCTION, ["STORAGES"])["STORAGES"]["default"]
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_pgbouncer_disables_server_side_cursors_and_persistent_connections():
    database = read_settings("production", {**PRODUCTION, "ARKI_PGBOUNCER": "1"}, ["DATABASES"])[
        "DATABASES"
    ]["default"]
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["CONN_MAX_AGE"] == 0
    direct = read_settings("production", PRODUCTION, ["DATABASES"])["DATABASES"]["default"]
    assert not direct.get("DISABLE_SERVER_SIDE_CURSORS", False)


def test_production_sends_csp_and_referrer_policy_and_lets_health_through_on_http():
    values = read_settings(
        "production",
        PRODUCTION,
        ["CONTENT_SECURITY_POLICY", "SECURE_REFERRER_POLICY", "SECURE_REDIRECT_EXEMPT"],
    )
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^health/$"]


def test_sentry_is_opt_in_and_keeps_personal_data_out():
    script = textwrap.dedent(
        """
        import importlib, json, sentry_sdk
        importlib.import_module("config.settings.production")
        client = sentry_sdk.get_client()
        options = client.options if client.is_active() else {}
        print(json.dumps({
            "active": client.is_active(),
            "pii": options.get("send_default_pii"),
            "scrubbed": getattr(options.get("before_send"), "__name__", None),
        }))
        """
    )
    for dsn, active in (("https://key@errors.example.fi/4", True), ("", False)):
        report = json.loads(run_python(script, {**PRODUCTION, "SENTRY_DSN": dsn}))
        assert report["active"] is active
        if active:
            assert report == {"active": True, "pii": False, "scrubbed": "scrub_event"}


def test_error_report_drops_bodies_cookies_addresses_and_local_variables():
    event = {
        "request": {
            "url": "https://arki.example.fi/d/K7P2QX/",
            "query_string": "code=K7P2QX",
            "data": {"text": "Naapuri Matti Meikäläinen, 040 123 4567"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox", "Referer": "x"},
            "method": "POST",
        },
        "user": {"ip_address": "198.51.100.7"},
        "exception": {
            "values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"text": "Matti"}}]}}]
        },
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"] == {"headers": {"User-Agent": "Firefox"}, "method": "POST"}
    assert "user" not in scrubbed
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "f"}]


# --- health -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_ok_without_log_in_or_cookie(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "skipped"},
        "failed": [],
    }
    assert not response.cookies
    assert client.head("/health/").status_code == 200  # some load balancers send HEAD


@pytest.mark.django_db
def test_health_names_an_unreachable_cache_with_503(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failed"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error: ")
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_health_checks_the_broker_only_for_celery(client):
    with override_settings(ARKI_JOB_BACKEND="celery", CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]


def test_clear_sessions_is_scheduled(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["arki-clear-sessions"]
    assert schedule["task"] == "arki.clear_sessions"


@pytest.mark.django_db
def test_clear_sessions_task_deletes_expired_sessions_only():
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from arki.core.tasks import clear_sessions_task

    now = timezone.now()
    Session.objects.create(
        session_key="old", session_data="", expire_date=now - datetime.timedelta(days=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + datetime.timedelta(days=1)
    )
    clear_sessions_task()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
