"""A task through a real Celery worker process, with Redis as the broker and PostgreSQL shared
between the test and the worker."""

import time
import uuid
from collections import Counter
from email import message_from_bytes

import pytest

from ceremony.selectors.events import event_counts
from ceremony.tasks import event_counts_compute, signing_order_compute
from config.celery import app
from sessions.enums import NotificationStatus
from sessions.services.notifications import release_notifications_send
from sessions.services.release import schedule_release
from tests.factories import DelegateFactory, SessionFactory, SigningRequestFactory
from tests.integration.processes import solo_worker
from tests.sessions.support.notifications import programme_changed, programme_released


def worker_run(env=None):
    """A Celery worker in its own process, listening on a queue of its own: yields the queue's
    name, and makes it the queue tasks go to when nobody names one (as the services send)."""
    queue = f"test-{uuid.uuid4().hex}"
    process = solo_worker(queue=queue, env=env)
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_default_queue = default_queue
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


@pytest.fixture
def worker(transactional_db, settings):
    yield from worker_run()


@pytest.fixture
def mail_folder(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def mail_worker(transactional_db, settings, mail_folder):
    """A worker whose mail backend writes each message to a file in ``mail_folder``."""
    yield from worker_run(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_folder),
        }
    )


def wait_until(condition, *, timeout=60, what="the worker"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout} s for {what}.")
        time.sleep(0.2)


def mails_written(folder):
    """Every message the file-based backend wrote, parsed (one file per connection, messages
    separated by a line of 79 hyphens)."""
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for part in path.read_bytes().split(b"-" * 79):
            if part.strip():
                messages.append(message_from_bytes(part.lstrip(b"\n")))
    return messages


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


@pytest.mark.postgres
@pytest.mark.redis
def test_a_release_fills_the_outbox_and_the_organisers_send_goes_out_once_each(
    mail_worker, mail_folder
):
    """The whole way on real processes: the release commits, a worker writes the messages; the
    organiser sends them, a worker sends each once; a second delivery of the same batch (a
    redelivered task, the sweeper) sends nothing more."""
    programme = programme_released()
    programme_changed(programme)
    second = schedule_release(event=programme.event, note="The bureau met.")
    messages = second.notifications
    wait_until(lambda: messages.count() == 4, what="the messages to be written")
    assert set(messages.values_list("status", flat=True)) == {"held", "no_address"}
    assert mails_written(mail_folder) == []  # held for review

    assert release_notifications_send(release=second) == 3
    sent = messages.filter(status=NotificationStatus.SENT)
    wait_until(lambda: sent.count() == 3, what="the messages to be sent")
    people = programme.people
    expected = {people.ana.email, people.chen.email, people.dara.email}
    mails = mails_written(mail_folder)
    assert Counter(mail["To"] for mail in mails) == Counter(expected)
    by_id = {mail["Message-ID"] for mail in mails}
    assert by_id == set(sent.values_list("message_id", flat=True))
    french = next(mail for mail in mails if mail["To"] == people.ana.email)
    assert french["Content-Language"] == "fr"
    calendars = [part for part in french.walk() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1 and b"Cybercrime panel" in calendars[0].get_payload(decode=True)

    again = app.send_task(
        "sessions.tasks.release_notifications_deliver",
        args=[list(messages.values_list("pk", flat=True))],
    )
    statuses = again.get(timeout=60)
    assert set(statuses.values()) == {"sent", "no_address"}
    assert len(mails_written(mail_folder)) == 3
    assert set(messages.values_list("attempts", flat=True)) == {0, 1}
