"""Attendance counts: their values on a small event, a constant number of queries, the snapshot,
the tasks and their beat schedule, the command and the API."""

import json
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from delegations.models import STATE_KINDS, AccreditationStatus, DelegationKind
from sessions import tasks
from sessions.attendance import (
    attendance_counts,
    attendance_snapshot_fresh,
    attendance_snapshot_take,
    events_in_progress,
)
from sessions.models import AttendanceSnapshot, RegistrationStatus, SessionKind, SessionStatus
from tests import factories
from tests.delegations.test_api import api_client

pytestmark = pytest.mark.django_db

ACCREDITED = AccreditationStatus.ACCREDITED
NON_STATE_KINDS = [kind for kind in DelegationKind.values if kind not in STATE_KINDS]
COUNTRIES = ("AT", "CH", "US")


def at(day, hour, minute=0):
    return datetime(2025, 10, day, hour, minute, tzinfo=factories.HANOI)


def delegate(delegation, status=ACCREDITED):
    return factories.DelegateFactory(
        delegation=delegation,
        accreditation_status=status,
        accredited_at=timezone.now() if status == ACCREDITED else None,
    )


def built_event():
    """Two States, an NGO and an IGO; two sessions and a cancelled one; scans over two days."""
    event = factories.EventFactory(slug="hanoi-2025", acronym="HANOI2025")
    vnm = factories.DelegationFactory(
        event=event, kind=DelegationKind.MEMBER_STATE, country="VN", code="VNM"
    )
    pse = factories.DelegationFactory(
        event=event, kind=DelegationKind.OBSERVER_STATE, country="PS", code="PSE"
    )
    ngo = factories.DelegationFactory(event=event, kind=DelegationKind.NGO)
    igo = factories.DelegationFactory(event=event, kind=DelegationKind.IGO, country="AT")
    vn1, vn2 = delegate(vnm), delegate(vnm)
    delegate(vnm, AccreditationStatus.SUBMITTED)
    ps1 = delegate(pse)
    ngo1 = delegate(ngo)
    delegate(ngo, AccreditationStatus.WITHDRAWN)
    delegate(igo, AccreditationStatus.DRAFT)
    opening = factories.SessionFactory(
        event=event, kind=SessionKind.OPENING, title="Opening", start=at(25, 10), capacity=10
    )
    side = factories.SessionFactory(event=event, title="Side event", start=at(26, 14))
    factories.SessionFactory(
        event=event, title="Dropped", start=at(26, 16), status=SessionStatus.CANCELLED
    )
    for person, status in ((vn1, "confirmed"), (vn2, "confirmed"), (ps1, "waiting")):
        factories.SessionRegistrationFactory(session=opening, delegate=person, status=status)
    entry = [(vn1, at(25, 9, 10)), (vn2, at(25, 9, 40)), (ngo1, at(25, 10, 5)), (vn1, at(26, 8))]
    for person, moment in entry:
        factories.CheckInFactory(event=event, delegate=person, scanned_at=moment)
    for person, moment in ((vn1, at(25, 10, 1)), (vn1, at(25, 10, 30)), (ps1, at(25, 10, 2))):
        factories.CheckInFactory(event=event, delegate=person, session=opening, scanned_at=moment)
    factories.SigningRequestFactory(delegation=vnm, representative=vn1, signed_at=at(25, 11))
    factories.SigningRequestFactory(delegation=pse, representative=ps1)
    factories.CheckInFactory()  # another event's scan counts nowhere here
    return SimpleNamespace(event=event, opening=opening, side=side)


@pytest.fixture
def built():
    return built_event()


def test_counts_of_a_small_event(built):
    counts = attendance_counts(built.event)
    assert counts["totals"] == {
        "registered": 6,
        "accredited": 4,
        "checked_in": 3,
        "scans": 7,
        "delegations": 4,
        "national_delegations": 2,
        "organisations": 2,
        "signatories": 1,
        "sessions": 2,
    }
    assert counts["sessions_by_kind"] == {"opening": 1, "side_event": 1}
    assert counts["days"] == [
        {"date": "2025-10-25", "sessions": 1, "confirmed": 2, "checked_in": 3},
        {"date": "2025-10-26", "sessions": 1, "confirmed": 0, "checked_in": 1},
    ]
    opening, side = counts["sessions"]
    assert opening == {
        "id": built.opening.pk,
        "title": "Opening",
        "kind": "opening",
        "status": "scheduled",
        "start": "2025-10-25T10:00:00+07:00",
        "room": built.opening.room.name,
        "capacity": 10,
        "confirmed": 2,
        "waiting": 1,
        "checked_in": 2,
        "occupancy": 20.0,
    }
    assert (side["capacity"], side["confirmed"], side["checked_in"], side["occupancy"]) == (
        100,
        0,
        0,
        0.0,
    )
    assert counts["by_delegation_kind"] == [
        {"kind": "igo", "registered": 1, "accredited": 0, "checked_in": 0},
        {"kind": "member_state", "registered": 3, "accredited": 2, "checked_in": 2},
        {"kind": "ngo", "registered": 1, "accredited": 1, "checked_in": 1},
        {"kind": "observer_state", "registered": 1, "accredited": 1, "checked_in": 0},
    ]
    assert counts["by_country"] == [
        {"country": "", "registered": 1, "accredited": 1, "checked_in": 1},
        {"country": "AT", "registered": 1, "accredited": 0, "checked_in": 0},
        {"country": "PS", "registered": 1, "accredited": 1, "checked_in": 0},
        {"country": "VN", "registered": 3, "accredited": 2, "checked_in": 2},
    ]
    assert counts["check_ins_per_hour"] == [
        {"hour": "2025-10-25T09:00:00+07:00", "entry": 2, "doors": 0},
        {"hour": "2025-10-25T10:00:00+07:00", "entry": 1, "doors": 3},
        {"hour": "2025-10-26T08:00:00+07:00", "entry": 1, "doors": 0},
    ]
    assert json.loads(json.dumps(counts)) == counts


