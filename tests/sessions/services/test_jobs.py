"""Jobs people wait for (exports, timetable proposals) are never lost and never done twice.

The broker's failure is simulated here by making ``apply_async`` raise what kombu raises when
Redis refuses the connection; ``tests/integration/test_faults.py`` stops a real Redis and kills
a real worker.
"""

from datetime import datetime

import pytest
from celery.app.task import Task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.core.jobs import JOB_MAX_ATTEMPTS, job_dispatch
from sessions import exports
from sessions.enums import ProposalStatus
from sessions.models import ExportJob, ScheduleProposal
from sessions.services.exports import EXPORT_RENDER, export_render, export_request
from sessions.services.jobs import jobs_redispatch
from sessions.services.release import schedule_release
from sessions.services.timetabling import timetable_proposal_create
from sessions.tasks import timetable_propose
from tests.factories import HANOI, EventFactory, RoomFactory, SessionFactory

REFUSED = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def event(db):
    return EventFactory(slug="hanoi")


@pytest.fixture
def programme(event):
    room = RoomFactory(venue__event=event)
    for hour in (9, 11):
        SessionFactory(event=event, room=room, start=datetime(2025, 10, 25, hour, tzinfo=HANOI))
    return schedule_release(event=event)


@pytest.fixture
def broker_down(monkeypatch):
    """Every task sent fails as it does when Redis cannot be reached."""

    def refuse(self, *args, **kwargs):
        raise REFUSED

    monkeypatch.setattr(Task, "apply_async", refuse)
    return monkeypatch


def job_files(job):
    storage = job.file.storage
    folder = job.file.field.generate_filename(job, "x").rsplit("/", 1)[0]
    return storage.listdir(folder)[1] if storage.exists(folder) else []


