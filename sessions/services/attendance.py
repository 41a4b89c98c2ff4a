"""Attendance snapshots: an event's counts stored with the time they were taken, so that the
dashboard and the API read a row instead of counting again."""

from datetime import timedelta

from django.utils import timezone

from config.core.jobs import task_send
from config.core.progress import job_key, progress_report
from sessions.models import AttendanceSnapshot
from sessions.selectors.attendance import attendance_counts

#: How old the latest snapshot may be before a reader takes a new one.
SNAPSHOT_FRESH_FOR = timedelta(minutes=5)


def attendance_snapshot_take(*, event, report=False):
    """Compute the event's counts now and store them; a second call stores a newer snapshot.

    With ``report`` (the recount's job) its steps are reported under ``attendance_key``, for
    the dashboard's bar; a page that counts in place needs none.
    """
    key = attendance_key(event)
    if report:
        progress_report(key, stage="counting", percent=10)
    taken_at = timezone.now()
    counts = attendance_counts(event)
    if report:
        progress_report(key, stage="saving", percent=90)
    snapshot = AttendanceSnapshot.objects.create(event=event, taken_at=taken_at, counts=counts)
    if report:
        progress_report(key, stage="done", percent=100)
    return snapshot


def attendance_key(event):
    """The key the recount's progress is reported under (``config.core.progress``)."""
    return job_key(event, "attendance")


def attendance_snapshot_fresh(*, event, max_age=SNAPSHOT_FRESH_FOR):
    """The latest snapshot, or a new one when there is none or it is older than ``max_age``."""
    latest = AttendanceSnapshot.objects.filter(event=event).order_by("-taken_at").first()
    if latest is None or latest.taken_at < timezone.now() - max_age:
        return attendance_snapshot_take(event=event)
    return latest


#: What ``attendance_recount`` did: counted in a worker already (eager), counted here because
#: the job queue is down, or queued for a worker.
RECOUNTED, RECOUNTED_WITHOUT_QUEUE, RECOUNT_QUEUED = "counted", "counted_without_queue", "queued"


def attendance_recount(*, event):
    """Count again on demand: queue the job; with the job queue down, count here and now rather
    than lose the request. Returns which of the three happened."""
    result = task_send("sessions.tasks.attendance_snapshot", event.pk)
    if result is None:
        attendance_snapshot_take(event=event)
        return RECOUNTED_WITHOUT_QUEUE
    return RECOUNTED if result.ready() else RECOUNT_QUEUED
