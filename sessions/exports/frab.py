"""The frab schedule's shape, shared by its XML and JSON forms.

Conference apps (Giggity, ConfClerk, Fahrplan) and recording tools read days numbered from 1,
each with its rooms and their events. Cancelled sessions are left out: these apps show what
will happen, and they replace the whole file on each update rather than merge entries.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from .schedule import Item, hhmm

ACRONYM_UNSAFE = re.compile(r"[^a-z0-9_]+")
SLUG_UNSAFE = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class Day:
    index: int
    date: date
    start: datetime
    end: datetime
    rooms: tuple[tuple[str, tuple[Item, ...]], ...]

    @property
    def items(self):
        return [item for _, items in self.rooms for item in items]


def acronym(conference):
    """The conference's acronym as both schemas take it: lower-case letters, digits and
    underscores, four at least ("hanoi-2025" -> "hanoi_2025"; the JSON schema allows a hyphen
    only before a year at its end, the XML's slugs none in their first part)."""
    text = ACRONYM_UNSAFE.sub("_", conference.acronym.lower()).strip("_")
    return text if len(text) >= 4 else f"{text}_event".lstrip("_")


def slugs(schedule, days):
    """Each item's slug, "<acronym>-<id>-<session's slug>" as the schemas' patterns want it:
    unique by the id, and the same in every release while the session keeps its slug."""
    prefix = acronym(schedule.conference)
    chosen = {}
    for item in (item for day in days for item in day.items):
        name = SLUG_UNSAFE.sub("-", item.slug.lower()).strip("-_")
        chosen[item.id] = f"{prefix}-{item.id}-{name if len(name) >= 2 else 'session'}"
    return chosen


def days(schedule):
    items = schedule.in_order(include_cancelled=False)
    room_order = schedule.room_order()
    result = []
    for index, day in enumerate(schedule.days(), start=1):
        on_day = [item for item in items if schedule.local_date(item) == day]
        start, end = schedule.day_bounds(day, on_day)
        rooms = tuple(
            (room, tuple(item for item in on_day if item.room == room))
            for room in room_order
            if any(item.room == room for item in on_day)
        )
        result.append(Day(index=index, date=day, start=start, end=end, rooms=rooms))
    return result


def timeslot_duration(schedule):
    return hhmm(schedule.timeslot_minutes(schedule.in_order(include_cancelled=False)))


def event_times(schedule, item):
    """The date (with its UTC offset), start and duration, as both frab forms write them.

    A session of several days (the exhibition) is one event on the day it opens, its duration
    in hours past 24 ("33:00"), as both schemas allow; the JSON form also gives its end."""
    start = schedule.local_start(item)
    return {
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": hhmm(item.duration_minutes),
    }
