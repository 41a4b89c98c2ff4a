"""The public programme: what delegates, the press and the public read, from the released
versions only (never the working schedule), read-only.

Every page is built from one ``Schedule`` (the same the exports render, so a page and a feed
never disagree) and a few fixed queries: the count per page stays the same however many
sessions the event has.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info

from ceremony.models import Room
from config.core.content import in_language
from delegations.models import Delegate
from sessions.enums import SessionKind
from sessions.selectors.exports import schedule_for_export
from sessions.selectors.timetabling import room_key

#: The grid's step: every start and end in the programme falls on a quarter of an hour.
GRID_MINUTES = 15


@dataclass(frozen=True)
class Cell:
    """One cell of the day's grid: a session starting at this row (``rows`` long), or an
    empty slot of a room (``item`` None)."""

    item: object = None
    rows: int = 1
    continues_before: bool = False
    continues_after: bool = False


@dataclass(frozen=True)
class GridRow:
    moment: datetime
    cells: tuple


@dataclass
class PublicProgramme:
    """The released programme of an event, as its public pages show it."""

    event: object
    schedule: object
    rooms: tuple

    @property
    def version(self):
        return int(self.schedule.version)

    def days(self):
        return self.schedule.days()

    def items(self, *, include_cancelled=False):
        return self.schedule.in_order(include_cancelled=include_cancelled)

    def on(self, day, *, include_cancelled=False):
        """The items held on a day: starting on it, or running through it (the exhibition)."""
        opens, closes = self.day_span(day)
        return [
            item
            for item in self.items(include_cancelled=include_cancelled)
            if self.schedule.local_start(item) < closes and self.schedule.local_end(item) > opens
        ]

    def day_span(self, day):
        zone = self.schedule.zone
        opens = datetime.combine(day, time(0), tzinfo=zone)
        return opens, opens + timedelta(days=1)

    def item(self, slug):
        """A released session by its slug (cancelled ones too: their page says so)."""
        for item in self.items(include_cancelled=True):
            if item.slug == slug:
                return item
        return None

    def person_items(self, person_id):
        return [
            item
            for item in self.items(include_cancelled=True)
            if any(person.id == person_id for person in item.persons)
        ]


def public_programme(event, version=None):
    """The programme of the event's newest release (or ``version``); None before the first."""
    try:
        schedule = schedule_for_export(event=event, version=version)
    except ValidationError:
        return None
    # The rooms in the venue's order: the largest hall first, as people find them; by key, so
    # that a column and a filter mean the same room in every language.
    rooms = tuple(
        room_key(pk)
        for pk in Room.objects.filter(venue__event=event)
        .order_by("-capacity", "name_en", "pk")
        .values_list("pk", flat=True)
    )
    return PublicProgramme(event=event, schedule=schedule, rooms=rooms)


def _floor(moment):
    return moment - timedelta(minutes=moment.minute % GRID_MINUTES, seconds=moment.second)


def _ceil(moment):
    floored = _floor(moment)
    return floored if floored == moment else floored + timedelta(minutes=GRID_MINUTES)


