"""The embedded default: SQLite under var/, mail and SMS to files, jobs in-process."""

from .base import *  # noqa: F403

DEBUG = True
