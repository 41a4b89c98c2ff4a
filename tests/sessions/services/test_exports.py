"""Export jobs and the command: files written from the released schedule."""

import re

import pytest
from django.core.management import CommandError, call_command

from config.core.progress import cancel_request, job_key, progress_read
from sessions.models import ExportJob
from sessions.services import exports as service


def test_command_writes_the_file(exports_event, released_programme, tmp_path):
    target = tmp_path / "day2.xml"
    call_command(
        "export_schedule",
        exports_event.slug,
        "--format",
        "xml",
        "--day",
        "2025-10-26",
        "--output",
        str(target),
    )
    assert re.search(r"<title>Side event</title>", target.read_text())
    with pytest.raises(CommandError, match="No event"):
        call_command("export_schedule", "nowhere", "--format", "xml", "--output", str(target))
    with pytest.raises(CommandError, match="--day must be a date"):
        call_command(
            "export_schedule",
            exports_event.slug,
            "--format",
            "xml",
            "--day",
            "26/10",
            "--output",
            str(target),
        )


# progress and cancel ---------------------------------------------------------------------------


def test_an_export_reports_each_stage_and_ends_at_100(
    exports_event, released_programme, monkeypatch
):

    job = ExportJob.objects.create(event=exports_event, format="csv")
    stages = []
    report = service.progress_report
    monkeypatch.setattr(
        service,
        "progress_report",
        lambda key, **kw: stages.append(kw["stage"]) or report(key, **kw),
    )
    job = service.export_render(job_id=job.pk)
    assert job.status == "done"
    assert stages == ["gathering", "rendering", "storing", "done"]
    assert progress_read(job_key(job))["percent"] == 100


def test_an_export_asked_to_stop_ends_cancelled_without_a_file(exports_event, released_programme):

    job = ExportJob.objects.create(event=exports_event, format="csv", status="running", attempts=1)
    cancel_request(job_key(job))
    job = service.export_render(job_id=job.pk)
    assert job.status == "cancelled" and not job.file
    job.refresh_from_db()
    assert job.status == "cancelled" and job.finished_at is not None and not job.file
