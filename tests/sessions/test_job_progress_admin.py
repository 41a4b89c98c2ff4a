"""A long job's page follows it: the progress fragment, its polling, the cancel button."""

import time
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony.services.signing import signing_order_build, signing_order_key
from config.core import admin as core_admin
from config.core import progress
from config.core.progress import job_key, progress_read, progress_report
from sessions.enums import NotificationStatus, ProposalStatus
from sessions.services.attendance import attendance_key, attendance_snapshot_take
from tests.factories import (
    EventFactory,
    ExportJobFactory,
    ScheduleProposalFactory,
    UserFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def progress_url(job):
    return reverse("admin:programme_exportjob_progress", args=[job.pk])


def cancel_url(job):
    return reverse("admin:programme_exportjob_cancel", args=[job.pk])


def test_a_running_export_polls_its_fragment_with_stage_percent_and_cancel(organiser_client):
    job = ExportJobFactory(status="running")
    progress_report(job_key(job), stage="rendering", percent=40)
    response = organiser_client.get(progress_url(job), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="job-progress"')
    assert f'hx-get="{progress_url(job)}"' in html and 'hx-trigger="every 1s"' in html
    assert "Writing the file" in html and 'value="40"' in html and "40 %" in html
    assert f'hx-post="{cancel_url(job)}"' in html and "csrfmiddlewaretoken" in html
    assert "<noscript>" in html


def test_a_finished_export_stops_polling_and_offers_its_file(organiser_client):
    job = ExportJobFactory(status="done", file="exports/1/hanoi-event.csv")
    html = organiser_client.get(progress_url(job), **HTMX).content.decode()
    assert "hx-trigger" not in html and "hx-post" not in html
    assert 'value="100"' in html
    assert reverse("admin:programme_exportjob_private_file", args=[job.pk, "file"]) in html


def test_a_failed_export_shows_its_error_and_no_bar_value(organiser_client):
    job = ExportJobFactory(status="failed", error="No released schedule.")
    html = organiser_client.get(progress_url(job), **HTMX).content.decode()
    assert "No released schedule." in html and "value=" not in html and "hx-trigger" not in html


def test_the_job_page_includes_the_fragment_and_htmx_and_no_refresh(organiser_client):
    job = ExportJobFactory(status="queued")
    html = organiser_client.get(
        reverse("admin:programme_exportjob_change", args=[job.pk])
    ).content.decode()
    assert 'id="job-progress"' in html and "vendor/htmx/htmx.min.js" in html
    assert '"allowEval": false' in html and 'http-equiv="refresh"' not in html
    assert "Waiting for a worker" not in html  # not reported yet: the status says it
    assert "Queued" in html


def test_cancel_stops_a_queued_export_and_answers_the_fragment(organiser_client):
    job = ExportJobFactory(status="queued")
    response = organiser_client.post(cancel_url(job), **HTMX)
    html = response.content.decode()
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert "Cancelled" in html and "hx-trigger" not in html


def test_cancel_refuses_a_finished_job_with_a_clear_message(organiser_client):
    job = ExportJobFactory(status="done")
    html = organiser_client.post(cancel_url(job), **HTMX).content.decode()
    assert "This job has already ended: there is nothing left to stop." in html
    job.refresh_from_db()
    assert job.status == "done"
    page = organiser_client.post(cancel_url(job), follow=True)
    assert "nothing left to stop" in page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("admin:programme_exportjob_change", args=[job.pk])


def test_cancel_without_javascript_goes_back_to_the_page(organiser_client):
    job = ExportJobFactory(status="running")
    response = organiser_client.post(cancel_url(job))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:programme_exportjob_change", args=[job.pk])


def test_cancel_is_a_post_with_its_csrf_token(organiser, client):
    job = ExportJobFactory(status="queued")
    assert client.get(cancel_url(job)).status_code in (302, 405)
    client.force_login(organiser)
    assert client.get(cancel_url(job)).status_code == 405
    checked = client.__class__(enforce_csrf_checks=True)
    checked.force_login(organiser)
    assert checked.post(cancel_url(job)).status_code == 403
    job.refresh_from_db()
    assert job.status == "queued"


@pytest.mark.parametrize("who", ["anonymous", "not staff", "staff without permission"])
def test_only_staff_allowed_to_see_the_job_follow_or_stop_it(client, db, who):
    job = ExportJobFactory(status="queued")
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=who != "not staff"))
    seen = client.get(progress_url(job))
    stopped = client.post(cancel_url(job))
    if who == "staff without permission":
        assert seen.status_code in (403, 404) and stopped.status_code in (403, 404)
    else:
        assert seen.status_code == 302 and "/login/" in seen["Location"]
        assert stopped.status_code == 302 and "/login/" in stopped["Location"]
    job.refresh_from_db()
    assert job.status == "queued"


