"""The frab schedule JSON (schema.json of the voc/schedule repository), the XML's counterpart.

Persons carry only ``id`` and ``public_name``: the schema accepts a frab person or a pretalx
person, exactly one of them, and an object with a ``name`` as well would be both.
"""

import json

from . import frab

MEDIA_TYPE = "application/json"
EXTENSION = "json"


def event(schedule, item, slug):
    return {
        "id": item.id,
        "guid": item.guid,
        **frab.event_times(schedule, item),
        "end": schedule.local_end(item).isoformat(),
        "room": item.room,
        "slug": slug,
        "url": item.url or schedule.conference.url,
        "title": item.title,
        "subtitle": item.subtitle,
        "track": item.track,
        "type": item.kind,
        "language": item.language,
        "abstract": item.abstract,
        "persons": [
            {"id": person.id, "public_name": person.display_name} for person in item.persons
        ],
        "links": [],
    }


def render(schedule):
    conference = schedule.conference
    days = frab.days(schedule)
    slugs = frab.slugs(schedule, days)
    head = {"version": schedule.version}
    if conference.url:
        head["base_url"] = conference.url
    head["conference"] = {
        "acronym": frab.acronym(conference),
        "title": conference.title,
        "start": conference.start.isoformat(),
        "end": conference.end.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": frab.timeslot_duration(schedule),
        "time_zone_name": conference.timezone,
        **({"url": conference.url} if conference.url else {}),
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": {
                    room: [event(schedule, item, slugs[item.id]) for item in items]
                    for room, items in day.rooms
                },
            }
            for day in days
        ],
    }
    document = {"schedule": head}
    if schedule.generator:
        document["generator"] = {
            "name": schedule.generator.name,
            "version": schedule.generator.version,
        }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
