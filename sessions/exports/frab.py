"""The frab schedule's shape, shared by its XML and JSON forms.

Conference apps (Giggity, ConfClerk, Fahrplan) and recording tools read days numbered from 1,
each with its rooms and their events. Cancelled sessions are left out: these apps show what
will happen, and they replace the whole file on each update rather than merge entries.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from .schedule import Item, hhmm

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


def slugs(schedule, days):
    """Each item's slug, unique as the schema demands: a repeated one gets the item's id."""
    acronym = SLUG_UNSAFE.sub("-", schedule.conference.acronym.lower()).strip("-")
    chosen, taken = {}, set()
    for item in sorted((item for day in days for item in day.items), key=lambda item: item.id):
        slug = item.slug or f"{acronym}-{item.id}"
        if slug in taken:
            slug = f"{slug}-{item.id}"
        taken.add(slug)
        chosen[item.id] = slug
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
    """The date (with its UTC offset), start and duration, as both frab forms write them."""
    start = schedule.local_start(item)
    return {
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": hhmm(item.duration_minutes),
    }
