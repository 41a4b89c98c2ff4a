"""Handing jobs to the broker without losing a request when the broker is down.

Jobs that people wait for (schedule exports, timetable proposals) are rows in the database
first; the broker only carries a message that says "work on row N". When Redis cannot be
reached the row stays queued with no ``dispatched_at``, the page or the API says so, and
``jobs_redispatch`` (celery beat every minute, and each worker as it starts) hands it to a
worker once Redis is back. A job whose message was lost with Redis is handed over again after
``JOBS_REDISPATCH_AFTER_SECONDS``. The tasks check and lock the row before working, so a
message delivered twice does the work once.

A worker holds its job's row locked for as long as it works on it, and its database connection
dies with it: a job marked running whose row nobody holds has lost its worker. The sweeper
hands such a job over again at once (within the minute of beat), rather than after Redis's
visibility timeout brings the dead worker's message back (ten minutes by default).
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from celery.utils import uuid
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

# The planner's Celery app, made current before any task is sent (tasks are ``shared_task``).
from config.celery import app as celery_app  # noqa: F401
from config.core.locking import row_lock, rows_lock
from config.core.progress import JobCancelled, cancel_request, job_key, progress_report

logger = logging.getLogger(__name__)

#: What a person waiting for a job reads while the job queue cannot be reached.
JOB_QUEUE_DOWN = _(
    "The job queue is unavailable right now: the job is saved and starts as soon as it is back."
)


def task_send(task_name, *args, task_id=None):
    """Queue the task ``task_name``(*args); its result, or None when the broker is unreachable.

    A task is named by where it lives (``"sessions.tasks.export_render"``, also its Celery
    name), so that the services that queue it never import the tasks module, which imports
    them: the imports run one way. The task's module is imported on the first send.
    """
    task = import_string(task_name)
    try:
        return task.apply_async(args=args, task_id=task_id)
    except OperationalError as error:
        logger.warning("The job queue is unavailable; %s%r waits: %s", task_name, args, error)
        return None


def job_dispatch(*, job, task):
    """Hand a stored job to a worker (``task``: the task's name); False when the broker is
    unavailable.

    The hand-over is written before the message is sent: a worker that takes the message at
    once then finds the row free (a write after the send could wait on the worker's lock for
    the whole job, or hold the row just when the worker looks and make it pass the job by).
    """
    model, task_id = type(job), uuid()
    model.objects.filter(pk=job.pk).update(task_id=task_id, dispatched_at=timezone.now())
    if task_send(task, job.pk, task_id=task_id) is None:
        model.objects.filter(pk=job.pk, task_id=task_id).update(dispatched_at=None)
        return False
    return True


def jobs_pending_redispatch(*, jobs, task, now=None):
    """Hand over again the pending ``jobs`` never handed over, or handed over long ago, and the
    running ones whose worker died (their row is not held).

    A job a worker is working on holds its row locked and is left alone. Stops at the first
    broker failure (the sweeper's next run tries again). Returns how many were handed over
    (``sent``) and how many still wait (``left``).
    """
    now = now or timezone.now()
    long_ago = now - timedelta(seconds=settings.JOBS_REDISPATCH_AFTER_SECONDS)
    pending = jobs.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=long_ago) | Q(status=RUNNING)
    )
    with transaction.atomic():
        stale = rows_lock(pending, pending.values_list("pk", flat=True), skip_locked=True)
    sent = 0
    for job in stale:
        if not job_dispatch(job=job, task=task):
            break
        sent += 1
    return {"sent": sent, "left": len(stale) - sent}


#: What a person reads of a job that failed with an error the planner did not foresee.
JOB_ERROR = _("The job failed with an unexpected error; ask for it again, or tell the organisers.")
#: A job a worker started this many times without finishing is given up: work that brings its
#: worker down (memory, a crash) would otherwise be retried for ever.
JOB_MAX_ATTEMPTS = 3
#: The statuses every tracked job model shares (exports, timetable proposals).
QUEUED, RUNNING, FAILED, CANCELLED = "queued", "running", "failed", "cancelled"
#: What a person reads who asks to stop a job that has already ended.
JOB_ALREADY_ENDED = _("This job has already ended: there is nothing left to stop.")


def _job_locked(model, job_id):
    """The job, locked; None while another worker holds it (or once it is deleted)."""
    return row_lock(model, job_id, skip_locked=True)


def _job_start(model, job_id):
    """Claim a pending job: RUNNING, one more attempt; False if it is not to be worked now."""
    with transaction.atomic():
        job = _job_locked(model, job_id)
        if job is None or job.status not in (QUEUED, RUNNING):
            return False
        if job.attempts >= JOB_MAX_ATTEMPTS:
            job.status, job.finished_at = FAILED, timezone.now()
            job.error = _(
                "The job was interrupted %(n)d times (its worker stopped); ask for it again."
            ) % {"n": job.attempts}
            job.save(update_fields=["status", "error", "finished_at"])
            return False
        job.status, job.attempts = RUNNING, job.attempts + 1
        job.save(update_fields=["status", "attempts"])
        return True


@contextmanager
def job_running(model, job_id):
    """The job, locked and RUNNING, for the work; None when it is not to be worked now.

    Safe against a message delivered twice, at once or one after the other: the row stays
    locked while the work runs, so a second delivery finds it locked (or finished) and leaves
    it. A worker that dies releases the lock with its database connection, and the redelivered
    message (late acknowledgement) does the work again. Everything the body writes commits with
    the job's new status, or not at all; an error the body does not handle fails the job with a
    message (it would fail again if retried), unless the database itself went away. A body
    that raises ``JobCancelled`` (someone asked it to stop, ``job_cancel``) rolls back what it
    wrote and ends the job *cancelled*; the job yielded then says so.
    """
    if not _job_start(model, job_id):
        yield None
        return
    job = None
    try:
        with transaction.atomic():
            job = _job_locked(model, job_id)
            yield job if job is not None and job.status == RUNNING else None
    except JobCancelled:
        finished_at = timezone.now()
        model.objects.filter(pk=job_id, status=RUNNING).update(
            status=CANCELLED, error="", finished_at=finished_at
        )
        if job is not None:
            job.status, job.error, job.finished_at = CANCELLED, "", finished_at
            progress_report(job_key(job), stage="cancelled")
    except DatabaseError:
        raise
    except Exception:
        logger.exception("%s %s failed", model.__name__, job_id)
        model.objects.filter(pk=job_id, status=RUNNING).update(
            status=FAILED, error=str(JOB_ERROR), finished_at=timezone.now()
        )
        raise


def job_cancel(*, job):
    """Ask a queued or running job to stop; a ``ValidationError`` when it has already ended.

    A job no worker has claimed yet is cancelled at once. A running one is asked through the
    cache (``config.core.progress``), never through its row, which its worker holds locked:
    the work checks between its steps and ends *cancelled* (``job_running``). A worker that
    claims the job at this very moment finds it cancelled or finds the request: the update
    below waits for the claim's short lock and then matches no running job.
    """
    if job.status not in (QUEUED, RUNNING):
        raise ValidationError(JOB_ALREADY_ENDED)
    cancel_request(job_key(job))
    type(job).objects.filter(pk=job.pk, status=QUEUED).update(
        status=CANCELLED, finished_at=timezone.now()
    )
