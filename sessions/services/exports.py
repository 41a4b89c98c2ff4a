"""Exports of the released schedule as files: asked for, then written by a Celery job
(``sessions.tasks.export_render``) into private storage, exactly once."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from config.core.jobs import job_dispatch, job_running, jobs_pending_redispatch
from config.core.progress import cancel_check, job_key, progress_report
from sessions import exports
from sessions.enums import ExportScope, ExportStatus
from sessions.models import ExportJob
from sessions.selectors.exports import export_file_name, schedule_for_export

EXPORT_RENDER = "sessions.tasks.export_render"

PENDING_EXPORT_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


@transaction.atomic
def export_request(*, event, format, scope=ExportScope.EVENT, by=None, language=None, **narrowing):
    """Store an export and queue its job (``export_render``), in ``language`` (by default the
    language of the person asking: the worker has none of its own).

    With the job queue down the export stays queued and ``exports_redispatch`` queues it when
    the queue is back; ``ExportJob.waiting_for_queue`` tells the person who asked.
    """
    job = ExportJob(
        event=event,
        format=format,
        scope=scope,
        requested_by=by,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        **narrowing,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: job_dispatch(job=job, task=EXPORT_RENDER))
    return job


def exports_redispatch():
    """Queue again the pending exports whose message never reached, or may have left, Redis."""
    return jobs_pending_redispatch(
        jobs=ExportJob.objects.filter(status__in=PENDING_EXPORT_STATUSES),
        task=EXPORT_RENDER,
    )


def export_render(*, job_id):
    """Write a pending export's file into private storage, exactly once (``job_running``).

    A retried attempt writes its file over the interrupted one's: one job, one file. Reports
    its stages (gathering, rendering, storing) and stops between them when asked to.
    """
    with job_running(ExportJob, job_id) as job:
        if job is None:
            return ExportJob.objects.filter(pk=job_id).first()
        key = job_key(job)
        try:
            with translation.override(job.language):
                _stage(key, "gathering", 10)
                schedule = schedule_for_export(
                    event=job.event,
                    scope=job.scope,
                    day=job.day,
                    room=job.room,
                    kind=job.kind,
                    delegation=job.delegation,
                    delegate=job.delegate,
                )
                _stage(key, "rendering", 40)
                content = exports.render(job.format, schedule)
        except (ValidationError, ValueError) as error:
            job.status, job.error = (
                ExportStatus.FAILED,
                "; ".join(getattr(error, "messages", [str(error)])),
            )
        else:
            _stage(key, "storing", 80)
            name = job.file.field.generate_filename(
                job, export_file_name(job, job.format, job.scope)
            )
            job.file.storage.delete(name)
            job.file.save(name.rsplit("/", 1)[-1], ContentFile(content), save=False)
            job.status, job.error = ExportStatus.DONE, ""
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "file", "finished_at"])
        progress_report(key, stage=job.status, percent=100)
    return job


def _stage(key, stage, percent):
    """Say where the export stands, and stop here if someone asked it to."""
    cancel_check(key)
    progress_report(key, stage=stage, percent=percent)