def day_grid(programme, day, items):
    """The day as a table: a column per room that holds a session, a row per quarter of an
    hour from the first start to the last end; a session spans its rows (``rowspan``), so
    parallel sessions sit side by side. A session of several days is shown within the event's
    opening hours of the day and says that it continues."""
    if not items:
        return (), ()
    schedule = programme.schedule
    event = programme.event
    day_open, day_close = programme.day_span(day)
    opens = datetime.combine(day, event.day_opens, tzinfo=schedule.zone)
    closes = datetime.combine(day, event.day_closes, tzinfo=schedule.zone)

    def on_the_day(item):
        """The part of the item this day shows: one begun on an earlier day from the day's
        opening, one ending on a later day until its closing."""
        start, end = schedule.local_start(item), schedule.local_end(item)
        return (opens if start < day_open else start), (closes if end > day_close else end)

    spans = {item.id: on_the_day(item) for item in items}
    first = _floor(min(start for start, _end in spans.values()))
    last = _ceil(max(end for _start, end in spans.values()))
    steps = max(1, int((last - first).total_seconds() // 60) // GRID_MINUTES)
    names = {item.room_key: item.room for item in items}
    keys = [key for key in programme.rooms if key in names]
    keys += sorted(set(names) - set(keys), key=lambda key: names[key].casefold())
    starts = {}
    for item in items:
        start, end = spans[item.id]
        start, end = max(start, first), min(end, last)
        row = int((_floor(start) - first).total_seconds() // 60) // GRID_MINUTES
        span = max(1, int((_ceil(end) - _floor(start)).total_seconds() // 60) // GRID_MINUTES)
        starts[(row, item.room_key)] = Cell(
            item=item,
            rows=min(span, steps - row),
            continues_before=schedule.local_start(item) < day_open,
            continues_after=schedule.local_end(item) > day_close,
        )
    covered = set()
    grid = []
    for row in range(steps):
        cells = []
        for key in keys:
            if (row, key) in covered:
                continue
            cell = starts.get((row, key))
            if cell is None:
                cells.append(Cell())
                continue
            cells.append(cell)
            covered |= {(later, key) for later in range(row + 1, row + cell.rows)}
        grid.append(GridRow(moment=first + timedelta(minutes=GRID_MINUTES * row), cells=cells))
    return tuple(names[key] for key in keys), tuple(grid)


def items_filtered(items, *, kind="", room="", language=""):
    return [
        item
        for item in items
        if (not kind or item.kind == kind)
        and (not room or item.room_key == room)
        and (not language or language in item.languages)
    ]


def programme_search(programme, query):
    """Sessions whose title, description, room, organiser or people match every word of the
    query (case and accents as typed), and the people whose name does."""
    words = [word.casefold() for word in query.split() if word]
    if not words:
        return [], []

    def matches(text):
        folded = text.casefold()
        return all(word in folded for word in words)

    sessions = [
        item
        for item in programme.items(include_cancelled=True)
        if matches(
            " ".join(
                [item.title, item.abstract, item.room, item.organiser, item.kind_label]
                + [person.display_name for person in item.persons]
            )
        )
    ]
    people = {}
    for item in programme.items(include_cancelled=True):
        for person in item.persons:
            if matches(person.display_name):
                people.setdefault(person.id, person)
    return sessions, sorted(people.values(), key=lambda person: person.name.casefold())


def public_person(programme, person_id):
    """A chair or speaker of a released session: their name, delegation and sessions; None
    for anyone else (a delegate without a public part has no public page)."""
    items = programme.person_items(person_id)
    if not items:
        return None
    person = next(person for person in items[0].persons if person.id == person_id)
    delegate = (
        Delegate.objects.filter(pk=person_id, delegation__event=programme.event)
        .select_related("delegation")
        .only("pk", "delegation__name", "delegation__country", "delegation__kind")
        .first()
    )
    roles = {item.id: next(p.role for p in item.persons if p.id == person_id) for item in items}
    return {
        "person": person,
        "delegation": delegate.delegation if delegate else None,
        "items": items,
        "roles": roles,
    }


def kind_choices(programme):
    present = {item.kind for item in programme.items()}
    return [(value, label) for value, label in SessionKind.choices if value in present]


def language_choices(programme):
    """The languages the programme's sessions can be followed in, named in the reader's
    language, in the interface's order (the UN's, then Vietnamese)."""
    present = {language for item in programme.items() for language in item.languages}
    return [
        (code, get_language_info(code)["name_translated"])
        for code, _name in settings.LANGUAGES
        if code in present
    ]


def language_names(codes):
    """Language codes as the reader names them: "Arabic, Chinese, English"."""
    return [get_language_info(code)["name_translated"] for code in codes]


def room_choices(programme):
    """The rooms of the programme by key (a filtered link works in every language), named in
    the reader's language."""
    names = {item.room_key: item.room for item in programme.items()}
    ordered = [key for key in programme.rooms if key in names]
    ordered += sorted(set(names) - set(ordered), key=lambda key: names[key].casefold())
    return [(key, names[key]) for key in ordered]


def releases_public(event):
    """Every release, newest first, with its change log and note: the public changelog."""
    releases = list(
        event.schedule_releases.order_by("-version").only(
            "version", "released_at", "note", "changes", "event_id"
        )
    )
    for release in releases:
        release.event = event
        changes = release.changes or {}
        release.added = [_read(change, "start") for change in changes.get("added", [])]
        release.moved = [
            {
                "title": _read(change)["title"],
                "was": _read(change["from"], "start", "end"),
                "now": _read(change["to"], "start", "end"),
            }
            for change in changes.get("moved", [])
        ]
        release.cancelled = [_read(change) for change in changes.get("cancelled", [])]
    return releases


def _read(change, *times):
    """A change as stored, for the page: its title and room in the reader's language (as
    frozen at the release; English where it had none), its ISO times as instants."""
    read = {**change, **{field: datetime.fromisoformat(change[field]) for field in times}}
    if "title" in change:
        read["title"] = in_language(change.get("titles"), change["title"])
    if "room" in change:
        read["room"] = in_language(change.get("rooms"), change["room"])
    return read
