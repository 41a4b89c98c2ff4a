"""One day of the programme as a time grid: rooms across, time down in five-minute rows, each
session a block of its length, with the rules it breaks.

The schedule editor draws the working schedule with it; a proposal's review draws any other
placement of the same sessions (``placements``) on the same grid, so both read alike.
Positions are grid rows and lanes, not pixels: the template turns them into CSS classes (the
pages' CSP allows no inline style), the browser does the rest.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import ceil

from django.db.models import Prefetch, Q
from django.utils.translation import ngettext

from ceremony.models import Room
from config.core.content import localized_fields
from sessions.enums import SessionKind, SessionStatus
from sessions.models import Session, SessionRole
from sessions.selectors.schedule_rules import Verdict, day_bounds, longest_turnover, verdicts
from sessions.selectors.timetabling import START_STEP_MINUTES, key_id

SLOT_MINUTES = 5
LABEL_MINUTES = 30
#: The grid's stylesheet has a class for each row up to a whole day.
MAX_ROWS = 24 * 60 // SLOT_MINUTES


@dataclass
class GridRoom:
    pk: int
    name: str
    capacity: int
    booths: int
    blocks: list = field(default_factory=list)


@dataclass
class GridBlock:
    """A session on the grid: ``row`` (1-based, first five-minute row of the day's grid) and
    ``span`` rows; ``lane`` > 0 when it overlaps an earlier block in its room."""

    session: Session
    room_id: int
    start: datetime
    end: datetime
    row: int
    span: int
    runs_before: bool
    runs_after: bool
    lane: int = 0
    verdict: Verdict = field(default_factory=Verdict)
    #: A review's marks (``day_grid(marks=, ghosts=)``): a CSS word, a note, a former place.
    mark: str = ""
    note: str = ""
    ghost: bool = False

    @property
    def pk(self):
        return self.session.pk

    @property
    def title(self):
        return self.session.title

    @property
    def kind(self):
        return self.session.kind

    @property
    def kind_label(self):
        return SessionKind(self.kind).label if self.kind in SessionKind.values else self.kind

    @property
    def duration_minutes(self):
        return self.session.duration_minutes

    @property
    def pinned(self):
        return self.session.pinned

    @property
    def length_label(self):
        return ngettext("%(minutes)d min", "%(minutes)d min", self.duration_minutes) % {
            "minutes": self.duration_minutes
        }

    @property
    def badge(self):
        """The count of broken rules, as the block's badge says it (empty when none)."""
        hard, soft = len(self.verdict.hard), len(self.verdict.soft)
        parts = []
        if hard:
            parts.append(ngettext("%(n)d conflict", "%(n)d conflicts", hard) % {"n": hard})
        if soft:
            parts.append(ngettext("%(n)d warning", "%(n)d warnings", soft) % {"n": soft})
        return " · ".join(parts)

    @property
    def reasons(self):
        return " · ".join([*self.verdict.hard, *self.verdict.soft])


@dataclass
class TimeMark:
    row: int
    moment: datetime
    full_hour: bool


@dataclass
class DayGrid:
    day: object
    days: list
    opens: datetime
    closes: datetime
    rows: int
    rooms: list
    times: list
    unplaced: list
    slot_minutes: int = SLOT_MINUTES
    step_minutes: int = START_STEP_MINUTES

    @property
    def blocks(self):
        return [block for room in self.rooms for block in room.blocks]


def placements_from_assignments(assignments):
    """The engine's assignments (``{"session": "session-7", "room": "room-2", "start": iso}``,
    as proposals store them) as ``day_grid``'s placements: session id -> (room id, start)."""
    return {
        key_id(item["session"]): (key_id(item["room"]), datetime.fromisoformat(item["start"]))
        for item in assignments
    }


def _live(event):
    """The event's live sessions with their people, without their descriptions (a grid shows
    none, and in every language they are most of a row)."""
    return (
        Session.objects.filter(event=event)
        .exclude(status=SessionStatus.CANCELLED)
        .defer("description", *localized_fields("description"))
        .prefetch_related(
            Prefetch("roles", queryset=SessionRole.objects.only("session", "delegate"))
        )
        .order_by("pk")
    )


def _placed(event, placements, lo, hi):
    """Placed sessions overlapping ``[lo, hi)``, and the unplaced ones; with ``placements``,
    sessions stand where it says (the others are unplaced)."""
    if placements is None:
        placed = list(_live(event).filter(room__isnull=False, start__lt=hi, end__gt=lo))
        unplaced = list(
            Session.objects.filter(event=event)
            .defer("description", *localized_fields("description"))
            .filter(Q(room__isnull=True) | Q(start__isnull=True))
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("title", "pk")
        )
        return placed, unplaced
    placed, unplaced = [], []
    for session in _live(event):
        if session.pk not in placements:
            unplaced.append(session)
            continue
        session.room_id, session.start = placements[session.pk]
        session.end = session.computed_end()
        if session.start < hi and session.end > lo:
            placed.append(session)
    unplaced.sort(key=lambda session: session.title)
    return placed, unplaced


def grid_block(session, *, first, rows, zone, verdict=None):
    """``session``'s block on a grid that starts at ``first`` with ``rows`` rows (None when it
    falls outside), clipped to the grid and told so."""
    slot = timedelta(minutes=SLOT_MINUTES)
    last = first + rows * slot
    start, end = max(session.start, first), min(session.end, last)
    if end <= start:
        return None
    row = int((start - first) / slot) + 1
    return GridBlock(
        session=session,
        room_id=session.room_id,
        start=session.start.astimezone(zone),
        end=session.end.astimezone(zone),
        row=row,
        span=max(1, min(rows - row + 1, ceil((end - start) / slot))),
        runs_before=session.start < first,
        runs_after=session.end > last,
        verdict=verdict or Verdict(),
    )


def _lanes(blocks):
    """Give overlapping blocks of one room successive lanes, so that none hides another."""
    ends = []
    for block in sorted(blocks, key=lambda block: (block.start, block.pk)):
        for lane, end in enumerate(ends):
            if end <= block.start:
                ends[lane] = block.end
                block.lane = lane
                break
        else:
            block.lane = len(ends)
            ends.append(block.end)


def _ghost_blocks(event, ghosts, *, first, rows):
    """Blocks where sessions stood before a review's placements (one query)."""
    blocks = []
    sessions = Session.objects.filter(event=event, pk__in=ghosts).defer(
        "description", *localized_fields("description")
    )
    for session in sessions.order_by("pk"):
        session.room_id, session.start, note = ghosts[session.pk]
        session.end = session.computed_end()
        block = grid_block(session, first=first, rows=rows, zone=event.timezone)
        if block is not None:
            block.mark, block.note, block.ghost = "ghost", note, True
            blocks.append(block)
    return blocks


def day_grid(event, day, placements=None, *, with_rules=True, marks=None, ghosts=None):
    """The grid of ``day`` (a date of the event): its rooms, time marks, blocks and the
    sessions without a place.

    ``placements`` (session id -> (room id, aware start)) lays the sessions out as a proposal
    or a release would; by default they stand where the working schedule has them. The
    blocks carry the release's rules they break there (``with_rules``): ``verdict.hard`` and
    ``verdict.soft``. A constant number of queries, whatever the size of the programme.

    A review marks blocks (``marks``: session id -> (CSS word, note)) and draws where sessions
    stood before as ghost blocks (``ghosts``: session id -> (room id, start, note)).
    """
    opens, closes = day_bounds(event, day)
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=event.timezone)
    margin = longest_turnover(event) if with_rules else timedelta(0)
    placed, unplaced = _placed(
        event, placements, midnight - margin, midnight + timedelta(days=1) + margin
    )
    on_the_day = [
        session
        for session in placed
        if session.start < midnight + timedelta(days=1) and session.end > midnight
    ]
    # The grid runs from the day's opening to its closing, widened to whole hours to show a
    # session that starts or ends outside them that day (which the rules then name); one
    # running over from or into another day (an exhibition) is cut at the edges.
    tomorrow = midnight + timedelta(days=1)
    first = min([opens, *(session.start for session in on_the_day if session.start >= midnight)])
    last = max([closes, *(session.end for session in on_the_day if session.end <= tomorrow)])
    first, last = first.astimezone(event.timezone), last.astimezone(event.timezone)
    first = first.replace(minute=0) if first < opens else opens
    if last > closes:
        last = min(tomorrow, last.replace(minute=0) + timedelta(hours=1))
    rows = min(MAX_ROWS, ceil((last - first) / timedelta(minutes=SLOT_MINUTES)))
    found = verdicts(event, placed) if with_rules else {}

    rooms = [
        GridRoom(room.pk, room.name, room.capacity, room.interpretation_booths)
        for room in Room.objects.filter(venue__event=event).order_by(
            "venue__name", "-capacity", "name"
        )
    ]
    by_room = {room.pk: room for room in rooms}
    for session in on_the_day:
        room = by_room.get(session.room_id)
        block = grid_block(
            session, first=first, rows=rows, zone=event.timezone, verdict=found.get(session.pk)
        )
        if room is not None and block is not None:
            block.mark, block.note = (marks or {}).get(session.pk, ("", ""))
            room.blocks.append(block)
    for block in _ghost_blocks(event, ghosts or {}, first=first, rows=rows):
        if block.room_id in by_room:
            by_room[block.room_id].blocks.append(block)
    for room in rooms:
        _lanes(room.blocks)
        room.blocks.sort(key=lambda block: (block.start, block.pk))
    times = [
        TimeMark(
            row=1 + minutes // SLOT_MINUTES,
            moment=(first + timedelta(minutes=minutes)).astimezone(event.timezone),
            full_hour=(first + timedelta(minutes=minutes)).minute == 0,
        )
        for minutes in range(0, rows * SLOT_MINUTES, LABEL_MINUTES)
    ]
    return DayGrid(
        day=day,
        days=event.days,
        opens=first,
        closes=first + rows * timedelta(minutes=SLOT_MINUTES),
        rows=rows,
        rooms=rooms,
        times=times,
        unplaced=unplaced,
    )