def test_a_second_delivery_of_a_finished_export_changes_nothing(
    event, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(event=event, format="csv")
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1 and job.dispatched_at is not None
    finished_at = job.finished_at
    again = export_render(job_id=job.pk)
    assert (again.status, again.attempts, again.finished_at) == ("done", 1, finished_at)
    assert job_files(job) == [job.file.name.rsplit("/", 1)[-1]]


def test_an_interrupted_export_is_written_again_over_its_first_attempt(event, programme):
    job = ExportJob.objects.create(event=event, format="json", status="running", attempts=1)
    name = job.file.field.generate_filename(job, f"{event.slug}-event.json")
    job.file.storage.save(name, ContentFile(b'{"half": '))
    job = export_render(job_id=job.pk)
    assert job.status == "done" and job.attempts == 2
    assert job_files(job) == [name.rsplit("/", 1)[-1]]
    assert job.file.read().startswith(b"{")
    assert b'"half"' not in job.file.open("rb").read()


def test_an_export_interrupted_too_often_is_given_up(event, programme):
    job = ExportJob.objects.create(
        event=event, format="pdf", status="running", attempts=JOB_MAX_ATTEMPTS
    )
    job = export_render(job_id=job.pk)
    assert job.status == "failed" and not job.file
    assert "interrupted 3 times" in job.error


def test_the_hand_over_is_written_before_the_message_leaves(event, programme, monkeypatch):
    """A worker that takes the message at once finds the row free and already handed over."""
    seen = []
    send = Task.apply_async

    def record_then_send(self, args=None, kwargs=None, task_id=None, **options):
        seen.append(ExportJob.objects.values_list("task_id", "dispatched_at").get(pk=args[0]))
        return send(self, args=args, kwargs=kwargs, task_id=task_id, **options)

    monkeypatch.setattr(Task, "apply_async", record_then_send)
    job = ExportJob.objects.create(event=event, format="csv")
    assert job_dispatch(job=job, task=EXPORT_RENDER)
    [(task_id, dispatched_at)] = seen
    assert task_id and dispatched_at is not None
    job.refresh_from_db()
    assert (job.task_id, job.status) == (task_id, "done")


def test_a_hand_over_the_broker_refuses_is_not_counted_as_sent(event, programme, broker_down):
    job = ExportJob.objects.create(event=event, format="csv")
    assert job_dispatch(job=job, task=EXPORT_RENDER) is False
    job.refresh_from_db()
    assert job.dispatched_at is None and job.waiting_for_queue


def test_an_unforeseen_error_fails_the_job_with_a_message(event, programme, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "render", broken)
    job = ExportJob.objects.create(event=event, format="csv")
    with pytest.raises(OSError):
        export_render(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, bool(job.file)) == ("failed", 1, False)
    assert "unexpected error" in job.error and job.finished_at is not None
    assert export_render(job_id=job.pk).status == "failed"


def test_with_the_broker_down_an_export_waits_and_says_so(
    event, programme, client, organiser, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/v1/exports/", {"event": event.pk, "format": "xml"})
    assert answer.status_code == 202, answer.content
    body = answer.json()
    assert body["status"] == "queued" and body["waiting_for_queue"] is True
    assert "job queue is unavailable" in body["notice"]
    job = ExportJob.objects.get(pk=body["id"])
    assert job.dispatched_at is None and job.attempts == 0
    page = client.get(reverse("admin:programme_exportjob_change", args=[job.pk]))
    assert "job queue is unavailable" in page.content.decode()

    with pytest.raises(CommandError, match="job queue is unavailable"):
        call_command("jobs_redispatch")
    assert ExportJob.objects.get(pk=job.pk).status == "queued"

    broker_down.undo()
    call_command("jobs_redispatch")
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1 and job.dispatched_at is not None
    assert client.get(f"/api/v1/exports/{job.pk}/").json()["waiting_for_queue"] is False


def test_the_sweeper_leaves_recently_sent_and_finished_jobs_alone(
    event, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = export_request(event=event, format="ics")
    queued_now = ExportJob.objects.create(event=event, format="csv")
    ExportJob.objects.filter(pk=queued_now.pk).update(dispatched_at=done.created_at)
    report = jobs_redispatch()
    assert report["exports"] == {"sent": 0, "left": 0}
    assert ExportJob.objects.get(pk=queued_now.pk).status == "queued"


def test_a_running_job_whose_worker_died_is_sent_again_at_once(event, programme, monkeypatch):
    """A worker holds its job's row while it works: a running job nobody holds lost its worker.
    Before, it waited for the dead worker's message to come back (ten minutes)."""
    orphan = ExportJob.objects.create(event=event, format="csv", status="running", attempts=1)
    ExportJob.objects.filter(pk=orphan.pk).update(dispatched_at=timezone.now())
    sent = []
    monkeypatch.setattr(
        Task, "apply_async", lambda self, args=None, **options: sent.append(args) or object()
    )

    report = jobs_redispatch()

    assert report["exports"] == {"sent": 1, "left": 0}
    assert sent == [(orphan.pk,)]


def test_a_job_sent_long_ago_is_sent_again(event, programme, settings):
    settings.JOBS_REDISPATCH_AFTER_SECONDS = 0
    job = ExportJob.objects.create(event=event, format="csv")
    ExportJob.objects.filter(pk=job.pk).update(dispatched_at=job.created_at)
    assert jobs_redispatch()["exports"] == {"sent": 1, "left": 0}
    assert ExportJob.objects.get(pk=job.pk).status == "done"


def test_with_the_broker_down_a_timetable_proposal_waits_for_it(
    event, broker_down, django_capture_on_commit_callbacks
):
    RoomFactory(venue__event=event)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = timetable_proposal_create(event=event, time_limit_seconds=2)
    proposal.refresh_from_db()
    assert proposal.waiting_for_queue and proposal.status == ProposalStatus.QUEUED
    broker_down.undo()
    assert jobs_redispatch()["proposals"] == {"sent": 1, "left": 0}
    proposal = ScheduleProposal.objects.get(pk=proposal.pk)
    assert proposal.status == ProposalStatus.READY and proposal.attempts == 1


def test_with_the_broker_down_the_signing_order_is_built_in_place(
    event, organiser_client, broker_down
):
    response = organiser_client.post(
        reverse("admin:ceremony_event_changelist"),
        {"action": "signing_order", "_selected_action": [event.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "signatories have a slot" in response.content.decode()


def test_tasks_are_acknowledged_late_and_swept_every_minute():
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    sweep = settings.CELERY_BEAT_SCHEDULE["jobs-redispatch"]
    assert sweep["task"] == "sessions.tasks.jobs_redispatch"
    assert sweep["schedule"].total_seconds() == 60


def test_a_message_for_a_deleted_proposal_is_let_go(event, programme):
    proposal = timetable_proposal_create(event=event, enqueue=False)
    proposal_id = proposal.pk
    proposal.delete()
    assert timetable_propose.apply(args=[proposal_id]).get() == {
        "proposal": proposal_id,
        "status": "deleted",
    }
