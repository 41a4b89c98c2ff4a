"""Attendance snapshots: an event's counts stored with the time they were taken, so that the
dashboard and the API read a row instead of counting again."""

from datetime import timedelta

from django.utils import timezone

from config.core.jobs import task_send
from sessions.models import AttendanceSnapshot
from sessions.selectors.attendance import attendance_counts

#: How old the latest snapshot may be before a reader takes a new one.
SNAPSHOT_FRESH_FOR = timedelta(minutes=5)


def attendance_snapshot_take(*, event):
    """Compute the event's counts now and store them; a second call stores a newer snapshot."""
    taken_at = timezone.now()
    return AttendanceSnapshot.objects.create(
        event=event, taken_at=taken_at, counts=attendance_counts(event)
    )


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
