"""The released schedule as plain data, and the time arithmetic every export format shares.

The Django side turns a release into these frozen values; the renderers read nothing else, so
they run and are tested without a database. Text is kept in composed Unicode (NFC), without
control characters: a name typed with combining accents gives the same bytes in every format and
reads back from the PDF as typed, and no stray byte makes the XML or the calendar unreadable.
"""

import math
import uuid
from collections import Counter
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.core.rendering.text import clean_text

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
STATUSES = (SCHEDULED, CANCELLED)

DEFAULT_TIMESLOT_MINUTES = 15


@lru_cache(maxsize=64)
def _guid_namespace(namespace_text):
    return uuid.uuid5(uuid.NAMESPACE_URL, namespace_text)


def item_guid(namespace_text, key):
    """A uuid5 that stays the same for the same event and key across releases and machines.

    Calendar clients and conference apps recognise an updated session by this value, so it must
    not depend on the database host or on the release: derive it from, say, the event's public
    URL and the session's primary key.
    """
    return str(uuid.uuid5(_guid_namespace(str(namespace_text)), str(key)))


def hhmm(minutes):
    """Minutes as "hh:mm", the duration notation of the frab schedule formats."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours:02d}:{rest:02d}"


@cache
def _field_names(cls):
    return tuple(spec.name for spec in fields(cls))


def _clean_text_fields(instance):
    for name in _field_names(type(instance)):
        value = getattr(instance, name)
        # Most text is printable ASCII, already clean: tested here, not in a call per field.
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            object.__setattr__(instance, name, clean_text(value))


def _require_aware(name, value):
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}.")


@dataclass(frozen=True)
class Conference:
    title: str
    acronym: str
    start: date
    end: date
    timezone: str
    url: str = ""

    def __post_init__(self):
        _clean_text_fields(self)
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"Unknown time zone {self.timezone!r}.") from error
        if self.end < self.start:
            raise ValueError(f"The conference ends ({self.end}) before it starts ({self.start}).")

    @property
    def zone(self):
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Generator:
    """The software that wrote a file, as the frab formats name it."""

    name: str
    version: str


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    native_name: str = ""
    role: str = ""

    def __post_init__(self):
        _clean_text_fields(self)
        if self.id < 1:
            raise ValueError(f"Person ids must be positive, got {self.id} for {self.name!r}.")

    @property
    def own_script_name(self):
        """The name in the person's own script, or "" when it only repeats the Latin name."""
        if self.native_name.strip().casefold() == self.name.strip().casefold():
            return ""
        return self.native_name.strip()

    @property
    def display_name(self):
        """Both forms of the name, as a line of plain text: "WANG Wei (王伟)"."""
        native = self.own_script_name
        return f"{self.name} ({native})" if native else self.name

    @property
    def credit(self):
        """The name with the person's part in the session: "WANG Wei (王伟) — Chair"."""
        return f"{self.display_name} — {self.role}" if self.role else self.display_name


@dataclass(frozen=True)
class Item:
    id: int
    guid: str
    slug: str
    title: str
    kind: str
    kind_label: str
    room: str
    start: datetime
    duration_minutes: int
    abstract: str = ""
    track: str = ""
    language: str = ""
    url: str = ""
    persons: tuple[Person, ...] = ()
    organiser: str = ""
    status: str = SCHEDULED
    sequence: int = 0
    subtitle: str = ""
    #: The interpretation the session offers (the planner's code: "full", "partial", "none").
    interpretation: str = ""
    #: The room's identity, whatever its name in the language of the export ("room-12").
    room_key: str = ""
    #: The languages the session can be followed in (language codes: "ar", "zh-hans", ...).
    languages: tuple[str, ...] = ()

    def __post_init__(self):
        _clean_text_fields(self)
        object.__setattr__(self, "persons", tuple(self.persons))
        object.__setattr__(self, "languages", tuple(self.languages))
        if self.id < 1:
            raise ValueError(f"Item ids must be positive, got {self.id} for {self.title!r}.")
        try:
            uuid.UUID(self.guid)
        except (ValueError, TypeError, AttributeError) as error:
            raise ValueError(f"Item {self.id} has no valid uuid guid: {self.guid!r}.") from error
        _require_aware(f"The start of item {self.id}", self.start)
        if self.duration_minutes < 1:
            raise ValueError(f"Item {self.id} lasts {self.duration_minutes} minutes.")
        if self.status not in STATUSES:
            raise ValueError(f"Item {self.id} has status {self.status!r}, not one of {STATUSES}.")
        if self.sequence < 0:
            raise ValueError(f"Item {self.id} has a negative sequence {self.sequence}.")

    @property
    def end(self):
        """The end instant, counted in UTC so that a clock change in between adds no hour."""
        return self.start.astimezone(UTC) + timedelta(minutes=self.duration_minutes)

    @property
    def cancelled(self):
        return self.status == CANCELLED

    @property
    def credits(self):
        """Everyone on the session, as one line of plain text for a table cell."""
        return "; ".join(person.credit for person in self.persons)


