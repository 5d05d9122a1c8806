"""Test settings: the database comes from DATABASE_URL (SQLite by default)."""

import os

from .base import *  # noqa: F403
from .base import DATABASE_CACHE, DATABASES, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ARKI_SMS_BACKEND = "arki.core.messaging.MemorySmsGateway"
ARKI_SMS_FILE_PATH = VAR_DIR / "test-outbox" / "sms"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# --- Operations: the same database cache as a default install, whatever REDIS_URL says, so
# throttles behave in tests as in production (shared by processes, rolled back with the test).
CACHES = {"default": DATABASE_CACHE}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# --- end of Operations

if os.environ.get("ARKI_TEST_MEDIA_ROOT"):
    # Processes that must share files (a Celery worker restarted mid-job) use a real folder.
    STORAGES["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ["ARKI_TEST_MEDIA_ROOT"]},
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not memory) so that a Celery worker subprocess can share it; one per test run
    # so that runs side by side do not collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

# --- jobs: tests run a job at once after its transaction commits; a test of the real worker
# overrides this (and its worker subprocess gets ARKI_JOB_BACKEND=database).
ARKI_JOB_BACKEND = os.environ.get("ARKI_JOB_BACKEND", "immediate")
ARKI_EMBEDDED_WORKER = False
