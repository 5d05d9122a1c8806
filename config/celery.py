"""The Celery application for the production job backend (ARKI_JOB_BACKEND=celery).

Run a worker with:  celery -A config.celery worker -Q arki --loglevel=info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("arki")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["arki.core"])
