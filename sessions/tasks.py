"""Celery tasks of the programme: thin, take ids, call one service, safe to run twice."""

from celery import shared_task

from ceremony.models import Event

from . import attendance, schedule_exports, timetabling


@shared_task(bind=True)
def timetable_propose(self, proposal_id):
    """Run the timetabling engine for a stored proposal; reports progress while it runs."""

    def progress(stage):
        if not self.request.called_directly and self.request.id:
            self.update_state(state="PROGRESS", meta={"proposal": proposal_id, "stage": stage})

    proposal = timetabling.timetable_proposal_compute(proposal_id=proposal_id, on_progress=progress)
    return {"proposal": proposal_id, "status": proposal.status if proposal else "deleted"}


@shared_task
def export_render(job_id):
    """Write a schedule export's file (a finished export is left as it is)."""
    job = schedule_exports.export_render(job_id=job_id)
    return {"export": job_id, "status": job.status if job else "deleted"}


@shared_task
def jobs_redispatch():
    """Beat, every minute, and each worker as it starts: queue again the jobs left waiting."""
    return {
        "exports": schedule_exports.exports_redispatch(),
        "proposals": timetabling.proposals_redispatch(),
    }


@shared_task
def attendance_snapshot(event_id):
    """Take an event's attendance snapshot now (on demand); a second run stores a newer one."""
    snapshot = attendance.attendance_snapshot_take(event=Event.objects.get(pk=event_id))
    return {"event": event_id, "snapshot": snapshot.pk, "taken_at": snapshot.taken_at.isoformat()}


@shared_task
def attendance_snapshots_all():
    """Beat, every few minutes: one snapshot task per event on now (its dates, ± one day)."""
    event_ids = [event.pk for event in attendance.events_in_progress()]
    for event_id in event_ids:
        attendance_snapshot.delay(event_id)
    return {"events": event_ids}
