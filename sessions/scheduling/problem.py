"""Read a timetabling problem (format ``treaty-event-timetable/1``) into frozen dataclasses.

The format is specified in ``scheduling-problem.md`` and summarised in this package's README.
Parsing is strict because a typo in a problem must not quietly drop a rule: an unknown key, a
missing required key, a malformed time or a reference to a room or session that does not exist
raises :class:`ProblemError` naming the field (``sessions[3].rooms[1]``). An optional key may also
be given as ``null``, which means the same as leaving it out.

Besides the keys of the format this engine reads one optional top-level key, ``previous``: the
schedule as it stood before, ``[{"session": id, "room": id, "start": instant}, ...]``. The solver
then prefers to keep sessions where they were (see ``solver.py``), and starts its search from there.

Interpretation is counted per language: ``interpreter_teams`` maps a language code to the booth
teams available in it (``{"ar": 3, "zh": 3, "en": 4, "vi": 1}``), and a session may name its
``languages`` as a list of codes, needing a booth and a team in each when it names two or more.
The older forms still read: a plain number of teams means that many in each of the six UN
languages, and a session's number of languages (6 or more) needs a team in each of the six.

Internally every instant is a whole number of minutes after the earliest day's opening, so that
the solver works on integers; :meth:`Problem.minute` and :meth:`Problem.instant` convert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FORMAT = "treaty-event-timetable/1"
SIX_LANGUAGES = 6
#: The six official languages of the United Nations, in the UN's order.
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
#: Names for messages; another code is shown as it is written.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
    "vi": "Vietnamese",
}


def language_order(code: str) -> tuple[int, str]:
    """The six UN languages first, in the UN's order, then the others by code."""
    return (UN_LANGUAGES.index(code) if code in UN_LANGUAGES else len(UN_LANGUAGES), code)


def languages_named(codes) -> str:
    """``Arabic``, ``Arabic and Chinese``, ``Arabic, Chinese and English`` for messages."""
    names = [LANGUAGE_NAMES.get(code, repr(code)) for code in sorted(codes, key=language_order)]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class ProblemError(ValueError):
    """A malformed problem; ``field`` is the path of the offending key, e.g. ``rooms[2].booths``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Interval:
    """A half-open span ``[start, end)`` in minutes."""

    start: int
    end: int

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Day:
    date: dt.date
    open: int
    close: int


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    booths: int
    turnover_minutes: int = 0
    unavailable: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where a session is (or was, or must be): a room and a start minute."""

    room: str
    start: int


@dataclass(frozen=True)
class Session:
    id: str
    kind: str
    duration_minutes: int
    attendance: int
    languages: int
    interpreted_into: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    rooms: tuple[str, ...] | None = None
    earliest: int | None = None
    latest: int | None = None
    not_parallel_with: tuple[str, ...] = ()
    pinned: Placement | None = None

    @property
    def needs_interpreters(self) -> bool:
        return bool(self.interpreted_into)


@dataclass(frozen=True)
class TeamPool:
    """Languages whose booth teams the same sessions need, with as many teams in each: one
    limit for all of them (the six languages of a UN meeting usually form one pool)."""

    languages: tuple[str, ...]
    teams: int
    sessions: frozenset[str]

    @property
    def named(self) -> str:
        return languages_named(self.languages)


