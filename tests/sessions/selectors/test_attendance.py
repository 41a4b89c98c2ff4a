"""Attendance counts: every figure an aggregate, the same queries however many rows, days in
the event's zone."""

import json
from datetime import date, datetime

import pytest

from sessions.selectors.attendance import attendance_counts, events_in_progress
from tests import factories
from tests.sessions.support.attendance import build

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("rows", [2, 20])
def test_counts_take_the_same_queries_however_many_rows(rows, django_assert_num_queries):
    event = build(rows)
    with django_assert_num_queries(8):
        counts = attendance_counts(event)
    assert counts["totals"]["registered"] == rows
    assert counts["totals"]["checked_in"] == rows
    assert counts["totals"]["sessions"] == rows
    assert len(counts["sessions"]) == rows


def test_events_in_progress_are_today_give_or_take_a_day_in_their_zone():
    hanoi = factories.EventFactory(start_date=date(2025, 10, 25), end_date=date(2025, 10, 26))
    factories.EventFactory(start_date=date(2025, 12, 1), end_date=date(2025, 12, 2))
    # 18:00 UTC on the 23rd is already the 24th in Hanoi: the day before the event.
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-23T18:00:00+00:00")) == [hanoi]
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-23T12:00:00+00:00")) == []
    assert events_in_progress(moment=datetime.fromisoformat("2025-10-27T16:00:00+00:00")) == [hanoi]


def test_zones_count_distinct_delegates_and_scans_at_their_doors():
    event = factories.EventFactory()
    plenary = factories.ZoneFactory(event=event, name="Plenary floor")
    factories.ZoneFactory(event=event, name="VIP lounge", kind="vip_lounge", categories=[])
    delegate = factories.DelegateFactory(delegation__event=event)
    factories.CheckInFactory.create_batch(2, event=event, delegate=delegate, zone=plenary)
    factories.CheckInFactory(event=event, zone=plenary)
    factories.CheckInFactory(event=event)
    assert attendance_counts(event)["zones"] == [
        {"name": "Plenary floor", "kind": "plenary", "checked_in": 2, "scans": 3},
        {"name": "VIP lounge", "kind": "vip_lounge", "checked_in": 0, "scans": 0},
    ]
