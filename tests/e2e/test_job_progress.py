"""A job's bar moves to done on a real worker, in a real browser, without a page reload.

An organiser asks for an export in the admin; the page of the export shows it waiting; a
Celery worker (its own process, on PostgreSQL and Redis) is started only then, writes the file
and reports its stages through Redis; htmx swaps the bar in until the download link appears.
"""

import uuid
from datetime import datetime, time

import environ
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ceremony.services.organisers import organiser_create
from config.celery import app
from sessions.models import ExportJob
from sessions.services.release import schedule_release
from tests.e2e.support import WatchedPage
from tests.factories import FIRST_DAY, HANOI, EventFactory, RoomFactory, SessionFactory
from tests.integration.processes import solo_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

#: Keeps the swaps htmx made, from the page's own events (page.evaluate is not under the CSP).
SWAPS_RECORDED = """
window.__notReloaded = true;
window.__swaps = [];
document.body.addEventListener("htmx:afterSwap", () => {
  const bar = document.getElementById("job-progress");
  window.__swaps.push(bar ? bar.dataset.status : "gone");
});
"""


@pytest.fixture
def shared_cache(settings):
    """The live server and the worker share one Redis cache, as the web and the workers do in
    production; a prefix of its own keeps this run's keys apart from any other's."""
    base = settings.CELERY_BROKER_URL
    url = f"{base}?key_prefix=jobs-e2e-{uuid.uuid4().hex}"
    settings.CACHES = {**settings.CACHES, "default": environ.Env.cache_url_config(url)}
    return url


@pytest.fixture
def worker_later(transactional_db, shared_cache, tmp_path):
    """Tasks go to a queue of this test's own; ``start()`` starts the worker that takes them."""
    queue = f"test-{uuid.uuid4().hex}"
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    processes = []

    def start():
        env = {
            "CACHE_URL": shared_cache,
            "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        }
        processes.append(solo_worker(queue=queue, env=env))

    yield start
    app.conf.task_always_eager, app.conf.task_default_queue = eager, default_queue
    for process in processes:
        process.terminate()
        print(process.communicate(timeout=30)[0])


@pytest.fixture
def released_event():
    event = EventFactory(slug="hanoi")
    room = RoomFactory(venue__event=event)
    # On the event's first morning: the factory's own starts run an hour later per session
    # made, and after a thousand tests they fall outside the event's days.
    opens = datetime.combine(FIRST_DAY, time(10), tzinfo=HANOI)
    SessionFactory(event=event, room=room, title="Opening", start=opens)
    schedule_release(event=event)
    return event


def organiser_page(browser, live_server):
    client = Client()
    client.force_login(organiser_create(username="organiser", password="Hanoi-2025-organiser"))
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return WatchedPage(context)


def test_the_export_bar_moves_to_done_on_a_real_worker(
    browser, live_server, released_event, worker_later, screenshot
):
    watch = organiser_page(browser, live_server)
    page = watch.page
    page.goto(live_server.url + reverse("admin:programme_exportjob_add"))
    page.select_option("#id_format", "csv")
    page.click("input[name=_save]")
    page.wait_for_selector("#job-progress[data-status=queued]")
    job = ExportJob.objects.get()
    assert page.url.endswith(reverse("admin:programme_exportjob_change", args=[job.pk]))
    page.evaluate(SWAPS_RECORDED)

    worker_later()
    page.wait_for_selector("#job-progress[data-status=done] .job-result a", timeout=90_000)

    assert page.evaluate("window.__notReloaded") is True
    swaps = page.evaluate("window.__swaps")
    assert swaps[-1] == "done" and len(swaps) >= 2
    assert page.get_attribute("#job-progress-meter", "value") == "100"
    assert page.locator("#job-progress .job-percent").inner_text() == "100 %"
    assert page.locator("#job-progress form.job-cancel").count() == 0
    link = page.get_attribute("#job-progress .job-result a", "href")
    assert link == reverse("admin:programme_exportjob_private_file", args=[job.pk, "file"])
    assert page.request.get(live_server.url + link).ok
    job.refresh_from_db()
    assert job.status == "done"
    screenshot(page, "job-progress-export-done")
    assert watch.problems() == []
