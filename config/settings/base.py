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
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
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
    "arki.canvases",
    "arki.decisions",
    "arki.impact",
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
    # Staff second factor (docs/deployment.md "Staff log-in"): TOTP apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    *ARKI_CORE_APPS,
    *ARKI_TOOL_APPS,
    # jobs: Django's tasks API (backport) and its database backend; see "Background jobs" below.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Sends the Content-Security-Policy below on every response (see "Operations").
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass the second factor?
    "django_otp.middleware.OTPMiddleware",
    # Staff whose roles show identities must pass it before any other page (arki/core/twofactor.py).
    "arki.core.twofactor.SecondFactorMiddleware",
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
# Plain Finnish (selkosuomi) for the resident pages: a private-use BCP 47 tag, so that the
# HTML `lang` is valid (the Nu validator refuses the unregistered variant in "fi-plain") and
# screen readers read it as Finnish. Its catalogues are `locale_plain/fi_X-plain/` (Django's
# `to_locale`; see LOCALE_PATHS below), and every string without a plain translation falls
# back to standard Finnish: docs/architecture.md "Languages".
ARKI_PLAIN_LANGUAGE = "fi-x-plain"
LANGUAGES = [
    ("fi", _("Finnish")),
    (ARKI_PLAIN_LANGUAGE, _("Plain Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
# The language menu shows each language in itself; Django knows no "fi-x-plain".
LANG_INFO[ARKI_PLAIN_LANGUAGE] = {
    "bidi": False,
    "code": ARKI_PLAIN_LANGUAGE,
    "name": "Plain Finnish",
    "name_local": "selkosuomi",
}
# Plain Finnish catalogues (`arki/<app>/locale_plain/fi_X-plain/`) are listed here because
# Django merges LOCALE_PATHS after every app's catalogue: a plain string then wins over the
# standard Finnish of any app or of Django itself that uses the same msgid ("Done", "Status"),
# while every string without a plain version stays in standard Finnish. These directories hold
# no other language, so Finnish, Swedish and English are unaffected.
LOCALE_PATHS: list[Path] = [
    path
    for app in (*ARKI_CORE_APPS, *ARKI_TOOL_APPS)
    if (path := BASE_DIR / app.replace(".", "/") / "locale_plain").is_dir()
]
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
# The operator's HTTP API (ARKI_SMS_BACKEND=arki.core.messaging.HttpSmsGateway; the request
# format is in docs/deployment.md "SMS operator"): the full URL messages are POSTed to, a
# bearer token (or a user name and password for Basic authentication), the sender shown on
# phones (a registered name of at most 11 letters, or a number) and the timeout in seconds.
ARKI_SMS_API_URL = os.environ.get("ARKI_SMS_API_URL", "")
ARKI_SMS_API_TOKEN = os.environ.get("ARKI_SMS_API_TOKEN", "")
ARKI_SMS_API_USERNAME = os.environ.get("ARKI_SMS_API_USERNAME", "")
ARKI_SMS_API_PASSWORD = os.environ.get("ARKI_SMS_API_PASSWORD", "")
ARKI_SMS_SENDER = os.environ.get("ARKI_SMS_SENDER", "Arki")
ARKI_SMS_TIMEOUT = float(os.environ.get("ARKI_SMS_TIMEOUT", "10"))
# Secret the operator signs its delivery reports and inbound replies with (HMAC-SHA256,
# header X-Arki-Sms-Signature) when it posts them to /sms/callback/; empty: the webhook is off.
# ARKI_SMS_INBOUND_SECRET is its former name, still read.
ARKI_SMS_WEBHOOK_SECRET = os.environ.get(
    "ARKI_SMS_WEBHOOK_SECRET", os.environ.get("ARKI_SMS_INBOUND_SECRET", "")
)
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
# The public data API (/api/v1/, arki/site/api): each client address may make
# ARKI_API_RATE_LIMIT requests per ARKI_API_RATE_WINDOW_MINUTES (then 429 with Retry-After),
# counted in the same shared cache as the code entries; responses may be cached by browsers
# and proxies for ARKI_API_CACHE_SECONDS.
ARKI_API_RATE_LIMIT = max(1, int(os.environ.get("ARKI_API_RATE_LIMIT", "120")))
ARKI_API_RATE_WINDOW_MINUTES = max(1, int(os.environ.get("ARKI_API_RATE_WINDOW_MINUTES", "1")))
ARKI_API_CACHE_SECONDS = max(0, int(os.environ.get("ARKI_API_CACHE_SECONDS", "60")))
# Staff log-in (arki/core/login.py): after ARKI_LOGIN_ATTEMPTS wrong passwords or second-
# factor codes for one account (from any address), or ARKI_LOGIN_CLIENT_ATTEMPTS from one
# client address (for any account), every log-in there is refused, a correct one included,
# until ARKI_LOGIN_WINDOW_MINUTES after the first failure. Same shared cache as code entries.
ARKI_LOGIN_ATTEMPTS = max(1, int(os.environ.get("ARKI_LOGIN_ATTEMPTS", "10")))
ARKI_LOGIN_CLIENT_ATTEMPTS = max(1, int(os.environ.get("ARKI_LOGIN_CLIENT_ATTEMPTS", "50")))
ARKI_LOGIN_WINDOW_MINUTES = max(1, int(os.environ.get("ARKI_LOGIN_WINDOW_MINUTES", "15")))
# Password-reset e-mails (arki/core/login.py): at most ARKI_RESET_REQUESTS requests for one
# address (from any client) and ARKI_RESET_CLIENT_REQUESTS from one client (for any address)
# per ARKI_LOGIN_WINDOW_MINUTES; known and unknown addresses count alike.
ARKI_RESET_REQUESTS = max(1, int(os.environ.get("ARKI_RESET_REQUESTS", "5")))
ARKI_RESET_CLIENT_REQUESTS = max(1, int(os.environ.get("ARKI_RESET_CLIENT_REQUESTS", "20")))
# A staff invitation link works once, for this many days.
ARKI_INVITATION_DAYS = max(1, int(os.environ.get("ARKI_INVITATION_DAYS", "7")))
# Wrong second-factor codes count in the log-in throttle above (one mechanism, shared by every
# server), not in django-otp's per-device delay, which lives in each device row.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The name authenticator apps show beside the staff member's account.
OTP_TOTP_ISSUER = os.environ.get("ARKI_OTP_ISSUER", "Arki")

# --- Background jobs and uploads (owner: jobs; see arki/core/jobs.py, docs/deployment.md) ---
# "database" (the default; "embedded" is the same): jobs wait in the database and a worker
# (`arki worker`) runs them; `arki runserver` and `arki demo` start that worker themselves,
# so a small site needs no extra service. "celery": Celery workers through CELERY_BROKER_URL.
# "immediate": run at once in the process that started the job (tests).
ARKI_JOB_BACKEND = os.environ.get("ARKI_JOB_BACKEND", "database")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `arki runserver`/`arki demo` start a job worker beside the web server (0: run your own).
ARKI_EMBEDDED_WORKER = os.environ.get("ARKI_EMBEDDED_WORKER", "1") != "0"
# A running job's worker touches the job this often; a job untouched for ARKI_JOB_STALE_SECONDS
# is taken for lost (its worker died) and is retried from its checkpoint, at most
# ARKI_JOB_MAX_ATTEMPTS runs in all, or failed with the reason.
ARKI_JOB_HEARTBEAT_SECONDS = float(os.environ.get("ARKI_JOB_HEARTBEAT_SECONDS", "10"))
ARKI_JOB_STALE_SECONDS = float(os.environ.get("ARKI_JOB_STALE_SECONDS", "45"))
ARKI_JOB_MAX_ATTEMPTS = max(1, int(os.environ.get("ARKI_JOB_MAX_ATTEMPTS", "3")))
# Uploaded files (imports) larger than this are refused by the form before anything is stored.
ARKI_UPLOAD_MAX_BYTES = int(os.environ.get("ARKI_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# Uploads past 2.5 MB go to a temporary file, never whole into memory; other request bodies
# stay small (the upload itself is exempt: DATA_UPLOAD_MAX_MEMORY_SIZE counts no files).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# --- end of background jobs and uploads ---------------------------------------------------

# --- scheduled messages (arki.core.outbox) ---------------------------------------------------
# A failed e-mail or SMS is tried again after 5, 10, 20 … minutes, at most this many times,
# then shown to staff as failed. A message left "sending" by a dead worker for longer than
# ARKI_MESSAGE_CLAIM_SECONDS is reported, never re-sent by itself.
ARKI_MESSAGE_MAX_ATTEMPTS = max(1, int(os.environ.get("ARKI_MESSAGE_MAX_ATTEMPTS", "5")))
ARKI_MESSAGE_RETRY_SECONDS = int(os.environ.get("ARKI_MESSAGE_RETRY_SECONDS", "300"))
ARKI_MESSAGE_CLAIM_SECONDS = int(os.environ.get("ARKI_MESSAGE_CLAIM_SECONDS", "600"))
ARKI_MESSAGE_BATCH = int(os.environ.get("ARKI_MESSAGE_BATCH", "200"))
# New invitations and reminders are written only in these local hours (no SMS at night).
ARKI_MESSAGE_HOURS = (
    int(os.environ.get("ARKI_MESSAGE_FIRST_HOUR", "8")),
    int(os.environ.get("ARKI_MESSAGE_LAST_HOUR", "21")),
)
# Letters are written this many days before their e-mail and SMS would be (post takes time),
# so that a reminder "tomorrow" reaches the letterbox before the day.
ARKI_MESSAGE_LETTER_LEAD_DAYS = int(os.environ.get("ARKI_MESSAGE_LETTER_LEAD_DAYS", "3"))
# How often the database worker runs the scheduler (Celery beat: CELERY_BEAT_SCHEDULE).
ARKI_MESSAGE_INTERVAL_SECONDS = int(os.environ.get("ARKI_MESSAGE_INTERVAL_SECONDS", "60"))

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
    },
    # Expired sessions pile up in django_session otherwise (cron: `arki clearsessions`).
    "arki-clear-sessions": {
        "task": "arki.clear_sessions",
        "schedule": 24 * 3600.0,
        "options": {"queue": CELERY_TASK_DEFAULT_QUEUE},
    },
    # Scheduled messages: invitations and reminders (arki.core.outbox; cron:
    # `arki send_due_messages`). Idempotent: running it twice at once sends nothing twice.
    "arki-send-due-messages": {
        "task": "arki.send_due_messages",
        "schedule": 60.0,
        "options": {"queue": CELERY_TASK_DEFAULT_QUEUE},
    },
    # jobs: lost jobs are queued again or failed (arki.core.jobs.jobs_recover).
    "arki-recover-jobs": {
        "task": "arki.recover_jobs",
        "schedule": 15.0,
        "options": {"queue": CELERY_TASK_DEFAULT_QUEUE},
    },
}

# --- Operations: caches, CSP, logging, storage, pgbouncer (docs/deployment.md) ------------
# Caches. Throttles (wrong-code limits) count in the `default` cache, so it must be shared by
# every worker process and survive a restart: never Django's per-process LocMemCache.
# Redis when CACHE_URL or REDIS_URL is set (production); otherwise a table in the database,
# created by `migrate` (arki.core.apps runs createcachetable after every migrate).
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "arki_cache",
    "KEY_PREFIX": "arki",
    # The default 300 entries would cull live throttle counters under a burst.
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL/REDIS_URL must be a redis:// or rediss:// URL.")
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "arki",
            # Fail fast (the health check reports it) rather than hang a request.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
    # Sessions are read on every request (a phone's seat, a staff log-in): from Redis, with
    # the database as the durable copy (a Redis restart logs nobody out).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": DATABASE_CACHE}

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and frames only from our own
# origin. No 'unsafe-inline' and no 'unsafe-eval': templates carry no inline <script>, no on*=
# handlers and no style= attributes (arki/core/tests/test_csp.py scans them), and htmx is told
# not to inject its indicator <style> nor eval trigger filters (the htmx-config meta tag in
# base.html). data: images are the icons inside the design system's CSS and the favicon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Links out of Arki must not carry a page address (it can hold a process or a personal link).
SECURE_REFERRER_POLICY = "same-origin"

# Logging: plain lines by default; ARKI_LOG_FORMAT=json writes one JSON object per line for a
# log collector. Error reporting to Sentry is opt-in in production.py (SENTRY_DSN).
ARKI_LOG_FORMAT = os.environ.get("ARKI_LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if ARKI_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# File storage (uploads, job results): the local folder MEDIA_ROOT by default; ARKI_STORAGE=s3
# puts them in an S3-compatible bucket (django-storages). Credentials are not settings: boto3
# reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role) itself. Files hold
# personal data, so the bucket stays private and downloads use short-lived signed URLs.
ARKI_STORAGE = os.environ.get("ARKI_STORAGE", "local").strip().lower()
if ARKI_STORAGE == "s3":
    _bucket = os.environ.get("ARKI_S3_BUCKET") or os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if not _bucket:
        raise ImproperlyConfigured("ARKI_STORAGE=s3 needs ARKI_S3_BUCKET (the bucket's name).")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": os.environ.get("ARKI_S3_ENDPOINT_URL")
            or os.environ.get("AWS_S3_ENDPOINT_URL"),
            "region_name": os.environ.get("ARKI_S3_REGION") or os.environ.get("AWS_S3_REGION_NAME"),
            "location": os.environ.get("ARKI_S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
elif ARKI_STORAGE != "local":
    raise ImproperlyConfigured("ARKI_STORAGE must be 'local' or 's3'.")

# Behind pgbouncer in transaction pooling mode a server-side cursor (QuerySet.iterator())
# cannot outlive its transaction, and persistent connections only duplicate the pool.
ARKI_PGBOUNCER = env_bool("ARKI_PGBOUNCER")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not ARKI_PGBOUNCER:
    # The live answer's and the voucher ballot's few hand-written statements
    # (arki/core/rawsql.py) ask to be prepared once per connection; with this threshold no
    # other statement ever is. Not behind a pooler in transaction mode, which may hand the
    # next transaction a server connection that never saw them.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)
if ARKI_PGBOUNCER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if "DB_CONN_MAX_AGE" not in os.environ:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
# --- end of Operations --------------------------------------------------------------------

# WhiteNoise warns about a missing STATIC_ROOT on every request; the folder is ours to create.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
