"""The frab schedule XML, validated against the public schema, and its JSON counterpart."""

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from sessions.exports import frab_json, frab_xml

from .conftest import CANCELLED_TITLE, CHINESE_NAME, ITEMS, at, hanoi_schedule, item

XSD = Path(__file__).resolve().parents[4] / "shared/schemas/schedule.xml.xsd"
HH_MM = re.compile(r"^[0-9]{2}:[0-9]{2}$")


@pytest.fixture(scope="module")
def xml_schema():
    if not XSD.is_file():
        pytest.fail(f"The frab schema is missing: expected {XSD} (../shared beside the project).")
    return etree.XMLSchema(etree.parse(str(XSD)))


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


def test_xml_repeated_or_missing_slugs_stay_unique(xml_schema):
    twin = replace(
        item(7, "Bilateral meeting", "bilateral", "Bilateral", "Room 305", at(26, 14), 30),
        slug=ITEMS[0].slug,
    )
    unnamed = replace(
        item(8, "Exhibition", "exhibition", "Exhibition", "Foyer", at(26, 15), 60), slug=""
    )
    root = parsed_xml(hanoi_schedule(items=(*ITEMS, twin, unnamed)))
    assert xml_schema.validate(root), xml_schema.error_log
    slugs = {event.get("id"): event.findtext("slug") for event in root.iter("event")}
    assert slugs["7"] == f"{ITEMS[0].slug}-7"
    assert slugs["8"] == "uncc-hanoi-2025-8"


def test_json_structure(schedule):
    document = json.loads(frab_json.render(schedule))
    head = document["schedule"]
    assert head["version"] == "3"
    assert head["base_url"] == "https://events.example.org/hanoi-2025/"
    conference = head["conference"]
    assert conference["acronym"] == "uncc-hanoi-2025"
    assert conference["daysCount"] == 2
    assert conference["time_zone_name"] == "Asia/Ho_Chi_Minh"
    assert HH_MM.match(conference["timeslot_duration"])
    day = conference["days"][0]
    assert set(day) == {"index", "date", "day_start", "day_end", "rooms"}
    assert list(day["rooms"]) == ["Plenary Hall", "Room 201"]
    event = day["rooms"]["Plenary Hall"][0]
    assert set(event) == {
        "id", "guid", "date", "start", "duration", "room", "slug", "url", "title",
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