def test_a_scan_just_after_midnight_counts_on_its_local_day():
    """23:30 UTC on the 25th is 06:30 on the 26th in Hanoi."""
    event = factories.EventFactory()
    scanned_at = datetime.fromisoformat("2025-10-25T23:30:00+00:00")
    factories.CheckInFactory(event=event, scanned_at=scanned_at)
    days = {day["date"]: day["checked_in"] for day in attendance_counts(event)["days"]}
    assert days == {"2025-10-25": 0, "2025-10-26": 1}


def build(rows):
    """An event with ``rows`` delegates, sessions, registrations and scans of each kind."""
    event = factories.EventFactory()
    for n in range(rows):
        delegation = factories.DelegationFactory(
            event=event,
            kind=NON_STATE_KINDS[n % len(NON_STATE_KINDS)],
            country=COUNTRIES[n % 3],
        )
        person = delegate(delegation)
        session = factories.SessionFactory(
            event=event, kind=SessionKind.values[n % len(SessionKind.values)]
        )
        factories.SessionRegistrationFactory(
            session=session, delegate=person, status=RegistrationStatus.CONFIRMED
        )
        factories.CheckInFactory(
            event=event, delegate=person, scanned_at=at(25, 8) + timedelta(hours=n)
        )
        factories.CheckInFactory(event=event, delegate=person, session=session)
    return event


@pytest.mark.parametrize("rows", [2, 20])
def test_counts_take_the_same_queries_however_many_rows(rows, django_assert_num_queries):
    event = build(rows)
    with django_assert_num_queries(7):
        counts = attendance_counts(event)
    assert counts["totals"]["registered"] == rows
    assert counts["totals"]["checked_in"] == rows
    assert counts["totals"]["sessions"] == rows
    assert len(counts["sessions"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_attendance_job_takes_nine_queries_however_many_rows(rows, django_assert_num_queries):
    """The task the beat runs: the event, the seven counts, the snapshot (at most ten)."""
    event = build(rows)
    with django_assert_num_queries(9):
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


# Tasks ----------------------------------------------------------------------------------------


def test_the_on_demand_task_takes_a_snapshot(built):
    result = tasks.attendance_snapshot.delay(built.event.pk).get()
    snapshot = AttendanceSnapshot.objects.get()
    assert result["snapshot"] == snapshot.pk and snapshot.event == built.event


def test_events_in_progress_are_today_give_or_take_a_day_in_their_zone():
    hanoi = factories.EventFactory(start_date=date(2025, 10, 25), end_date=date(2025, 10, 26))
    factories.EventFactory(start_date=date(2025, 12, 1), end_date=date(2025, 12, 2))
    # 18:00 UTC on the 23rd is already the 24th in Hanoi: the day before the event.
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-23T18:00:00+00:00")) == [hanoi]
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-23T12:00:00+00:00")) == []
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-27T16:00:00+00:00")) == [hanoi]


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


# The command ----------------------------------------------------------------------------------


def test_the_command_prints_a_table(built, capsys):
    call_command("attendance", "hanoi-2025")
    out = capsys.readouterr().out
    assert "Delegates checked in" in out and "National delegations" in out
    assert "Opening" in out and "20.0 %" in out
    assert "Vietnam" in out
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


# The API --------------------------------------------------------------------------------------


def test_api_answers_the_latest_snapshot_to_staff(built):
    staff = api_client(factories.UserFactory(username="staff", is_staff=True))
    url = reverse("attendance-list")
    answer = staff.get(url, {"event": built.event.pk})
    assert answer.status_code == 200
    body = answer.json()
    assert body["event"] == built.event.pk
    assert body["taken_at"].endswith("+07:00")
    assert body["counts"]["totals"]["registered"] == 6
    assert staff.get(url, {"event": built.event.pk}).json()["taken_at"] == body["taken_at"]
    assert AttendanceSnapshot.objects.count() == 1
    assert staff.get(url).status_code == 400
    assert staff.get(url, {"event": 987654}).status_code == 400


def test_api_attendance_is_for_staff_only(built):
    focal_point = factories.FocalPointFactory(delegation__event=built.event).user
    assert (
        api_client(focal_point)
        .get(reverse("attendance-list"), {"event": built.event.pk})
        .status_code
        == 403
    )
