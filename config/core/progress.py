"""What a long job has done so far, and whether someone asked it to stop.

A job's progress (its stage, a percentage, a line of detail, the engine's best timetable so far)
and a request to cancel it live in Django's cache, keyed by the job (``job_key``), and never in
the job's own row: the worker holds that row locked inside one transaction for as long as it
works (``config.core.jobs.job_running``), so progress written to it stays invisible to every
other connection until the job ends, and a cancel written to it would wait for the whole job.
A separate table written in autocommit would need a second database connection per worker and
a row written several times a second; the cache is what the web processes already share (Redis
in production, ``CACHE_URL``), costs one key per job and forgets it after a day. In the
embedded default (eager tasks, the process's own memory) the job runs inside the request that
asks for it, so the page finds it finished and needs nothing from here. A cache that cannot be
reached only hides the bar's details: what a job finally became is always read from its row.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

#: How long progress and cancel requests are kept: longer than any job runs.
PROGRESS_TTL = 24 * 3600


#: What each stage a job reports is called on its page.
STAGES = {
    "queued": _("Waiting for a worker"),
    "running": _("Working"),
    "gathering": _("Gathering the programme"),
    "rendering": _("Writing the file"),
    "storing": _("Storing the file"),
    "checking": _("Checking the problem"),
    "greedy": _("Placing sessions (first pass)"),
    "completing": _("Placing the remaining sessions"),
    "optimising": _("Improving the timetable"),
    "counting": _("Counting"),
    "reading": _("Reading the signatories"),
    "placing": _("Placing the signatories"),
    "saving": _("Saving"),
    "done": _("Done"),
    "ready": _("Ready for review"),
    "failed": _("Failed"),
    "cancelled": _("Cancelled"),
}


def stage_label(stage):
    """The stage as its page names it (an unknown stage as it was reported)."""
    return STAGES.get(stage, stage)


def _now():
    return time.time()


class JobCancelled(Exception):
    """Raised between two steps of a job whose cancel was asked for (``cancel_check``)."""


def job_key(job, kind=None):
    """The key of a job: its row (``programme.exportjob:12``), or a kind of work and the id of
    what it works on (``job_key(event, "attendance")`` → ``attendance:ceremony.event:3``)."""
    label = f"{job._meta.label_lower}:{job.pk}"
    return f"{kind}:{label}" if kind else label


def _progress_key(key):
    return f"jobs:progress:{key}"


def _cancel_key(key):
    return f"jobs:cancel:{key}"


def progress_report(key, *, stage, percent=None, detail="", **figures):
    """Record where the job stands: ``stage`` (a short word the page translates), ``percent``
    (0–100, or None when unknown), a line of ``detail``, and any ``figures`` of its own (the
    engine's placed, total, objective). The first report of a job starts its clock."""
    previous = cache.get(_progress_key(key)) or {}
    now = _now()
    entry = {
        "stage": stage,
        "percent": None if percent is None else max(0, min(100, round(percent))),
        "detail": str(detail),
        "started": previous.get("started", now),
        "updated": now,
        **figures,
    }
    cache.set(_progress_key(key), entry, PROGRESS_TTL)
    return entry


def progress_read(key):
    """The job's last report (a dict, with ``elapsed`` seconds since its first), or None."""
    entry = cache.get(_progress_key(key))
    if entry is None:
        return None
    return {**entry, "elapsed": max(0.0, _now() - entry["started"])}


def progress_clear(key):
    """Forget a job's progress and cancel request (a job asked for again starts afresh)."""
    cache.delete_many([_progress_key(key), _cancel_key(key)])


def cancel_request(key):
    """Ask the job to stop at its next step."""
    cache.set(_cancel_key(key), True, PROGRESS_TTL)


def cancel_requested(key):
    """Whether someone asked the job to stop."""
    return bool(cache.get(_cancel_key(key)))


def cancel_check(key):
    """Raise ``JobCancelled`` if someone asked the job to stop: called between its steps."""
    if cancel_requested(key):
        raise JobCancelled(key)


def elapsed_display(seconds):
    """``1:05`` for 65 seconds, ``1:01:05`` past the hour."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