def test_a_viewer_who_may_not_stop_sees_no_cancel_button(client, db):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_exportjob"))
    client.force_login(viewer)
    job = ExportJobFactory(status="running")
    assert "hx-post" not in client.get(progress_url(job)).content.decode()
    assert client.post(cancel_url(job)).status_code == 403


def test_the_proposal_fragment_shows_the_engines_best_timetable_so_far(organiser_client):
    proposal = ScheduleProposalFactory(status=ProposalStatus.RUNNING, solution=None)
    progress_report(
        job_key(proposal),
        stage="optimising",
        percent=75,
        placed=3,
        total=4,
        objective=120,
        bound=100,
    )
    url = reverse("admin:programme_scheduleproposal_progress", args=[proposal.pk])
    html = organiser_client.get(url, **HTMX).content.decode()
    assert "Improving the timetable" in html
    assert "Placed 3 of 4 sessions; objective 120 (bound 100)" in html
    assert "hx-trigger" in html and "hx-post" in html


def test_a_ready_proposal_says_what_it_placed_and_links_to_its_review(organiser_client):
    proposal = ScheduleProposalFactory(
        solution={
            "status": "complete",
            "assignments": [{"session": "s1"}, {"session": "s2"}],
            "unplaced": [{"session": "s3", "reasons": []}],
        }
    )
    url = reverse("admin:programme_scheduleproposal_progress", args=[proposal.pk])
    html = organiser_client.get(url, **HTMX).content.decode()
    assert "Placed 2 of 3 sessions" in html and "Review the proposal" in html
    assert "hx-trigger" not in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_fragment_costs_the_same_queries_however_many_jobs(organiser_client, count):
    jobs = ExportJobFactory.create_batch(count, status="running")
    organiser_client.get(progress_url(jobs[0]), **HTMX)
    with CaptureQueriesContext(connection) as queries:
        organiser_client.get(progress_url(jobs[-1]), **HTMX)
    assert len(queries) <= 6, [query["sql"] for query in queries]


# the release's messages going out ----------------------------------------------------------------


def sending_url(release):
    return reverse("admin:programme_schedulerelease_sending", args=[release.pk])


def stop_url(release):
    return reverse("admin:programme_schedulerelease_sending_stop", args=[release.pk])


def test_a_release_whose_messages_are_held_shows_no_sending_bar(organiser_client, released_again):
    second = released_again.second
    assert organiser_client.get(sending_url(second), **HTMX).content == b""
    page = organiser_client.get(reverse("admin:programme_schedulerelease_change", args=[second.pk]))
    assert 'id="job-progress"' not in page.content.decode()


def test_the_sending_bar_counts_the_messages_sent_and_stops_when_none_is_queued(
    organiser_client, released_again
):
    second = released_again.second
    messages = list(second.notifications.order_by("pk"))
    assert len(messages) >= 2
    second.notifications.update(status=NotificationStatus.QUEUED)
    second.notifications.filter(pk=messages[0].pk).update(
        status=NotificationStatus.SENT, sent_at=timezone.now()
    )
    html = organiser_client.get(sending_url(second), **HTMX).content.decode()
    total = len(messages)
    assert f"1 of {total} messages sent" in html and "Sending" in html
    assert 'hx-trigger="every 1s"' in html and "hx-post" in html
    second.notifications.filter(status=NotificationStatus.QUEUED).update(
        status=NotificationStatus.SENT, sent_at=timezone.now()
    )
    html = organiser_client.get(sending_url(second), **HTMX).content.decode()
    assert f"{total} of {total} messages sent" in html and 'value="100"' in html
    assert "hx-trigger" not in html and "hx-post" not in html


