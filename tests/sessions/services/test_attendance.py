"""Attendance snapshots: taken on demand and by beat, reused while fresh, printed by the command."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from django.utils import timezone

from config.celery import app as celery_app
from sessions import tasks
from sessions.models import AttendanceSnapshot
from sessions.services.attendance import attendance_snapshot_fresh, attendance_snapshot_take
from tests import factories
from tests.sessions.support.attendance import build

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 20])
def test_the_attendance_job_takes_ten_queries_however_many_rows(rows, django_assert_num_queries):
    """The task the beat runs: the event, the eight counts (the zones too), the snapshot."""
    event = build(rows)
    with django_assert_num_queries(10):
        tasks.attendance_snapshot(event.pk)
    assert AttendanceSnapshot.objects.get().counts["totals"]["delegations"] == rows


def test_a_snapshot_stores_the_counts_with_their_time(built):
    snapshot = attendance_snapshot_take(event=built.event)
    snapshot.refresh_from_db()
    assert snapshot.counts["totals"]["checked_in"] == 3
    assert abs(snapshot.taken_at - timezone.now()) < timedelta(minutes=1)


def test_a_fresh_snapshot_is_reused_and_a_stale_one_replaced(built):
    first = attendance_snapshot_fresh(event=built.event)
    assert attendance_snapshot_fresh(event=built.event) == first
    AttendanceSnapshot.objects.filter(pk=first.pk).update(
        taken_at=timezone.now() - timedelta(minutes=6)
    )
    assert attendance_snapshot_fresh(event=built.event) != first
    assert AttendanceSnapshot.objects.count() == 2


def test_the_on_demand_task_takes_a_snapshot(built):
    result = tasks.attendance_snapshot.delay(built.event.pk).get()
    snapshot = AttendanceSnapshot.objects.get()
    assert result["snapshot"] == snapshot.pk and snapshot.event == built.event


def test_the_periodic_task_counts_the_events_in_progress():
    today = timezone.localdate(timezone=factories.HANOI)
    running = factories.EventFactory(start_date=today, end_date=today + timedelta(days=1))
    factories.EventFactory(
        start_date=today + timedelta(days=30), end_date=today + timedelta(days=31)
    )
    assert tasks.attendance_snapshots_all.delay().get() == {"events": [running.pk]}
    assert list(AttendanceSnapshot.objects.values_list("event", flat=True)) == [running.pk]


def test_beat_runs_the_periodic_task_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["attendance-snapshots"]
    assert entry["schedule"] == timedelta(minutes=5)
    assert entry["task"] in celery_app.tasks


def test_the_command_prints_a_table(built, capsys):
    call_command("attendance", "hanoi-2025")
    out = capsys.readouterr().out
    assert "Delegates checked in" in out and "National delegations" in out
    assert "Opening" in out and "20.0 %" in out
    assert "Viet Nam" in out
    assert AttendanceSnapshot.objects.count() == 1


def test_the_command_prints_json(built, capsys):
    call_command("attendance", "hanoi-2025", "--json")
    document = json.loads(capsys.readouterr().out)
    assert document["totals"]["signatories"] == 1
    assert document["event"]["slug"] == "hanoi-2025"
    assert "taken_at" in document


def test_the_command_refuses_an_unknown_slug(built, capsys, monkeypatch):
    with pytest.raises(CommandError, match="No event has the slug “nowhere”"):
        call_command("attendance", "nowhere")
    # As from a shell, but keeping the test's connection (the command closes them when done).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "attendance", "nowhere"]).execute()
    assert exited.value.code != 0
    assert "hanoi-2025" in capsys.readouterr().err
    assert AttendanceSnapshot.objects.count() == 0
