"""The Celery app. Tasks live in each app's ``tasks.py`` and take primitive ids."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def jobs_pending_on_start(sender, **kwargs):
    """A worker that starts (after an outage, a crash) first picks up the jobs left waiting,
    and the webhooks that are due."""
    sender.app.send_task("sessions.tasks.jobs_redispatch")
    sender.app.send_task("ceremony.tasks.webhook_deliveries_dispatch")
