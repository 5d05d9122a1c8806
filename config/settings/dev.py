"""The embedded default: SQLite under var/, mail and SMS to files, jobs in-process."""

from .base import *  # noqa: F403

DEBUG = True

# Serve static files straight from the apps while developing (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
