"""Celery tasks of the programme: thin, take ids, call one service, safe to run twice.

A leaf: each task imports its service inside its body, and the services queue tasks by name
(``config.core.jobs.task_send``), so nothing imports this module but Celery.
"""

from celery import shared_task


@shared_task
def timetable_propose(proposal_id):
    """Run the timetabling engine for a stored proposal; its page shows the progress."""
    from sessions.services.timetabling import timetable_proposal_compute

    proposal = timetable_proposal_compute(proposal_id=proposal_id)
    return {"proposal": proposal_id, "status": proposal.status if proposal else "deleted"}


@shared_task
def export_render(job_id):
    """Write a schedule export's file (a finished export is left as it is)."""
    from sessions.services.exports import export_render

    job = export_render(job_id=job_id)
    return {"export": job_id, "status": job.status if job else "deleted"}


@shared_task
def release_notifications_queue(release_id):
    """Write the messages of a release to the people concerned (a second run adds nothing)."""
    from sessions.models import ScheduleRelease
    from sessions.services.notifications import release_notifications_queue

    release = ScheduleRelease.objects.select_related("event").filter(pk=release_id).first()
    if release is None:
        return {"release": release_id, "messages": None}
    return {"release": release_id, "messages": release_notifications_queue(release=release)}


@shared_task
def release_notifications_deliver(notification_ids):
    """Send a batch of queued release messages; one already sent, or held by another worker,
    is left alone."""
    from sessions.services.notifications import notifications_deliver

    return notifications_deliver(notification_ids=notification_ids)


@shared_task
def jobs_redispatch():
    """Beat, every minute, and each worker as it starts: queue again the jobs left waiting."""
    from sessions.services.jobs import jobs_redispatch

    return jobs_redispatch()


@shared_task
def attendance_snapshot(event_id):
    """Take an event's attendance snapshot now (on demand); a second run stores a newer one."""
    from ceremony.models import Event
    from sessions.services.attendance import attendance_snapshot_take

    snapshot = attendance_snapshot_take(event=Event.objects.get(pk=event_id), report=True)
    return {"event": event_id, "snapshot": snapshot.pk, "taken_at": snapshot.taken_at.isoformat()}


@shared_task
def attendance_snapshots_all():
    """Beat, every few minutes: one snapshot task per event on now (its dates, ± one day)."""
    from sessions.selectors.attendance import events_in_progress

    event_ids = [event.pk for event in events_in_progress()]
    for event_id in event_ids:
        attendance_snapshot.delay(event_id)
    return {"events": event_ids}
