"""iCalendar (RFC 5545): the schedule as a calendar that delegates import or subscribe to.

Times are written in the conference's zone with its VTIMEZONE, so a phone set to another zone
still shows the session at the right instant. A UID never changes for a session and SEQUENCE
rises each time it moves or is cancelled: a calendar then updates the entry it already holds
instead of adding a second one. Cancelled sessions stay in the file with STATUS:CANCELLED, which
is how a subscribed calendar learns to drop them.
"""

from datetime import UTC, date

from icalendar import Calendar, Event, Timezone

MEDIA_TYPE = "text/calendar; charset=utf-8"
EXTENSION = "ics"

PRODID = "-//Treaty Event Planner//Schedule export//EN"
UID_DOMAIN = "treaty-event-planner"


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
    return Timezone.from_tzid(
        schedule.conference.timezone,
        first_date=date(min(years), 1, 1),
        last_date=date(max(years) + 1, 1, 1),
    )


def vevent(schedule, item, stamp):
    event = Event()
    event.add("uid", uid(item))
    event.add("dtstamp", stamp)
    event.add("sequence", item.sequence)
    event.add("dtstart", schedule.local_start(item))
    event.add("dtend", schedule.local_end(item))
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


def render(schedule):
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
    for item in schedule.in_order():
        calendar.add_component(vevent(schedule, item, stamp))
    return calendar.to_ical()
