"""iCalendar (RFC 5545): the schedule as a calendar that delegates import or subscribe to.

icalendar is imported where a calendar is written (a tenth of a second, saved at start-up).

Times are written in the conference's zone with its VTIMEZONE, so a phone set to another zone
still shows the session at the right instant. A UID never changes for a session and SEQUENCE
rises each time it moves or is cancelled: a calendar then updates the entry it already holds
instead of adding a second one. Cancelled sessions stay in the file with STATUS:CANCELLED, which
is how a subscribed calendar learns to drop them.
"""

from datetime import UTC, date
from functools import lru_cache

MEDIA_TYPE = "text/calendar; charset=utf-8"
EXTENSION = "ics"

PRODID = "-//Treaty Event Planner//Schedule export//EN"
UID_DOMAIN = "treaty-event-planner"
CALENDAR_END = b"END:VCALENDAR\r\n"


def uid(item):
    """Independent of the host serving the file, so a move to another server keeps every UID."""
    return f"{item.guid}@{UID_DOMAIN}"


def description(item):
    paragraphs = [item.subtitle, item.abstract]
    paragraphs.append("\n".join(person.credit for person in item.persons))
    if item.organiser:
        paragraphs.append(f"Organiser: {item.organiser}")
    if item.url:
        paragraphs.append(item.url)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def vtimezone(schedule):
    """The zone's rules over the years the schedule touches, not the tz database's whole past."""
    years = [day.year for day in schedule.days()]
    return _vtimezone(schedule.conference.timezone, min(years), max(years))


@lru_cache(maxsize=64)
def _vtimezone(tzid, first_year, last_year):
    """Computed once per zone and years (a tenth of a second each); callers only read it."""
    from icalendar import Timezone

    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def vevent(schedule, item, stamp):
    return _vevent(item, schedule.zone, stamp)


def _vevent(item, zone, stamp):
    from icalendar import Event

    start, end = item.start.astimezone(zone), item.end.astimezone(zone)
    event = Event()
    event.add("uid", uid(item))
    event.add("dtstamp", stamp)
    event.add("sequence", item.sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", item.title)
    if item.room:
        event.add("location", item.room)
    text = description(item)
    if text:
        event.add("description", text)
    if item.kind_label:
        event.add("categories", [item.kind_label])
    if item.url:
        event.add("url", item.url)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    return event


@lru_cache(maxsize=10_000)
def vevent_bytes(item, zone, stamp):
    """One session's VEVENT as iCalendar text: the same item in the same release gives the same
    bytes, so a worker writing many itineraries of one release serialises each session once
    (icalendar folds and escapes character by character, about a millisecond a session)."""
    return _vevent(item, zone, stamp).to_ical()


def render(schedule):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", schedule.title)
    calendar.add("x-wr-caldesc", f"{schedule.conference.title}, version {schedule.version}")
    calendar.add("x-wr-timezone", schedule.conference.timezone)
    calendar.add_component(vtimezone(schedule))
    stamp = schedule.generated_at.astimezone(UTC)
    events = b"".join(vevent_bytes(item, schedule.zone, stamp) for item in schedule.in_order())
    head = calendar.to_ical()
    if not head.endswith(CALENDAR_END):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR.")
    # The events go where icalendar puts subcomponents: after the time zone, before the end.
    return head[: -len(CALENDAR_END)] + events + CALENDAR_END
