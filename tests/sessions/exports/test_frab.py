"""The frab schedule XML and JSON, validated against the current public schemas (vendored in
``schemas/``, with their origin), and what other tools read in them."""

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from lxml import etree

from sessions.exports import Generator, frab_json, frab_xml
from tests.sessions.support import schemas

from .conftest import (
    CANCELLED_TITLE,
    CHINESE_NAME,
    CONFERENCE,
    HANOI,
    ITEMS,
    at,
    hanoi_schedule,
    item,
)

HH_MM = re.compile(r"^[0-9]{2}:[0-9]{2}$")
#: The slug patterns of the XML schema (voc-slug-new) and of the JSON schema, both anchored.
XML_SLUG = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$")
JSON_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")


@pytest.fixture(scope="module")
def xml_schema():
    return schemas.xml_schema()


@pytest.fixture(scope="module")
def json_schema():
    return schemas.json_schema()


def json_errors(json_schema, schedule):
    return schemas.json_errors(frab_json.render(schedule))


def parsed_xml(schedule):
    return etree.fromstring(frab_xml.render(schedule))


def json_events(document):
    return [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


def test_xml_is_valid_against_the_schema(schedule, xml_schema):
    root = parsed_xml(schedule)
    assert xml_schema.validate(root), xml_schema.error_log


def test_xml_without_any_session_is_valid(xml_schema):
    root = parsed_xml(hanoi_schedule(items=()))
    assert xml_schema.validate(root), xml_schema.error_log
    assert [day.get("index") for day in root.iter("day")] == ["1", "2"]


def test_xml_leaves_cancelled_sessions_out(schedule):
    root = parsed_xml(schedule)
    titles = [event.findtext("title") for event in root.iter("event")]
    assert CANCELLED_TITLE not in titles
    assert len(titles) == len(schedule.items) - 1


def test_xml_days_rooms_and_times(schedule):
    root = parsed_xml(schedule)
    assert root.findtext("version") == "3"
    assert root.findtext("conference/days") == "2"
    days = root.findall("day")
    assert [(day.get("index"), day.get("date")) for day in days] == [
        ("1", "2025-10-25"),
        ("2", "2025-10-26"),
    ]
    assert days[0].get("start") == "2025-10-25T09:00:00+07:00"
    assert days[0].get("end") == "2025-10-25T12:00:00+07:00"
    assert [room.get("name") for room in days[0].findall("room")] == ["Plenary Hall", "Room 201"]
    opening = root.find("day/room/event")
    assert opening.findtext("date") == "2025-10-25T09:00:00+07:00"
    assert opening.findtext("start") == "09:00"
    assert opening.findtext("duration") == "01:00"
    assert [person.text for person in opening.iter("person")][0] == f"WANG Wei ({CHINESE_NAME})"


def test_xml_ids_and_guids_are_unique_and_durations_hh_mm(schedule):
    events = list(parsed_xml(schedule).iter("event"))
    assert len({event.get("id") for event in events}) == len(events)
    assert len({event.get("guid") for event in events}) == len(events)
    assert all(HH_MM.match(event.findtext("duration")) for event in events)


def test_slugs_fit_both_schemas_stay_unique_and_stable(xml_schema, json_schema):
    twin = replace(
        item(7, "Bilateral meeting", "bilateral", "Bilateral", "Room 305", at(26, 14), 30),
        slug=ITEMS[0].slug,
    )
    unnamed = replace(
        item(8, "Exhibition", "exhibition", "Exhibition", "Foyer", at(26, 15), 60), slug=""
    )
    odd = replace(
        item(9, "Side event", "side_event", "Side event", "Foyer", at(26, 16), 60),
        slug="Side_Event--",
    )
    schedule = hanoi_schedule(items=(*ITEMS, twin, unnamed, odd))
    root = parsed_xml(schedule)
    assert xml_schema.validate(root), xml_schema.error_log
    assert json_errors(json_schema, schedule) == []
    slugs = {event.get("id"): event.findtext("slug") for event in root.iter("event")}
    assert len(set(slugs.values())) == len(slugs)
    assert all(XML_SLUG.match(slug) and JSON_SLUG.match(slug) for slug in slugs.values())
    assert slugs["1"] == "uncc_hanoi_2025-1-session-1"
    assert slugs["7"] == "uncc_hanoi_2025-7-session-1"
    assert slugs["8"] == "uncc_hanoi_2025-8-session"
    assert slugs["9"] == "uncc_hanoi_2025-9-side_event"
    # The next release, with a session less: every other slug and guid stays as it was.
    later = parsed_xml(hanoi_schedule(items=(*ITEMS[1:], twin, unnamed, odd)))
    assert {e.get("id"): e.findtext("slug") for e in later.iter("event")} == {
        key: slug for key, slug in slugs.items() if key != "1"
    }
    guids = {e.get("id"): e.get("guid") for e in root.iter("event")}
    assert {e.get("id"): e.get("guid") for e in later.iter("event")} == {
        key: guid for key, guid in guids.items() if key != "1"
    }


@pytest.mark.parametrize(
    "acronym, expected",
    [
        ("uncc-hanoi-2025", "uncc_hanoi_2025"),
        ("UNCC Hanoi 2025", "uncc_hanoi_2025"),
        ("UN", "un_event"),
        ("Hội nghị", "h_i_ngh"),
    ],
)
def test_the_acronym_fits_both_schemas(acronym, expected, xml_schema, json_schema):
    schedule = hanoi_schedule(conference=replace(CONFERENCE, acronym=acronym))
    assert parsed_xml(schedule).findtext("conference/acronym") == expected
    assert xml_schema.validate(parsed_xml(schedule)), xml_schema.error_log
    assert json_errors(json_schema, schedule) == []


def test_json_is_valid_against_the_current_schema(schedule, json_schema):
    assert json_errors(json_schema, schedule) == []
    assert json_errors(json_schema, hanoi_schedule(items=())) == []


def test_both_name_their_generator_base_url_and_time_zone(xml_schema):
    schedule = hanoi_schedule(generator=Generator(name="treaty-event-planner", version="0.1.0"))
    root = parsed_xml(schedule)
    assert xml_schema.validate(root), xml_schema.error_log
    generator = root.find("generator")
    assert (generator.get("name"), generator.get("version")) == ("treaty-event-planner", "0.1.0")
    assert root.findtext("conference/time_zone_name") == "Asia/Ho_Chi_Minh"
    assert root.findtext("conference/base_url") == "https://events.example.org/hanoi-2025/"
    assert root.findtext("conference/url") == "https://events.example.org/hanoi-2025/"
    document = json.loads(frab_json.render(schedule))
    assert document["generator"] == {"name": "treaty-event-planner", "version": "0.1.0"}
    assert document["schedule"]["conference"]["url"] == "https://events.example.org/hanoi-2025/"


def test_days_are_the_events_days_and_those_of_sessions_outside_them(xml_schema, json_schema):
    """A press conference three weeks before is one day more, not sixteen empty ones."""
    press = item(
        20,
        "Press conference",
        "press_conference",
        "Press conference",
        "Room 201",
        datetime(2025, 10, 4, 10, tzinfo=HANOI),
        60,
    )
    schedule = hanoi_schedule(items=(press, *ITEMS))
    root = parsed_xml(schedule)
    assert xml_schema.validate(root), xml_schema.error_log
    assert json_errors(json_schema, schedule) == []
    assert [(day.get("index"), day.get("date")) for day in root.iter("day")] == [
        ("1", "2025-10-04"),
        ("2", "2025-10-25"),
        ("3", "2025-10-26"),
    ]
    assert root.findtext("conference/days") == "3"
    assert json.loads(frab_json.render(schedule))["schedule"]["conference"]["daysCount"] == 3


def test_a_session_of_two_days_is_written_as_the_schemas_allow(xml_schema, json_schema):
    exhibition = item(21, "Exhibition", "exhibition", "Exhibition", "Foyer", at(25, 9), 33 * 60)
    schedule = hanoi_schedule(items=(*ITEMS, exhibition))
    root = parsed_xml(schedule)
    assert xml_schema.validate(root), xml_schema.error_log
    assert json_errors(json_schema, schedule) == []
    written = next(event for event in root.iter("event") if event.get("id") == "21")
    assert written.findtext("duration") == "33:00"
    assert written.findtext("date") == "2025-10-25T09:00:00+07:00"
    event = next(
        event for event in json_events(json.loads(frab_json.render(schedule))) if event["id"] == 21
    )
    assert event["end"] == (at(25, 9) + timedelta(hours=33)).isoformat()


def test_json_structure(schedule):
    document = json.loads(frab_json.render(schedule))
    head = document["schedule"]
    assert head["version"] == "3"
    assert head["base_url"] == "https://events.example.org/hanoi-2025/"
    conference = head["conference"]
    assert conference["acronym"] == "uncc_hanoi_2025"
    assert conference["daysCount"] == 2
    assert conference["time_zone_name"] == "Asia/Ho_Chi_Minh"
    assert HH_MM.match(conference["timeslot_duration"])
    day = conference["days"][0]
    assert set(day) == {"index", "date", "day_start", "day_end", "rooms"}
    assert list(day["rooms"]) == ["Plenary Hall", "Room 201"]
    event = day["rooms"]["Plenary Hall"][0]
    assert set(event) == {
        "id", "guid", "date", "start", "end", "duration", "room", "slug", "url", "title",
        "subtitle", "track", "type", "language", "abstract", "persons", "links",
    }  # fmt: skip
    assert event["persons"][0] == {"id": 11, "public_name": f"WANG Wei ({CHINESE_NAME})"}
    assert event["links"] == []
    assert all(HH_MM.match(event["duration"]) for event in json_events(document))


def test_json_has_the_same_events_as_the_xml(schedule):
    root = parsed_xml(schedule)
    from_xml = [
        (int(event.get("id")), event.get("guid"), event.findtext("date"), event.findtext("room"))
        for event in root.iter("event")
    ]
    from_json = [
        (event["id"], event["guid"], event["date"], event["room"])
        for event in json_events(json.loads(frab_json.render(schedule)))
    ]
    assert from_json == from_xml


def test_json_keeps_non_latin_text_readable(schedule):
    assert CHINESE_NAME.encode() in frab_json.render(schedule)
