"""Reads for the timetable: the engine's problem built from the database, the hard rules the
current programme breaks, and a proposal laid out for review.

The engine (``sessions.scheduling``) knows nothing of Django; this is where the database meets
its JSON format, read-only.
"""

import re
from datetime import datetime
from itertools import groupby

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from ceremony.models import Room, RoomUnavailability
from sessions import scheduling
from sessions.enums import RegistrationStatus, SessionKind, SessionStatus
from sessions.models import Session, SessionRegistration, SessionRole

#: Sessions start on this grid from each day's opening: the engine's, and the editor's drops.
START_STEP_MINUTES = 15


def engine_language(code):
    """The engine's language codes are the primary subtags: Chinese is ``zh`` for it."""
    return code.split("-")[0]


def session_languages(session):
    """The languages a session is held in, for the engine: with interpretation, a booth and a
    booth team in each (the six UN languages and any other named, e.g. Vietnamese by relay);
    without, the one floor language, which needs neither."""
    return [engine_language(code) for code in session.languages_offered]


def interpreter_teams(event):
    """Booth teams per language (engine codes), or None when the event has no interpreter
    pools and interpretation is not limited."""
    pools = list(event.interpreter_pools.all())
    if not pools:
        return None
    return {engine_language(pool.language): pool.teams for pool in pools}


#: Ceremonies nothing else may run against (the exhibition stays open around them).
EXCLUSIVE_KINDS = (SessionKind.OPENING, SessionKind.CLOSING)


def room_key(room_id):
    return f"room-{room_id}"


def session_key(session_id):
    return f"session-{session_id}"


def key_id(key):
    return int(key.rsplit("-", 1)[1])


def _rooms(event):
    return list(
        Room.objects.filter(venue__event=event)
        .select_related("venue")
        .prefetch_related(
            Prefetch("unavailabilities", queryset=RoomUnavailability.objects.order_by("start"))
        )
        .order_by("pk")
    )


def _live_sessions(event):
    return list(
        Session.objects.filter(event=event)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related(
            Prefetch("roles", queryset=SessionRole.objects.only("session", "delegate"))
        )
        .order_by("pk")
    )


def _day_bounds(event):
    zone = event.timezone
    return [
        (
            datetime.combine(day, event.day_opens, tzinfo=zone),
            datetime.combine(day, event.day_closes, tzinfo=zone),
        )
        for day in event.days
    ]


def _fits_the_days(session, days):
    return any(opens <= session.start and session.end <= closes for opens, closes in days)


