"""iCalendar: what a calendar needs to place, update and drop the sessions it imported."""

from dataclasses import replace
from datetime import UTC

from icalendar import Calendar

from sessions.exports import ics

from .conftest import CANCELLED_TITLE, CHINESE_NAME, MOVED_TITLE, hanoi_schedule


def events(data):
    return {str(event["SUMMARY"]): event for event in Calendar.from_ical(data).walk("VEVENT")}


def test_calendar_header_and_time_zone(schedule):
    calendar = Calendar.from_ical(ics.render(schedule))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ics.PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Programme"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Asia/Ho_Chi_Minh"]


def test_events_start_in_the_conference_zone(schedule):
    data = ics.render(schedule)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20251025T090000" in data
    assert b"DTEND;TZID=Asia/Ho_Chi_Minh:20251025T100000" in data
    opening = events(data)["Opening ceremony"]
    assert opening["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert opening.decoded("DTSTART").isoformat() == "2025-10-25T09:00:00+07:00"
    assert str(opening["LOCATION"]) == "Plenary Hall"
    assert opening.decoded("DTSTAMP").isoformat() == "2025-10-20T08:30:00+00:00"


def test_uids_are_unique_and_stable_across_renders_and_moves(schedule):
    first = events(ics.render(schedule))
    uids = [str(event["UID"]) for event in first.values()]
    assert len(set(uids)) == len(schedule.items)
    moved = replace(schedule.items[0], start=schedule.items[0].start.replace(hour=8), sequence=1)
    again = events(ics.render(hanoi_schedule(items=(moved, *schedule.items[1:]))))
    assert sorted(str(event["UID"]) for event in again.values()) == sorted(uids)
    assert all(uid.endswith(f"@{ics.UID_DOMAIN}") for uid in uids)


def test_sequence_and_status_tell_calendars_what_changed(schedule):
    by_title = events(ics.render(schedule))
    assert int(by_title[MOVED_TITLE]["SEQUENCE"]) == 1
    assert int(by_title["Opening ceremony"]["SEQUENCE"]) == 0
    assert str(by_title[CANCELLED_TITLE]["STATUS"]) == "CANCELLED"
    assert str(by_title["Opening ceremony"]["STATUS"]) == "CONFIRMED"


def test_description_and_categories(schedule):
    opening = events(ics.render(schedule))["Opening ceremony"]
    description = str(opening["DESCRIPTION"])
    assert "Welcome by the host country" in description
    assert f"WANG Wei ({CHINESE_NAME}) — Chair" in description
    assert [str(category) for category in opening["CATEGORIES"].cats] == ["Opening"]


def test_lines_are_folded_at_75_octets_with_crlf(schedule):
    data = ics.render(schedule)
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_file_is_what_icalendar_writes_for_the_whole_calendar(schedule):
    """Events are serialised one by one (and kept for the next render); the bytes are those of
    icalendar's own calendar holding every event."""
    whole = Calendar()
    whole.add("prodid", ics.PRODID)
    whole.add("version", "2.0")
    whole.add("calscale", "GREGORIAN")
    whole.add("method", "PUBLISH")
    whole.add("x-wr-calname", schedule.title)
    whole.add("x-wr-caldesc", f"{schedule.conference.title}, version {schedule.version}")
    whole.add("x-wr-timezone", schedule.conference.timezone)
    whole.add_component(ics.vtimezone(schedule))
    stamp = schedule.generated_at.astimezone(UTC)
    for item in schedule.in_order():
        whole.add_component(ics.vevent(schedule, item, stamp))
    assert ics.render(schedule) == whole.to_ical()


def test_a_second_render_reuses_the_serialised_events(schedule):
    ics.vevent_bytes.cache_clear()
    first = ics.render(schedule)
    misses = ics.vevent_bytes.cache_info().misses
    assert ics.render(schedule) == first
    assert ics.vevent_bytes.cache_info().misses == misses == len(schedule.items)
    moved = replace(schedule.items[0], sequence=schedule.items[0].sequence + 1)
    changed = ics.render(replace(schedule, items=(moved, *schedule.items[1:])))
    assert ics.vevent_bytes.cache_info().misses == misses + 1
    assert f"SEQUENCE:{moved.sequence}".encode() in changed