@dataclass(frozen=True)
class Schedule:
    """One export: which items, under what name, from which release.

    ``rooms`` is the venue's own order of rooms (main hall first); rooms it does not list
    follow in alphabetical order, so every format shows rooms the same way in every release.
    """

    conference: Conference
    items: tuple[Item, ...]
    title: str
    version: str
    generated_at: datetime
    rooms: tuple[str, ...] = ()
    generator: Generator | None = None

    def __post_init__(self):
        _clean_text_fields(self)
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "rooms", tuple(clean_text(room) for room in self.rooms))
        _require_aware("generated_at", self.generated_at)
        for attribute in ("id", "guid"):
            counts = Counter(getattr(item, attribute) for item in self.items)
            repeated = sorted(str(value) for value, count in counts.items() if count > 1)
            if repeated:
                raise ValueError(f"Items share the {attribute} {', '.join(repeated)}.")

    @property
    def zone(self):
        return self.conference.zone

    def local_start(self, item):
        return item.start.astimezone(self.zone)

    def local_end(self, item):
        return item.end.astimezone(self.zone)

    def ends_another_day(self, item):
        """A session of several days (the exhibition): its end must say the day, not only the
        hour, or it reads as ending before it starts."""
        return self.local_end(item).date() != self.local_date(item)

    def end_text(self, item, day_format="%Y-%m-%d"):
        """The end as a table writes it: the hour, with the day when it is another one."""
        end = self.local_end(item)
        return f"{end:{day_format} %H:%M}" if self.ends_another_day(item) else f"{end:%H:%M}"

    def local_date(self, item):
        """The conference day an item belongs to: the local date it starts on."""
        return self.local_start(item).date()

    def room_order(self):
        listed = tuple(dict.fromkeys(self.rooms))
        others = {item.room for item in self.items} - set(listed)
        return listed + tuple(sorted(others, key=lambda room: (room.casefold(), room)))

    def in_order(self, *, include_cancelled=True):
        """Items by start, then by room in the venue's order, then by title and id."""
        position = {room: index for index, room in enumerate(self.room_order())}
        chosen = [item for item in self.items if include_cancelled or not item.cancelled]
        return sorted(
            chosen,
            key=lambda item: (
                item.start.astimezone(UTC),
                position[item.room],
                item.title.casefold(),
                item.id,
            ),
        )

    def days(self):
        """The conference's days, and any other day an item falls on, in order.

        A reception the evening before the opening still belongs in the export; dropping it
        because the conference record says otherwise would lose it without a word. The days
        between (a press conference three weeks before) are not days of the event: no empty
        day stands in for them.
        """
        span = (self.conference.end - self.conference.start).days
        dates = {self.conference.start + timedelta(days=offset) for offset in range(span + 1)}
        dates |= {self.local_date(item) for item in self.items}
        return sorted(dates)

    def day_bounds(self, day, items):
        """The local start and end of a day: its items' span, or the whole day when it has none."""
        if items:
            return (
                min(self.local_start(item) for item in items),
                max(self.local_end(item) for item in items),
            )
        following = day + timedelta(days=1)
        return (
            datetime(day.year, day.month, day.day, tzinfo=self.zone),
            datetime(following.year, following.month, following.day, tzinfo=self.zone),
        )

    def timeslot_minutes(self, items):
        """The grid that fits every start and length: conference apps draw their timetable on it."""
        step = 0
        for item in items:
            local = self.local_start(item)
            step = math.gcd(step, local.hour * 60 + local.minute, item.duration_minutes)
        return min(step, 60) if step else DEFAULT_TIMESLOT_MINUTES