def timetable_problem_build(event, *, sessions=None, previous=True):
    """The engine's problem for the event: every live session, pinned ones where they are.

    ``previous=False`` leaves out the last release's placements, which only the solver reads
    (a check does not need to load the release).

    A pinned session that the engine's days cannot hold (before the event, or running over
    several days like an exhibition) stays out of the problem and makes its room unavailable
    for that time instead, so nothing is placed on top of it.
    """
    zone = event.timezone
    days = _day_bounds(event)
    rooms = _rooms(event)
    sessions = _live_sessions(event) if sessions is None else sessions

    def iso(moment):
        return moment.astimezone(zone).isoformat()

    unavailable = {room.pk: [] for room in rooms}
    for room in rooms:
        unavailable[room.pk] += [(slot.start, slot.end) for slot in room.unavailabilities.all()]
    # Attendance: the delegates who hold a confirmed place, or the session's own capacity when
    # larger (the organiser's figure, which the room must seat too); never 0 for a full session.
    confirmed = dict(
        SessionRegistration.objects.filter(
            session__in=[session.pk for session in sessions], status=RegistrationStatus.CONFIRMED
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    entries = []
    for session in sessions:
        placed = session.start is not None and session.room_id is not None
        if session.pinned and placed and not _fits_the_days(session, days):
            unavailable[session.room_id].append((session.start, session.end))
            continue
        entry = {
            "id": session_key(session.pk),
            "kind": session.kind,
            "duration_minutes": session.duration_minutes,
            "attendance": max(confirmed.get(session.pk, 0), session.capacity or 0),
            "languages": session_languages(session),
            "people": sorted({f"delegate-{role.delegate_id}" for role in session.roles.all()}),
        }
        if session.earliest_start is not None:
            entry["earliest"] = iso(session.earliest_start)
        if session.latest_end is not None:
            entry["latest"] = iso(session.latest_end)
        if session.kind in EXCLUSIVE_KINDS:
            entry["not_parallel_with"] = []
        if session.pinned and placed:
            entry["pinned"] = {"room": room_key(session.room_id), "start": iso(session.start)}
        entries.append(entry)
    present_kinds = {entry["kind"] for entry in entries}
    for entry in entries:
        if "not_parallel_with" in entry:
            entry["not_parallel_with"] = sorted(
                present_kinds - {entry["kind"], SessionKind.EXHIBITION}
            )
    return {
        "format": scheduling.problem.FORMAT,
        "timezone": str(zone),
        "granularity_minutes": START_STEP_MINUTES,
        "days": [
            {"date": opens.date().isoformat(), "open": f"{opens:%H:%M}", "close": f"{closes:%H:%M}"}
            for opens, closes in days
        ],
        "interpreter_teams": interpreter_teams(event),
        "rooms": [
            {
                "id": room_key(room.pk),
                "capacity": room.capacity,
                "booths": room.interpretation_booths,
                "turnover_minutes": room.turnover_minutes,
                "unavailable": [
                    {"start": iso(start), "end": iso(end)}
                    for start, end in sorted(unavailable[room.pk])
                ],
            }
            for room in rooms
        ],
        "sessions": entries,
        "previous": (
            _previous_placements(event, {entry["id"] for entry in entries}) if previous else []
        ),
    }


def _previous_placements(event, keys):
    """Where the last release put each session: the engine prefers to leave them there."""
    release = event.schedule_releases.order_by("-version").first()
    if release is None:
        return []
    return [
        {"session": item["key"], "room": item["room_key"], "start": item["start"]}
        for item in release.sessions
        if item["key"] in keys and item.get("room_key") and item.get("start")
    ]


def placed_problem(event, sessions, *, previous=True):
    """The engine's problem for ``sessions`` and their places as they stand (in memory: a move
    not yet saved counts), for its checker: the pins are lifted, so that the checker judges
    every session where it is. ``(problem, assignments)``."""
    data = timetable_problem_build(event, sessions=sessions, previous=previous)
    included = {entry["id"] for entry in data["sessions"]}
    for entry in data["sessions"]:
        entry.pop("pinned", None)
    zone = event.timezone
    assignments = [
        {
            "session": session_key(session.pk),
            "room": room_key(session.room_id),
            "start": session.start.astimezone(zone).isoformat(),
        }
        for session in sessions
        if session_key(session.pk) in included and session.start and session.room_id
    ]
    return scheduling.parse_problem(data), assignments


def _violations(event):
    """The engine's own check over the current programme: its raw lines (sessions and rooms by
    key), and how to say them with titles and room names."""
    sessions = _live_sessions(event)
    problem, assignments = placed_problem(event, sessions)
    titles = {session_key(session.pk): session.title for session in sessions}
    names = {room_key(room.pk): room.name for room in _rooms(event)}
    return scheduling.violations(problem, assignments), titles, names


def schedule_conflicts(event):
    """Every hard rule the current programme breaks, one line each (empty when it is sound)."""
    lines, titles, names = _violations(event)
    return [_humanise(line, titles, names) for line in lines]


def session_conflicts(session):
    """The rules the programme breaks that involve this session (a person in two places, more
    sessions interpreted into a language than its booth teams, a room's turnover, ...): what an
    organiser is told on saving it by hand; the release refuses them all."""
    if session.status == SessionStatus.CANCELLED or not (session.start and session.room_id):
        return []
    lines, titles, names = _violations(session.event)
    mark = f"'{session_key(session.pk)}'"
    return [_humanise(line, titles, names) for line in lines if mark in line]


def registration_clashes(event):
    """Delegates confirmed in two live sessions that overlap, e.g. after a session moved.

    Registration refuses such a place when it is taken; moving a session later can still create
    one. Reported beside the conflicts, it does not block a release: the delegates choose.
    """
    rows = (
        SessionRegistration.objects.filter(
            session__event=event, status=RegistrationStatus.CONFIRMED, session__start__isnull=False
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by("delegate_id", "session__start")
        .values_list(
            "delegate_id",
            "delegate__given_name",
            "delegate__family_name",
            "session__title",
            "session__start",
            "session__end",
        )
    )
    clashes = []
    for _delegate, places in groupby(rows, key=lambda row: row[0]):
        latest = None
        for _id, given, family, title, start, end in places:
            if latest is not None and start < latest[1]:
                clashes.append(
                    _("%(name)s is confirmed in “%(first)s” and “%(second)s”, which overlap.")
                    % {
                        "name": f"{given} {family.upper()}".strip(),
                        "first": latest[0],
                        "second": title,
                    }
                )
            if latest is None or end > latest[1]:
                latest = (title, end)
    return clashes


KEY_PATTERN = re.compile(r"'?\b((?:session|room)-\d+)\b'?")


def _humanise(line, titles, names):
    """Engine messages name sessions and rooms by key; organisers read titles and names."""

    def name(match):
        key = match.group(1)
        if key in titles:
            return f"“{titles[key]}”"
        return names.get(key, match.group(0))

    return KEY_PATTERN.sub(name, line)


def programme_by_day_and_room(event, assignments):
    """A proposal's or programme's sessions grouped for the review grid: day -> room -> rows."""
    zone = event.timezone
    titles = dict(Session.objects.filter(event=event).values_list("pk", "title"))
    rooms = {room.pk: room.name for room in Room.objects.filter(venue__event=event)}
    grid = {}
    for item in sorted(assignments, key=lambda item: item["start"]):
        start = datetime.fromisoformat(item["start"]).astimezone(zone)
        room = rooms.get(key_id(item["room"]), item["room"])
        grid.setdefault(start.date(), {}).setdefault(room, []).append(
            {
                "title": titles.get(key_id(item["session"]), item["session"]),
                "start": start,
                "end": datetime.fromisoformat(item["end"]).astimezone(zone),
            }
        )
    return {day: dict(sorted(rooms_.items())) for day, rooms_ in sorted(grid.items())}


def unplaced_described(proposal):
    """The sessions a proposal leaves out, by title, each with the rules that block it."""
    titles = dict(Session.objects.filter(event=proposal.event).values_list("pk", "title"))
    return [
        {"title": titles.get(key_id(item["session"]), item["session"]), "reasons": item["reasons"]}
        for item in proposal.unplaced
    ]
