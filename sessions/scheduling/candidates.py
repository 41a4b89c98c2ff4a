"""Where each session could go if it were alone: the static filter before any search.

A session's places are the (room, start) pairs that keep every rule about the session itself —
room list, capacity, booths, a booth team in each of its languages, start grid, opening hours,
time window, room unavailability and its pin. What is left for the search are the rules between
sessions. Filtering first keeps the model small, and when nothing is left the same rules explain
why.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problem import Interval, Problem, Room, Session, languages_named


@dataclass(frozen=True)
class Places:
    """The rooms a session may use, each with the starts allowed there (ascending)."""

    session: Session
    starts_by_room: dict[str, tuple[int, ...]]

    @property
    def count(self) -> int:
        return sum(len(starts) for starts in self.starts_by_room.values())

    def __iter__(self):
        for room_id, starts in self.starts_by_room.items():
            for start in starts:
                yield room_id, start


def session_places(problem: Problem) -> dict[str, Places]:
    """Static places of every session; pinned sessions get exactly their pin."""
    window_cache: dict[tuple[int, int | None, int | None], tuple[int, ...]] = {}
    result = {}
    for session in problem.sessions:
        if session.pinned is not None:
            pin = session.pinned
            result[session.id] = Places(session, {pin.room: (pin.start,)})
            continue
        key = (session.duration_minutes, session.earliest, session.latest)
        if key not in window_cache:
            window_cache[key] = _starts_in_window(problem, session)
        starts = window_cache[key]
        by_room = {}
        if starts and not _lacks_interpreters(problem, session):
            for room in suitable_rooms(problem, session):
                open_starts = _open_starts(room, starts, session.duration_minutes)
                if open_starts:
                    by_room[room.id] = open_starts
        result[session.id] = Places(session, by_room)
    return result


def suitable_rooms(problem: Problem, session: Session) -> list[Room]:
    """Rooms on the session's list that seat its attendance and have the booths it needs."""
    return [
        room
        for room in _allowed_rooms(problem, session)
        if room.capacity >= session.attendance
        and (session.languages <= 1 or room.booths >= session.languages)
    ]


def static_reasons(problem: Problem, session: Session) -> list[str]:
    """Why a session has no place at all, naming the rules that empty its list."""
    allowed = _allowed_rooms(problem, session)
    among = f" among its rooms ({', '.join(session.rooms)})" if session.rooms is not None else ""
    reasons = []
    seated = [room for room in allowed if room.capacity >= session.attendance]
    if not allowed:
        reasons.append("the problem has no rooms")
    elif not seated:
        reasons.append(f"no room with capacity >= {session.attendance}{among}")
    if allowed and session.languages > 1:
        if not any(room.booths >= session.languages for room in allowed):
            reasons.append(f"no room with {session.languages} booths{among}")
        elif seated and not suitable_rooms(problem, session):
            reasons.append(
                f"no room with capacity >= {session.attendance} and"
                f" {session.languages} booths{among}"
            )
    without = problem.languages_without_teams(session)
    if without:
        reasons.append(f"no {languages_named(without)} interpreter team in interpreter_teams")
    if not _starts_in_window(problem, session):
        grid = "of the start_times" if problem.start_times is not None else "start"
        if _starts_in_window(problem, session, ignore_window=True):
            bounds = []
            if session.earliest is not None:
                bounds.append(f"from {problem.label(session.earliest)}")
            if session.latest is not None:
                bounds.append(f"to {problem.label(session.latest)}")
            reasons.append(
                f"outside its time window: no {grid} lets its {session.duration_minutes}"
                f" minutes fit {' '.join(bounds)}"
            )
        else:
            reasons.append(
                f"no {grid} lets its {session.duration_minutes} minutes fit within a day's"
                " opening hours"
            )
    if not reasons:
        reasons.append("every room that fits is unavailable at every allowed start")
    return reasons


def _allowed_rooms(problem: Problem, session: Session) -> list[Room]:
    if session.rooms is None:
        return list(problem.rooms)
    return [problem.room_by_id[room_id] for room_id in session.rooms]


def _lacks_interpreters(problem: Problem, session: Session) -> bool:
    return bool(problem.languages_without_teams(session))


def _starts_in_window(
    problem: Problem, session: Session, ignore_window: bool = False
) -> tuple[int, ...]:
    duration = session.duration_minutes
    if problem.start_times is not None:
        starts = [start for start in problem.start_times if problem.day_of(start, start + duration)]
    else:
        starts = [
            start
            for day in problem.days
            for start in range(day.open, day.close - duration + 1, problem.granularity_minutes)
        ]
    if ignore_window:
        return tuple(starts)
    return tuple(
        start
        for start in starts
        if (session.earliest is None or start >= session.earliest)
        and (session.latest is None or start + duration <= session.latest)
    )


def _open_starts(room: Room, starts: tuple[int, ...], duration: int) -> tuple[int, ...]:
    if not room.unavailable:
        return starts
    return tuple(
        start
        for start in starts
        if not any(
            closed.overlaps(Interval(start, start + duration)) for closed in room.unavailable
        )
    )
