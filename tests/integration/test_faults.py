"""Faults, on the production set-up: real Celery workers, a Redis that is stopped, a gunicorn
server, PostgreSQL connections cut in the middle of a write.

- A worker killed (SIGKILL, its whole process group) while it writes an export, then a new
  worker started: the export completes exactly once (late acknowledgement brings the message
  back; the row lock and the attempt count keep the work single).
- Redis stopped: pages and the API still answer; an export asked for meanwhile is kept and says
  so; once Redis is back the sweeper queues it and it runs once. An export whose message was
  lost with Redis (it keeps nothing on disk) is queued again too.
- The database connection dropped mid-request: 503 with a clear message, nothing half-written,
  and the next request works.
"""

import subprocess
import sys
import time
from datetime import datetime, timedelta

import psycopg
import pytest
from django.db import connections
from django.db.models.signals import post_save
from rest_framework.authtoken.models import Token

from delegations.models import Delegate
from sessions.enums import ExportStatus
from sessions.models import ExportJob
from sessions.services.release import schedule_release
from tests.factories import (
    HANOI,
    EventFactory,
    FocalPointFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

from .processes import (
    ROOT,
    Gunicorn,
    RedisServer,
    celery_worker,
    database_dsn,
    http_request,
    project_env,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def released_event():
    """An event whose PDF programme takes a few seconds to write: time to kill its worker."""
    event = EventFactory(slug="faults")
    rooms = [RoomFactory(venue__event=event, name=f"Room {n}") for n in range(1, 7)]
    first = datetime(2025, 10, 25, 8, tzinfo=HANOI)
    for n in range(48):
        SessionFactory(
            event=event,
            room=rooms[n % 6],
            start=first + timedelta(minutes=75 * (n // 6)),
            title=f"Session {n} — Hội nghị 会议 مؤتمر Конференция",
            description="Cybercrime and electronic evidence. " * 20,
        )
    schedule_release(event=event)
    return event


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "private-media"
    folder.mkdir()
    return folder


@pytest.fixture
def processes():
    """Stops whatever a test started, then prints their logs (shown when the test fails)."""
    started = []
    yield started
    for process in started:
        process.stop()
    for process in started:
        print(f"--- {process.log_path.name}\n{process.output()[-4000:]}")


def manage(command, env):
    """A management command as an operator would run it, against the test's processes."""
    subprocess.run(
        [sys.executable, "manage.py", command], cwd=ROOT, env=env, check=True, capture_output=True
    )


def job_files(media, job):
    folder = media / "exports" / str(job.event_id) / str(job.pk)
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_a_worker_killed_during_an_export_completes_it_exactly_once(
    released_event, redis, media, tmp_path, processes
):
    env = project_env(
        redis=redis,
        media=media,
        CELERY_VISIBILITY_TIMEOUT=3,
        JOBS_REDISPATCH_AFTER_SECONDS=3600,
    )
    first = celery_worker(env, tmp_path, "first").start()
    processes.append(first)
    web = Gunicorn(env, tmp_path).start()
    processes.append(web)
    staff = UserFactory(is_staff=True, is_superuser=True)
    token = Token.objects.create(user=staff).key

    status, job = web.request(
        "POST",
        "/api/v1/exports/",
        token=token,
        data={"event": released_event.pk, "format": "pdf", "scope": "event"},
    )
    assert status == 202, job
    wait_until(
        lambda: ExportJob.objects.get(pk=job["id"]).status == ExportStatus.RUNNING,
        timeout=60,
        what="the first worker to start the export",
    )
    first.kill()
    interrupted = ExportJob.objects.get(pk=job["id"])
    assert (interrupted.status, interrupted.attempts, interrupted.file.name) == ("running", 1, "")

    processes.append(celery_worker(env, tmp_path, "second").start())
    done = wait_until(
        lambda: ExportJob.objects.filter(pk=job["id"], status=ExportStatus.DONE).first(),
        timeout=120,
        what="the second worker to finish the export",
    )
    assert done.attempts == 2
    assert job_files(media, done) == ["faults-event.pdf"]
    assert (media / done.file.name).read_bytes().startswith(b"%PDF")

    _status, again = web.request("GET", f"/api/v1/exports/{job['id']}/", token=token)
    assert again["status"] == "done" and again["download_url"]


def test_a_job_whose_worker_died_runs_again_within_the_minute(
    released_event, redis, media, tmp_path, processes
):
    """The whole worker is killed while it writes an export, and the other one, idle, takes it
    when the sweeper next runs (beat does every minute; here it is run once), not when Redis
    gives the dead worker's message back after its visibility timeout (ten minutes)."""
    env = project_env(redis=redis, media=media, CELERY_VISIBILITY_TIMEOUT=600)
    workers = [celery_worker(env, tmp_path, name).start() for name in ("left", "right")]
    processes.extend(workers)
    for worker in workers:
        wait_until(lambda worker=worker: "ready" in worker.output(), timeout=60, what="a worker")
    web = Gunicorn(env, tmp_path).start()
    processes.append(web)
    token = Token.objects.create(user=UserFactory(is_staff=True, is_superuser=True)).key
    status, job = web.request(
        "POST",
        "/api/v1/exports/",
        token=token,
        data={"event": released_event.pk, "format": "pdf", "scope": "event"},
    )
    assert status == 202, job
    wait_until(
        lambda: ExportJob.objects.get(pk=job["id"]).status == ExportStatus.RUNNING,
        timeout=60,
        what="a worker to start the export",
    )
    [doomed] = [w for w in workers if "Task sessions.tasks.export_render[" in w.output()]
    doomed.kill()

    began = time.monotonic()
    manage("jobs_redispatch", env)
    done = wait_until(
        lambda: ExportJob.objects.filter(pk=job["id"], status=ExportStatus.DONE).first(),
        timeout=60,
        what="the survivor to finish the export",
    )

    assert time.monotonic() - began < 60
    assert done.attempts == 2
    assert job_files(media, done) == ["faults-event.pdf"]


def test_with_redis_stopped_pages_answer_and_jobs_wait_then_run_once(
    released_event, redis, media, tmp_path, processes
):
    env = project_env(redis=redis, media=media, JOBS_REDISPATCH_AFTER_SECONDS=1)
    web = Gunicorn(env, tmp_path).start()
    processes.append(web)
    staff = UserFactory(is_staff=True, is_superuser=True)
    token = Token.objects.create(user=staff).key
    status, lost = web.request(
        "POST", "/api/v1/exports/", token=token, data={"event": released_event.pk, "format": "csv"}
    )
    assert status == 202 and lost["waiting_for_queue"] is False

    redis.stop()
    assert web.request("GET", "/portal/login/")[0] == 200
    assert web.request("GET", f"/en/events/{released_event.slug}/schedule.json")[0] == 200
    status, sessions = web.request(
        "GET", f"/api/v1/sessions/?event={released_event.pk}", token=token
    )
    assert status == 200 and sessions["count"] == 48
    status, waiting = web.request(
        "POST", "/api/v1/exports/", token=token, data={"event": released_event.pk, "format": "ics"}
    )
    assert status == 202, waiting
    assert waiting["status"] == "queued" and waiting["waiting_for_queue"] is True
    assert "job queue is unavailable" in waiting["notice"]

    redis.start()
    processes.append(celery_worker(env, tmp_path, "worker").start())
    for job in (lost, waiting):
        done = wait_until(
            lambda job=job: ExportJob.objects.filter(pk=job["id"], status="done").first(),
            timeout=120,
            what=f"export {job['id']} to be done once Redis is back",
        )
        assert done.attempts == 1 and len(job_files(media, done)) == 1


def test_a_connection_dropped_mid_write_leaves_nothing_half_written(live_server):
    focal_point = FocalPointFactory()
    token = Token.objects.create(user=focal_point.user).key
    new_delegate = {"delegation": focal_point.delegation.pk, "family_name": "Nguyễn"}

    def cut_the_connection(sender, instance, created, **kwargs):
        """Right after the delegate's row is written, before its history row is."""
        pid = connections["default"].connection.info.backend_pid
        with psycopg.connect(database_dsn(), autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    post_save.connect(cut_the_connection, sender=Delegate, dispatch_uid="cut-connection")
    try:
        status, answer = http_request(
            live_server.url, "POST", "/api/v1/delegates/", token=token, data=new_delegate
        )
    finally:
        post_save.disconnect(sender=Delegate, dispatch_uid="cut-connection")
    assert status == 503, answer
    assert "nothing was saved" in answer["detail"]
    assert not Delegate.objects.filter(family_name="Nguyễn").exists()
    assert not Delegate.history.filter(family_name="Nguyễn").exists()

    status, answer = http_request(
        live_server.url, "POST", "/api/v1/delegates/", token=token, data=new_delegate
    )
    assert status == 201, answer
    assert Delegate.objects.filter(family_name="Nguyễn").count() == 1
    assert Delegate.history.filter(family_name="Nguyễn").count() == 1