@dataclass(frozen=True)
class Problem:
    timezone: str
    granularity_minutes: int
    days: tuple[Day, ...]
    rooms: tuple[Room, ...]
    sessions: tuple[Session, ...]
    origin: dt.datetime  # the earliest day's opening, in UTC: minute 0
    start_times: tuple[int, ...] | None = None
    #: Booth teams per language, or ``None`` when interpretation is not limited at all.
    interpreter_teams: tuple[tuple[str, int], ...] | None = None
    previous: tuple[tuple[str, Placement], ...] = ()

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {room.id: room for room in self.rooms}

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {session.id: session for session in self.sessions}

    @cached_property
    def previous_by_session(self) -> dict[str, Placement]:
        return dict(self.previous)

    def teams_in(self, language: str) -> int | None:
        """Booth teams in a language: ``None`` when unlimited, 0 when the problem names none."""
        if self.interpreter_teams is None:
            return None
        return self._teams_by_language.get(language, 0)

    @cached_property
    def _teams_by_language(self) -> dict[str, int]:
        return dict(self.interpreter_teams or ())

    def languages_without_teams(self, session: Session) -> tuple[str, ...]:
        """The languages a session is interpreted into that have no booth team at all."""
        return tuple(code for code in session.interpreted_into if self.teams_in(code) == 0)

    @cached_property
    def team_pools(self) -> tuple[TeamPool, ...]:
        """The limits on interpretation at any moment, one per pool of languages.

        Languages needed by the same sessions share a pool when they have as many teams; of
        pools needed by the same sessions only the one with the fewest teams can bind.
        """
        if self.interpreter_teams is None:
            return ()
        needing: dict[str, set[str]] = {}
        for session in self.sessions:
            for code in session.interpreted_into:
                needing.setdefault(code, set()).add(session.id)
        grouped: dict[tuple[frozenset[str], int], list[str]] = {}
        for code, session_ids in needing.items():
            grouped.setdefault((frozenset(session_ids), self.teams_in(code)), []).append(code)
        fewest: dict[frozenset[str], int] = {}
        for session_ids, teams in grouped:
            fewest[session_ids] = min(teams, fewest.get(session_ids, teams))
        return tuple(
            TeamPool(tuple(sorted(codes, key=language_order)), teams, session_ids)
            for (session_ids, teams), codes in sorted(
                grouped.items(), key=lambda item: language_order(min(item[1], key=language_order))
            )
            if fewest[session_ids] == teams
        )

    @cached_property
    def pools_of(self) -> dict[str, tuple[TeamPool, ...]]:
        """Session id -> the team pools it draws on."""
        result: dict[str, list[TeamPool]] = {session.id: [] for session in self.sessions}
        for pool in self.team_pools:
            for session_id in pool.sessions:
                result[session_id].append(pool)
        return {session_id: tuple(pools) for session_id, pools in result.items()}

    @cached_property
    def start_time_set(self) -> frozenset[int]:
        return frozenset(self.start_times or ())

    @cached_property
    def not_parallel(self) -> dict[str, frozenset[str]]:
        """Session id -> ids it must not overlap, resolved from ids and kinds, made symmetric."""
        by_kind: dict[str, set[str]] = {}
        for session in self.sessions:
            by_kind.setdefault(session.kind, set()).add(session.id)
        result: dict[str, set[str]] = {session.id: set() for session in self.sessions}
        for session in self.sessions:
            for reference in session.not_parallel_with:
                others = by_kind.get(reference, set()) | (
                    {reference} if reference in result else set()
                )
                for other in others - {session.id}:
                    result[session.id].add(other)
                    result[other].add(session.id)
        return {session_id: frozenset(others) for session_id, others in result.items()}

    def minute(self, instant: dt.datetime) -> int:
        return int((instant.astimezone(dt.UTC) - self.origin).total_seconds()) // 60

    def instant(self, minute: int) -> dt.datetime:
        return (self.origin + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def isoformat(self, minute: int) -> str:
        return self.instant(minute).isoformat()

    def label(self, minute: int) -> str:
        """A short local time for messages, e.g. ``2025-10-25 09:45``."""
        return self.instant(minute).strftime("%Y-%m-%d %H:%M")

    def day_of(self, start: int, end: int) -> Day | None:
        """The day whose opening hours hold ``[start, end)``, if any."""
        for day in self.days:
            if day.open <= start and end <= day.close:
                return day
        return None


def parse_problem(data: Any) -> Problem:
    """Validate a problem decoded from JSON; raise :class:`ProblemError` on the first fault."""
    top = expect_object(
        data,
        "",
        required={"format", "timezone", "granularity_minutes", "days", "rooms", "sessions"},
        optional={"start_times", "interpreter_teams", "previous"},
    )
    if top["format"] != FORMAT:
        raise ProblemError("format", f"must be {FORMAT!r}")
    timezone = expect_string(top["timezone"], "timezone")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProblemError("timezone", f"unknown time zone {timezone!r}") from None
    granularity = _integer(top["granularity_minutes"], "granularity_minutes", minimum=1)

    local_days = _parse_days(top["days"], zone)
    # In UTC: arithmetic on datetimes sharing a ZoneInfo is wall-clock time, wrong across DST.
    origin = min(opening for _, opening, _ in local_days).astimezone(dt.UTC)

    def minute(instant: dt.datetime) -> int:
        return int((instant.astimezone(dt.UTC) - origin).total_seconds()) // 60

    days = tuple(
        Day(date, minute(opening), minute(closing)) for date, opening, closing in local_days
    )

    start_times = None
    if top.get("start_times") is not None:
        start_times = tuple(
            minute(instant) for instant in _unique_instants(top["start_times"], "start_times")
        )

    interpreter_teams = None
    if top.get("interpreter_teams") is not None:
        interpreter_teams = _parse_teams(top["interpreter_teams"])

    rooms = _parse_rooms(top["rooms"], minute)
    room_ids = {room.id for room in rooms}
    sessions = _parse_sessions(top["sessions"], minute, room_ids)

    previous: tuple[tuple[str, Placement], ...] = ()
    if top.get("previous") is not None:
        previous = _parse_previous(top["previous"], minute, room_ids, {s.id for s in sessions})

    return Problem(
        timezone=timezone,
        granularity_minutes=granularity,
        days=days,
        rooms=rooms,
        sessions=sessions,
        origin=origin,
        start_times=start_times,
        interpreter_teams=interpreter_teams,
        previous=previous,
    )


def _parse_teams(value: Any) -> tuple[tuple[str, int], ...]:
    """``{"ar": 3, "en": 4, ...}``; a plain number means that many in each UN language."""
    if isinstance(value, dict):
        teams = []
        for code, count in value.items():
            if not code:
                raise ProblemError("interpreter_teams", "language codes must be non-empty")
            teams.append((code, _integer(count, f"interpreter_teams.{code}", minimum=0)))
        return tuple(sorted(teams, key=lambda item: language_order(item[0])))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(
            "interpreter_teams", "must be a whole number or an object of language codes"
        )
    count = _integer(value, "interpreter_teams", minimum=0)
    return tuple((code, count) for code in UN_LANGUAGES)


def _parse_languages(value: Any, field: str) -> tuple[int, tuple[str, ...]]:
    """A session's booths and the languages whose teams it needs.

    A list of codes: two or more are interpreted (a booth and a team each), one is the floor
    language alone. A number (the older form): that many booths, and with six or more a team
    in each of the six UN languages.
    """
    if isinstance(value, list):
        codes = _unique_strings(value, field, "language")
        return len(codes), (codes if len(codes) > 1 else ())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(field, "must be a whole number or a list of language codes")
    count = _integer(value, field, minimum=0)
    return count, (UN_LANGUAGES if count >= SIX_LANGUAGES else ())


def _parse_days(value: Any, zone: ZoneInfo) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    items = _list(value, "days", minimum_length=1)
    days = []
    seen: set[dt.date] = set()
    for index, item in enumerate(items):
        field = f"days[{index}]"
        day = expect_object(item, field, required={"date", "open", "close"})
        text = expect_string(day["date"], f"{field}.date")
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise ProblemError(f"{field}.date", f"{text!r} is not a date (YYYY-MM-DD)") from None
        if date in seen:
            raise ProblemError(f"{field}.date", f"duplicate day {text}")
        seen.add(date)
        opening = dt.datetime.combine(date, _clock(day["open"], f"{field}.open"), tzinfo=zone)
        closing = dt.datetime.combine(date, _clock(day["close"], f"{field}.close"), tzinfo=zone)
        if closing <= opening:
            raise ProblemError(f"{field}.close", "must be after open")
        days.append((date, opening, closing))
    return sorted(days)


ToMinute = Callable[[dt.datetime], int]


def _parse_rooms(value: Any, minute: ToMinute) -> tuple[Room, ...]:
    rooms = []
    seen: set[str] = set()
    for index, item in enumerate(_list(value, "rooms")):
        field = f"rooms[{index}]"
        room = expect_object(
            item,
            field,
            required={"id", "capacity", "booths"},
            optional={"turnover_minutes", "unavailable"},
        )
        room_id = expect_string(room["id"], f"{field}.id")
        if room_id in seen:
            raise ProblemError(f"{field}.id", f"duplicate room id {room_id!r}")
        seen.add(room_id)
        turnover = 0
        if room.get("turnover_minutes") is not None:
            turnover = _integer(room["turnover_minutes"], f"{field}.turnover_minutes", minimum=0)
        unavailable = []
        for number, span in enumerate(_list(room.get("unavailable") or [], f"{field}.unavailable")):
            span_field = f"{field}.unavailable[{number}]"
            bounds = expect_object(span, span_field, required={"start", "end"})
            start = minute(expect_instant(bounds["start"], f"{span_field}.start"))
            end = minute(expect_instant(bounds["end"], f"{span_field}.end"))
            if end <= start:
                raise ProblemError(f"{span_field}.end", "must be after start")
            unavailable.append(Interval(start, end))
        rooms.append(
            Room(
                id=room_id,
                capacity=_integer(room["capacity"], f"{field}.capacity", minimum=1),
                booths=_integer(room["booths"], f"{field}.booths", minimum=0),
                turnover_minutes=turnover,
                unavailable=tuple(sorted(unavailable, key=lambda span: span.start)),
            )
        )
    return tuple(rooms)


def _parse_sessions(value: Any, minute: ToMinute, room_ids: set[str]) -> tuple[Session, ...]:
    items = _list(value, "sessions")
    fields: dict[str, str] = {}
    raw: list[tuple[str, dict]] = []
    for index, item in enumerate(items):
        field = f"sessions[{index}]"
        session = expect_object(
            item,
            field,
            required={"id", "kind", "duration_minutes", "attendance", "languages"},
            optional={"people", "rooms", "earliest", "latest", "not_parallel_with", "pinned"},
        )
        session_id = expect_string(session["id"], f"{field}.id")
        if session_id in fields:
            raise ProblemError(
                f"{field}.id", f"duplicate session id {session_id!r} (also {fields[session_id]})"
            )
        fields[session_id] = field
        raw.append((field, session))

    kinds = {expect_string(session["kind"], f"{field}.kind") for field, session in raw}
    sessions = []
    for field, session in raw:
        session_id = session["id"]
        rooms = None
        if session.get("rooms") is not None:
            rooms = _unique_strings(session["rooms"], f"{field}.rooms", "room")
            for number, room_id in enumerate(rooms):
                if room_id not in room_ids:
                    raise ProblemError(f"{field}.rooms[{number}]", f"unknown room {room_id!r}")
        earliest = latest = None
        if session.get("earliest") is not None:
            earliest = minute(expect_instant(session["earliest"], f"{field}.earliest"))
        if session.get("latest") is not None:
            latest = minute(expect_instant(session["latest"], f"{field}.latest"))
            if earliest is not None and latest <= earliest:
                raise ProblemError(f"{field}.latest", "must be after earliest")
        not_parallel_with = _unique_strings(
            session.get("not_parallel_with") or [], f"{field}.not_parallel_with", "entry"
        )
        for number, reference in enumerate(not_parallel_with):
            if reference not in fields and reference not in kinds:
                raise ProblemError(
                    f"{field}.not_parallel_with[{number}]",
                    f"{reference!r} is neither a session id nor the kind of any session",
                )
        pinned = None
        if session.get("pinned") is not None:
            pin = expect_object(session["pinned"], f"{field}.pinned", required={"room", "start"})
            room_id = expect_string(pin["room"], f"{field}.pinned.room")
            if room_id not in room_ids:
                raise ProblemError(f"{field}.pinned.room", f"unknown room {room_id!r}")
            pinned = Placement(
                room_id, minute(expect_instant(pin["start"], f"{field}.pinned.start"))
            )
        languages, interpreted_into = _parse_languages(session["languages"], f"{field}.languages")
        sessions.append(
            Session(
                id=session_id,
                kind=session["kind"],
                duration_minutes=_integer(
                    session["duration_minutes"], f"{field}.duration_minutes", minimum=1
                ),
                attendance=_integer(session["attendance"], f"{field}.attendance", minimum=0),
                languages=languages,
                interpreted_into=interpreted_into,
                people=_unique_strings(session.get("people") or [], f"{field}.people", "person"),
                rooms=rooms,
                earliest=earliest,
                latest=latest,
                not_parallel_with=not_parallel_with,
                pinned=pinned,
            )
        )
    return tuple(sessions)


def _parse_previous(
    value: Any, minute: ToMinute, room_ids: set[str], session_ids: set[str]
) -> tuple[tuple[str, Placement], ...]:
    previous = []
    seen: set[str] = set()
    for index, item in enumerate(_list(value, "previous")):
        field = f"previous[{index}]"
        entry = expect_object(item, field, required={"session", "room", "start"})
        session_id = expect_string(entry["session"], f"{field}.session")
        if session_id not in session_ids:
            raise ProblemError(f"{field}.session", f"unknown session {session_id!r}")
        if session_id in seen:
            raise ProblemError(f"{field}.session", f"session {session_id!r} listed twice")
        seen.add(session_id)
        room_id = expect_string(entry["room"], f"{field}.room")
        if room_id not in room_ids:
            raise ProblemError(f"{field}.room", f"unknown room {room_id!r}")
        start = minute(expect_instant(entry["start"], f"{field}.start"))
        previous.append((session_id, Placement(room_id, start)))
    return tuple(previous)


def expect_object(
    value: Any, field: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict:
    def at(key: str) -> str:
        return f"{field}.{key}" if field else key

    if not isinstance(value, dict):
        raise ProblemError(field or "problem", "must be a JSON object")
    unknown = sorted(set(value) - required - set(optional))
    if unknown:
        raise ProblemError(at(unknown[0]), "unknown key")
    missing = sorted(required - set(value))
    if missing:
        raise ProblemError(at(missing[0]), "required key is missing")
    return value


def _list(value: Any, field: str, minimum_length: int = 0) -> list:
    if not isinstance(value, list):
        raise ProblemError(field, "must be a list")
    if len(value) < minimum_length:
        raise ProblemError(field, f"must hold at least {minimum_length} item(s)")
    return value


def expect_string(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(field, "must be a non-empty string")
    return value


def _integer(value: Any, field: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(field, "must be a whole number")
    if value < minimum:
        raise ProblemError(field, f"must be at least {minimum}")
    return value


def _unique_strings(value: Any, field: str, noun: str) -> tuple[str, ...]:
    items = _list(value, field)
    seen: set[str] = set()
    for index, item in enumerate(items):
        text = expect_string(item, f"{field}[{index}]")
        if text in seen:
            raise ProblemError(f"{field}[{index}]", f"duplicate {noun} {text!r}")
        seen.add(text)
    return tuple(items)


def _unique_instants(value: Any, field: str) -> list[dt.datetime]:
    instants: set[dt.datetime] = set()
    for index, item in enumerate(_list(value, field)):
        instant = expect_instant(item, f"{field}[{index}]")
        if instant in instants:
            raise ProblemError(f"{field}[{index}]", f"duplicate time {item!r}")
        instants.add(instant)
    return sorted(instants)


def expect_instant(value: Any, field: str) -> dt.datetime:
    text = expect_string(value, field)
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ProblemError(field, f"{text!r} is not an ISO 8601 date and time") from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ProblemError(field, f"{text!r} has no UTC offset (e.g. +07:00)")
    if instant.second or instant.microsecond:
        raise ProblemError(field, f"{text!r} is not on a whole minute")
    return instant


def _clock(value: Any, field: str) -> dt.time:
    text = expect_string(value, field)
    try:
        clock = dt.time.fromisoformat(text)
    except ValueError:
        raise ProblemError(field, f"{text!r} is not a time of day (HH:MM)") from None
    if clock.tzinfo is not None or clock.second or clock.microsecond:
        raise ProblemError(field, f"{text!r} must be a local time of day as HH:MM")
    return clock
