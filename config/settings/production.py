"""Production: everything that differs comes from environment variables (see docs/deployment.md).

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Recommended: CELERY_BROKER_URL with
ARKI_JOB_BACKEND=celery, EMAIL_URL-style settings (EMAIL_HOST...), ARKI_PUBLIC_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

for required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"Set the environment variable {required} for production.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# --- Operations (docs/deployment.md) ------------------------------------------------------
# The load balancer polls /health/ over plain HTTP inside the network: no redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Error reporting is opt-in: with SENTRY_DSN set, errors go to Sentry without personal data
# (no request bodies, cookies, addresses or local variables: arki.core.observability).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from arki.core.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
# --- end of Operations --------------------------------------------------------------------
