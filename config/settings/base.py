"""Settings shared by every environment.

Where a setting lives:
- base.py (this file): everything that is the same in development, tests and production;
  values that differ between installations come from environment variables here.
- dev.py: the embedded default (SQLite under var/, console e-mail/SMS, jobs in-process).
- test.py: fast hashing, the test database, browser/redis switches.
- production.py: security hardening; refuses to start without SECRET_KEY, DATABASE_URL and
  ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ARKI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "arki-development-key-not-for-production")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The core is always installed: arki.core and the public website arki.site, which is part of
# the core (mounted at / by config/urls.py, linked from the core's base template), not a tool.
# Tools are listed after the core; each registers its manifest in AppConfig.ready(). A tool's
# manifest declares the tools it requires; `arki check` and app loading refuse a subset that
# lacks one (see arki/core/registry.py).
ARKI_CORE_APPS = ["arki.core", "arki.site"]
ALL_TOOL_APPS = [
    "arki.insight",
    "arki.analysis",
    "arki.budgeting",
    "arki.helpexchange",
]
# ARKI_TOOLS=insight,budgeting installs only those tools ("none" for the core alone), in the
# order of ALL_TOOL_APPS so that a required tool is loaded before the tools that need it.
_selected_tools = os.environ.get("ARKI_TOOLS")
_unknown_tools = [
    name
    for name in env_list("ARKI_TOOLS")
    if name != "none" and f"arki.{name}" not in ALL_TOOL_APPS
]
if _unknown_tools:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"ARKI_TOOLS names unknown tools: {', '.join(_unknown_tools)}. Known tools: "
        f"{', '.join(app.removeprefix('arki.') for app in ALL_TOOL_APPS)}."
    )
ARKI_TOOL_APPS = (
    ALL_TOOL_APPS
    if _selected_tools is None
    else [app for app in ALL_TOOL_APPS if app.removeprefix("arki.") in env_list("ARKI_TOOLS")]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    *ARKI_CORE_APPS,
    *ARKI_TOOL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "site:index"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arki.core.context_processors.arki",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'arki.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the projector read while participants write; the timeout rides out bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "outbox" / "email"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "arki@localhost")

# --- Arki ---------------------------------------------------------------------------------
# SMS gateway: a dotted path to a class implementing arki.core.messaging.SmsGateway.
ARKI_SMS_BACKEND = os.environ.get("ARKI_SMS_BACKEND", "arki.core.messaging.FileSmsGateway")
ARKI_SMS_FILE_PATH = VAR_DIR / "outbox" / "sms"
# Shared secret the SMS operator sends with inbound replies (empty: the webhook is off).
ARKI_SMS_INBOUND_SECRET = os.environ.get("ARKI_SMS_INBOUND_SECRET", "")
# Background jobs: "embedded" runs them in a thread of the web process (no extra service);
# "celery" sends them to Celery workers through CELERY_BROKER_URL (Redis in production).
ARKI_JOB_BACKEND = os.environ.get("ARKI_JOB_BACKEND", "embedded")
# Live workshop sessions expire after this many hours if nobody closes them.
ARKI_LIVE_SESSION_HOURS = int(os.environ.get("ARKI_LIVE_SESSION_HOURS", "12"))
# Public base URL, used in QR codes, paper kits and notification links.
ARKI_PUBLIC_URL = os.environ.get("ARKI_PUBLIC_URL", "http://127.0.0.1:8000")
# k-anonymity threshold for published groups and personas (never below 3).
ARKI_K_ANONYMITY = max(3, int(os.environ.get("ARKI_K_ANONYMITY", "5")))
# Files made by background jobs (exports, paper kits) are deleted after this many days.
ARKI_FILE_RETENTION_DAYS = max(1, int(os.environ.get("ARKI_FILE_RETENTION_DAYS", "7")))
# Code entries (live join, diary, help-exchange links; arki/core/throttle.py): after this many
# wrong codes from one client at one target, every try is refused for the window. Counted in
# the `default` cache, which all workers must share (the database cache or Redis).
ARKI_CODE_ATTEMPTS = max(1, int(os.environ.get("ARKI_CODE_ATTEMPTS", "10")))
ARKI_CODE_WINDOW_MINUTES = max(1, int(os.environ.get("ARKI_CODE_WINDOW_MINUTES", "15")))
# Behind a reverse proxy: the header carrying the client's address (e.g. X-Forwarded-For) and
# how many trusted proxies append to it; the entry that many places from the right is used.
# Empty: REMOTE_ADDR is the client (never set this without a proxy that overwrites the header).
ARKI_CLIENT_IP_HEADER = os.environ.get("ARKI_CLIENT_IP_HEADER", "")
ARKI_TRUSTED_PROXY_COUNT = max(1, int(os.environ.get("ARKI_TRUSTED_PROXY_COUNT", "1")))

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "arki")
# Used only if `celery -A config.celery beat` runs (cron with `arki purge_files` also works).
CELERY_BEAT_SCHEDULE = {
    "arki-purge-files": {
        "task": "arki.purge_files",
        "schedule": 3600.0,
        "options": {"queue": CELERY_TASK_DEFAULT_QUEUE},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# WhiteNoise warns about a missing STATIC_ROOT on every request; the folder is ours to create.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
