"""A job's progress and cancel requests, kept in the cache beside its locked row."""

import pytest
from django.core.exceptions import ValidationError

from config.core import progress
from config.core.jobs import job_cancel, job_running
from config.core.progress import (
    JobCancelled,
    cancel_check,
    cancel_request,
    cancel_requested,
    elapsed_display,
    job_key,
    progress_clear,
    progress_read,
    progress_report,
    stage_label,
)
from sessions.models import ExportJob
from tests.factories import EventFactory, ExportJobFactory


def test_a_report_is_read_back_with_its_clock_started_by_the_first(monkeypatch):
    clock = iter([100.0, 105.0, 107.5])
    monkeypatch.setattr(progress, "_now", lambda: next(clock))
    progress_report("job:1", stage="gathering", percent=10)
    progress_report("job:1", stage="rendering", percent=40.4, detail="PDF", placed=3)
    entry = progress_read("job:1")
    assert entry["stage"] == "rendering" and entry["percent"] == 40
    assert entry["detail"] == "PDF" and entry["placed"] == 3
    assert entry["elapsed"] == pytest.approx(7.5)


def test_percentages_stay_between_0_and_100_and_unknown_stays_unknown():
    assert progress_report("job:2", stage="x", percent=140)["percent"] == 100
    assert progress_report("job:2", stage="x", percent=-3)["percent"] == 0
    assert progress_report("job:2", stage="x")["percent"] is None


def test_a_job_never_reported_has_no_progress_and_no_cancel():
    assert progress_read("job:none") is None
    assert not cancel_requested("job:none")
    cancel_check("job:none")


def test_a_cancel_request_is_seen_by_the_check_and_cleared_with_the_progress():
    progress_report("job:3", stage="x", percent=5)
    cancel_request("job:3")
    assert cancel_requested("job:3")
    with pytest.raises(JobCancelled):
        cancel_check("job:3")
    progress_clear("job:3")
    assert progress_read("job:3") is None and not cancel_requested("job:3")


def test_keys_name_the_row_or_the_work_on_it(db):
    event = EventFactory()
    job = ExportJobFactory(event=event)
    assert job_key(job) == f"programme.exportjob:{job.pk}"
    assert job_key(event, "attendance") == f"attendance:ceremony.event:{event.pk}"


def test_elapsed_time_and_stage_names_as_a_person_reads_them():
    assert elapsed_display(65.9) == "1:05"
    assert elapsed_display(3725) == "1:02:05"
    assert elapsed_display(None) == "0:00"
    assert stage_label("rendering") == "Writing the file"
    assert stage_label("something new") == "something new"


def test_a_queued_job_is_cancelled_at_once(db):
    job = ExportJobFactory(status="queued")
    job_cancel(job=job)
    job.refresh_from_db()
    assert job.status == "cancelled" and job.finished_at is not None


@pytest.mark.parametrize("status", ["done", "failed", "cancelled"])
def test_a_job_that_has_ended_cannot_be_cancelled(db, status):
    job = ExportJobFactory(status=status)
    with pytest.raises(ValidationError, match="already ended"):
        job_cancel(job=job)
    assert not cancel_requested(job_key(job))


def test_a_running_job_is_asked_and_ends_cancelled_at_its_next_step(db):
    job = ExportJobFactory(status="running", attempts=1)
    job_cancel(job=job)
    job.refresh_from_db()
    assert job.status == "running" and cancel_requested(job_key(job))
    with job_running(ExportJob, job.pk) as running:
        running.error = "written before the stop"
        running.save(update_fields=["error"])
        cancel_check(job_key(running))
    assert running.status == "cancelled"
    job.refresh_from_db()
    assert (job.status, job.error) == ("cancelled", "")
    assert progress_read(job_key(job))["stage"] == "cancelled"


def test_a_cancelled_job_is_not_started_again(db):
    job = ExportJobFactory(status="cancelled")
    with job_running(ExportJob, job.pk) as running:
        assert running is None
