"""The frab schedule XML (schedule.xml.xsd of the voc/schedule repository).

pretalx and frab publish it; conference apps and the recording and streaming tools import it.
"""

from xml.etree import ElementTree

from . import frab

MEDIA_TYPE = "application/xml"
EXTENSION = "xml"

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def text_element(parent, tag, text, **attributes):
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = str(text)
    return element


def event_element(parent, schedule, item, slug):
    event = ElementTree.SubElement(parent, "event", id=str(item.id), guid=item.guid)
    times = frab.event_times(schedule, item)
    text_element(event, "room", item.room)
    text_element(event, "title", item.title)
    text_element(event, "subtitle", item.subtitle)
    text_element(event, "type", item.kind)
    text_element(event, "date", times["date"])
    text_element(event, "start", times["start"])
    text_element(event, "duration", times["duration"])
    text_element(event, "abstract", item.abstract)
    text_element(event, "slug", slug)
    text_element(event, "track", item.track)
    text_element(event, "language", item.language)
    persons = ElementTree.SubElement(event, "persons")
    for person in item.persons:
        text_element(persons, "person", person.display_name, id=str(person.id))
    ElementTree.SubElement(event, "links")
    if item.url:
        text_element(event, "url", item.url)


def render(schedule):
    conference = schedule.conference
    days = frab.days(schedule)
    slugs = frab.slugs(schedule, days)
    root = ElementTree.Element("schedule")
    if schedule.generator:
        ElementTree.SubElement(
            root, "generator", name=schedule.generator.name, version=schedule.generator.version
        )
    text_element(root, "version", schedule.version)
    head = ElementTree.SubElement(root, "conference")
    text_element(head, "title", conference.title)
    text_element(head, "acronym", frab.acronym(conference))
    text_element(head, "start", conference.start.isoformat())
    text_element(head, "end", conference.end.isoformat())
    text_element(head, "days", len(days))
    text_element(head, "timeslot_duration", frab.timeslot_duration(schedule))
    text_element(head, "time_zone_name", conference.timezone)
    if conference.url:
        text_element(head, "base_url", conference.url)
        text_element(head, "url", conference.url)
    for day in days:
        day_element = ElementTree.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.start.isoformat(),
            end=day.end.isoformat(),
        )
        for room, items in day.rooms:
            room_element = ElementTree.SubElement(day_element, "room", name=room)
            for item in items:
                event_element(room_element, schedule, item, slugs[item.id])
    ElementTree.indent(root)
    return f"{XML_DECLARATION}\n{ElementTree.tostring(root, encoding='unicode')}\n".encode()
