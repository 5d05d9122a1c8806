"""Django project configuration. The Celery app is loaded with it so that tasks find it."""

from .celery import app as celery_app

__all__ = ["celery_app"]
