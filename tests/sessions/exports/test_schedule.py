"""The plain schedule data: what it refuses, and the local-time arithmetic every format uses."""

import unicodedata
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sessions.exports import Conference, Person, item_guid
from sessions.exports.schedule import hhmm

from .conftest import CONFERENCE, ITEMS, NAMESPACE, VIETNAMESE_NAME, at, hanoi_schedule, item


def test_item_guid_is_stable_and_distinct_per_key():
    assert item_guid(NAMESPACE, 7) == item_guid(NAMESPACE, "7")
    assert item_guid(NAMESPACE, 7) != item_guid(NAMESPACE, 8)
    assert item_guid(NAMESPACE, 7) != item_guid("https://other.example.org/", 7)


@pytest.mark.parametrize(("minutes", "expected"), [(45, "00:45"), (90, "01:30"), (600, "10:00")])
def test_hhmm(minutes, expected):
    assert hhmm(minutes) == expected


def test_local_times_are_in_the_conference_zone(schedule):
    opening = schedule.in_order()[0]
    assert schedule.local_start(opening).isoformat() == "2025-10-25T09:00:00+07:00"
    assert schedule.local_end(opening).isoformat() == "2025-10-25T10:00:00+07:00"


def test_end_counts_real_minutes_across_a_clock_change():
    berlin = ZoneInfo("Europe/Berlin")
    night = item(
        1,
        "Night session",
        "workshop",
        "Workshop",
        "Hall",
        datetime(2025, 10, 26, 1, 30, tzinfo=berlin),
        120,
    )
    conference = replace(
        CONFERENCE, timezone="Europe/Berlin", start=date(2025, 10, 26), end=date(2025, 10, 26)
    )
    schedule = hanoi_schedule(items=(night,), conference=conference)
    assert schedule.local_end(night).isoformat() == "2025-10-26T02:30:00+01:00"


def test_items_in_time_then_room_order(schedule):
    ordered = [item.id for item in schedule.in_order()]
    assert ordered == [1, 2, 3, 4, 5, 6]
    assert [item.id for item in schedule.in_order(include_cancelled=False)] == [1, 2, 3, 5, 6]


def test_rooms_not_listed_follow_alphabetically():
    schedule = hanoi_schedule(rooms=("Room 305",))
    assert schedule.room_order() == ("Room 305", "Plenary Hall", "Room 201")


def test_days_stretch_to_an_item_before_the_conference():
    reception = item(
        9, "Welcome reception", "gala_dinner", "Gala dinner", "Terrace", at(24, 19), 120
    )
    schedule = hanoi_schedule(items=(*ITEMS, reception))
    assert schedule.days() == [date(2025, 10, 24), date(2025, 10, 25), date(2025, 10, 26)]


def test_text_is_composed_and_free_of_control_characters():
    decomposed = unicodedata.normalize("NFD", VIETNAMESE_NAME)
    person = Person(id=1, name=decomposed + "\x0b")
    assert person.name == VIETNAMESE_NAME


def test_native_name_repeating_the_latin_name_is_not_shown_twice():
    assert Person(id=1, name="Nguyễn Văn An", native_name="nguyễn văn an").display_name == (
        "Nguyễn Văn An"
    )
    assert Person(id=2, name="WANG Wei", native_name="王伟", role="Chair").credit == (
        "WANG Wei (王伟) — Chair"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": 0}, "positive"),
        ({"guid": "not-a-uuid"}, "uuid"),
        ({"start": datetime(2025, 10, 25, 9)}, "timezone-aware"),
        ({"duration_minutes": 0}, "lasts 0 minutes"),
        ({"status": "postponed"}, "postponed"),
        ({"sequence": -1}, "negative sequence"),
    ],
)
def test_item_refuses_bad_values(change, message):
    with pytest.raises(ValueError, match=message):
        replace(ITEMS[0], **change)


def test_schedule_refuses_repeated_ids():
    with pytest.raises(ValueError, match="share the id 1"):
        hanoi_schedule(items=(ITEMS[0], replace(ITEMS[1], id=1)))


def test_conference_refuses_an_unknown_zone():
    with pytest.raises(ValueError, match="Unknown time zone 'Asia/Hanoi_City'"):
        replace(CONFERENCE, timezone="Asia/Hanoi_City")


def test_conference_refuses_an_end_before_the_start():
    with pytest.raises(ValueError, match="ends"):
        Conference("T", "t", date(2025, 10, 26), date(2025, 10, 25), "Asia/Ho_Chi_Minh")
