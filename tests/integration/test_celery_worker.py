"""A task through a real Celery worker process, with Redis as the broker and PostgreSQL shared
between the test and the worker."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from ceremony.selectors.events import event_counts
from ceremony.tasks import event_counts_compute, signing_order_compute
from config.celery import app
from tests.factories import DelegateFactory, SessionFactory, SigningRequestFactory

ROOT = Path(__file__).resolve().parents[2]


def worker_database_url():
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, settings):
    """A Celery worker in its own process, listening on a queue of its own."""
    queue = f"test-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": worker_database_url()},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


@pytest.mark.postgres
@pytest.mark.redis
def test_task_runs_on_a_real_worker(worker):
    session = SessionFactory()
    DelegateFactory.create_batch(3, delegation__event=session.event)
    result = event_counts_compute.apply_async(args=[session.event.pk], queue=worker)
    counts = result.get(timeout=60)
    assert result.successful()
    assert counts["sessions"] == 1
    assert counts == event_counts(session.event)


@pytest.mark.postgres
@pytest.mark.redis
def test_the_signing_order_report_is_kept_when_a_worker_builds_it(worker):
    """The admin reads the report from the database, not from the job's return value."""
    session = SessionFactory(kind="signing", duration_minutes=30)
    event = session.event
    for code, country in (("FRA", "FR"), ("BRA", "BR")):
        SigningRequestFactory(
            delegation__event=event, delegation__code=code, delegation__country=country
        )
    result = signing_order_compute.apply_async(args=[event.pk], queue=worker)
    result.get(timeout=60)
    report = event.signing_order_reports.get()
    assert report.assigned == 2 and report.unassigned == []