def test_stopping_the_sending_discards_what_is_still_queued(organiser_client, released_again):
    second = released_again.second
    second.notifications.update(status=NotificationStatus.QUEUED)
    sent = second.notifications.order_by("pk").first()
    second.notifications.filter(pk=sent.pk).update(
        status=NotificationStatus.SENT, sent_at=timezone.now()
    )
    html = organiser_client.post(stop_url(second), **HTMX).content.decode()
    assert "hx-trigger" not in html
    assert set(second.notifications.values_list("status", flat=True)) == {
        NotificationStatus.SENT,
        NotificationStatus.DISCARDED,
    }
    again = organiser_client.post(stop_url(second), follow=True).content.decode()
    assert "nothing left to stop" in again


def test_only_staff_may_follow_or_stop_a_sending(client, released_again):
    second = released_again.second
    second.notifications.update(status=NotificationStatus.QUEUED)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(sending_url(second)).status_code in (403, 404)
    assert client.post(stop_url(second)).status_code in (403, 404)
    assert not second.notifications.exclude(status=NotificationStatus.QUEUED).exists()


# work that is no row: the recount, the signing order -----------------------------------------


def test_the_recount_reports_its_steps_and_the_dashboard_shows_its_bar(organiser_client, db):
    event = EventFactory()
    attendance_snapshot_take(event=event, report=True)
    assert progress_read(attendance_key(event))["stage"] == "done"
    url = reverse("admin:ceremony_event_dashboard_progress", args=[event.pk])
    html = organiser_client.get(url, **HTMX).content.decode()
    assert "Done" in html and "Show the new counts" in html and "hx-trigger" not in html
    page = organiser_client.get(reverse("admin:ceremony_event_dashboard", args=[event.pk]))
    assert 'id="job-progress"' in page.content.decode()


def test_a_recount_under_way_is_polled_and_a_silent_one_forgotten(
    organiser_client, db, monkeypatch
):
    event = EventFactory()
    progress_report(attendance_key(event), stage="counting", percent=10)
    url = reverse("admin:ceremony_event_dashboard_progress", args=[event.pk])
    html = organiser_client.get(url, **HTMX).content.decode()
    assert "Counting" in html and 'hx-trigger="every 1s"' in html and "hx-post" not in html
    later = time.time() + 3600
    monkeypatch.setattr(progress, "_now", lambda: later)
    monkeypatch.setattr(core_admin.timezone, "now", lambda: datetime.fromtimestamp(later, UTC))
    assert organiser_client.get(url, **HTMX).content == b""


def test_an_ordinary_dashboard_count_shows_no_bar(organiser_client, db):
    event = EventFactory()
    page = organiser_client.get(reverse("admin:ceremony_event_dashboard", args=[event.pk]))
    assert 'id="job-progress"' not in page.content.decode()


def test_the_signing_order_reports_done_once_committed_and_its_page_shows_it(
    organiser_client, db, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        signing_order_build(event=event)
    assert progress_read(signing_order_key(event))["stage"] == "done"
    url = reverse("admin:ceremony_event_signing_progress", args=[event.pk])
    html = organiser_client.get(url, **HTMX).content.decode()
    assert "Done" in html and "See the new order" in html
    page = organiser_client.get(reverse("admin:ceremony_event_signing", args=[event.pk]))
    assert 'id="job-progress"' in page.content.decode()
    assert (
        organiser_client.get(
            reverse("admin:ceremony_event_signing_progress", args=[EventFactory().pk]), **HTMX
        ).content
        == b""
    )
