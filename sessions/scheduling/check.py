"""An independent check of every hard rule for a set of assignments.

The solver's answers are verified with it (a bug must not reach the organisers as a clash), and the
Django app reuses it to report conflicts in a hand-edited programme. It shares no code with the
solver's model on purpose: it re-reads the rules from the problem.

A pinned session is exempt from the start-time grid (organisers may pin it anywhere) but keeps
every other rule; turnover is the time a room must stay free after each session held in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .problem import Interval, Problem, Room, Session, languages_named
from .solution import Assignment, as_assignments


def violations(
    problem: Problem, assignments: Iterable[Assignment | Mapping[str, Any]]
) -> list[str]:
    """Every broken hard rule, one human-readable line each; empty when the programme is valid.

    ``assignments`` are :class:`Assignment` objects or mappings in the solution format
    (``{"session": ..., "room": ..., "start": "2025-10-25T09:00:00+07:00"}``).
    """
    messages: list[str] = []
    held: list[tuple[Assignment, Session, Room]] = []
    seen: set[str] = set()
    for assignment in as_assignments(problem, assignments):
        session = problem.session_by_id.get(assignment.session)
        room = problem.room_by_id.get(assignment.room)
        if session is None:
            messages.append(f"unknown session {assignment.session!r}")
            continue
        if room is None:
            messages.append(f"'{session.id}' is placed in unknown room {assignment.room!r}")
            continue
        if session.id in seen:
            messages.append(f"'{session.id}' is placed more than once")
            continue
        seen.add(session.id)
        messages.extend(placement_faults(problem, session, room, assignment.start))
        held.append((assignment, session, room))
    messages.extend(_room_clashes(problem, held))
    messages.extend(_person_clashes(problem, held))
    messages.extend(_not_parallel_clashes(problem, held))
    messages.extend(_interpreter_overload(problem, held))
    return messages


def placement_faults(problem: Problem, session: Session, room: Room, start: int) -> list[str]:
    """The rules one session breaks in a room at a start, whatever else is placed."""
    faults = []
    end = start + session.duration_minutes
    when = f"{problem.label(start)}–{problem.label(end)[-5:]}"
    name = f"'{session.id}'"
    if session.pinned and (session.pinned.room, session.pinned.start) != (room.id, start):
        faults.append(
            f"{name} is pinned to '{session.pinned.room}' at {problem.label(session.pinned.start)}"
            f" but placed in '{room.id}' at {problem.label(start)}"
        )
    if session.rooms is not None and room.id not in session.rooms:
        faults.append(f"{name} may only use rooms {', '.join(session.rooms)}, not '{room.id}'")
    if session.attendance > room.capacity:
        faults.append(
            f"{name} expects {session.attendance} people but '{room.id}' seats {room.capacity}"
        )
    if session.languages > 1 and room.booths < session.languages:
        faults.append(
            f"{name} needs {session.languages} interpretation booths but '{room.id}'"
            f" has {room.booths}"
        )
    day = problem.day_of(start, end)
    if day is None:
        faults.append(f"{name} ({when}) is outside every day's opening hours")
    elif session.pinned is None:
        if problem.start_times is not None:
            if start not in problem.start_time_set:
                faults.append(
                    f"{name} starts at {problem.label(start)}, not one of the start_times"
                )
        elif (start - day.open) % problem.granularity_minutes:
            faults.append(
                f"{name} starts at {problem.label(start)}, not on the"
                f" {problem.granularity_minutes}-minute grid from the day's opening"
            )
    if session.earliest is not None and start < session.earliest:
        faults.append(f"{name} starts before its earliest {problem.label(session.earliest)}")
    if session.latest is not None and end > session.latest:
        faults.append(f"{name} ends after its latest {problem.label(session.latest)}")
    for closed in room.unavailable:
        if closed.overlaps(Interval(start, end)):
            faults.append(
                f"'{room.id}' is unavailable {problem.label(closed.start)}–"
                f"{problem.label(closed.end)[-5:]} but {name} is held there {when}"
            )
    return faults


def overlapping_pairs(spans: Sequence[tuple[int, int, Any]]) -> Iterator[tuple[Any, Any]]:
    """Pairs of items whose ``[start, end)`` spans overlap, by a sweep in start order."""
    active: list[tuple[int, Any]] = []
    for start, end, item in sorted(spans, key=lambda span: span[0]):
        active = [(other_end, other) for other_end, other in active if other_end > start]
        for _, other in active:
            yield other, item
        active.append((end, item))


def _span(problem: Problem, assignment: Assignment, session: Session) -> str:
    end = assignment.start + session.duration_minutes
    return f"'{session.id}' ({problem.label(assignment.start)}–{problem.label(end)[-5:]})"


def _room_clashes(problem: Problem, held: list[tuple[Assignment, Session, Room]]) -> list[str]:
    by_room: dict[str, list] = defaultdict(list)
    for assignment, session, room in held:
        end = assignment.start + session.duration_minutes + room.turnover_minutes
        by_room[room.id].append((assignment.start, end, (assignment, session)))
    messages = []
    for room_id, spans in by_room.items():
        turnover = problem.room_by_id[room_id].turnover_minutes
        for (first, first_session), (second, second_session) in overlapping_pairs(spans):
            note = f", counting {turnover} minutes' turnover" if turnover else ""
            messages.append(
                f"room '{room_id}': {_span(problem, first, first_session)} and"
                f" {_span(problem, second, second_session)} overlap{note}"
            )
    return messages


def _person_clashes(problem: Problem, held: list[tuple[Assignment, Session, Room]]) -> list[str]:
    by_person: dict[str, list] = defaultdict(list)
    for assignment, session, _ in held:
        for person in session.people:
            end = assignment.start + session.duration_minutes
            by_person[person].append((assignment.start, end, (assignment, session)))
    messages = []
    for person, spans in by_person.items():
        for (first, first_session), (second, second_session) in overlapping_pairs(spans):
            messages.append(
                f"person '{person}' is in both {_span(problem, first, first_session)} and"
                f" {_span(problem, second, second_session)}"
            )
    return messages


def _not_parallel_clashes(
    problem: Problem, held: list[tuple[Assignment, Session, Room]]
) -> list[str]:
    placed = {session.id: (assignment, session) for assignment, session, _ in held}
    messages = []
    for session_id, (assignment, session) in placed.items():
        span = Interval(assignment.start, assignment.start + session.duration_minutes)
        for other_id in sorted(problem.not_parallel[session_id]):
            if other_id <= session_id or other_id not in placed:
                continue
            other_assignment, other = placed[other_id]
            other_span = Interval(
                other_assignment.start, other_assignment.start + other.duration_minutes
            )
            if span.overlaps(other_span):
                messages.append(
                    f"{_span(problem, assignment, session)} and"
                    f" {_span(problem, other_assignment, other)} run in parallel"
                    " against not_parallel_with"
                )
    return messages


def _interpreter_overload(
    problem: Problem, held: list[tuple[Assignment, Session, Room]]
) -> list[str]:
    """More sessions interpreted into a language at some moment than its booth teams.

    Languages overloaded by the same sessions at the same moment with as many teams are told in
    one line (a UN meeting's six languages run out together).
    """
    if problem.interpreter_teams is None:
        return []
    by_language: dict[str, list[tuple[Assignment, Session]]] = defaultdict(list)
    for assignment, session, _ in held:
        for code in session.interpreted_into:
            by_language[code].append((assignment, session))
    overloads: dict[tuple[int, frozenset[str], int], list[str]] = defaultdict(list)
    for code, placed in by_language.items():
        teams = problem.teams_in(code)
        events = []
        for assignment, session in placed:
            events.append((assignment.start, 1, session.id))
            events.append((assignment.start + session.duration_minutes, -1, session.id))
        events.sort(key=lambda event: (event[0], event[1]))
        running: set[str] = set()
        reported: set[frozenset[str]] = set()
        for minute, change, session_id in events:
            if change < 0:
                running.discard(session_id)
                continue
            running.add(session_id)
            if len(running) > teams and frozenset(running) not in reported:
                reported.add(frozenset(running))
                overloads[minute, frozenset(running), teams].append(code)
    messages = []
    for (minute, running_ids, teams), codes in sorted(
        overloads.items(), key=lambda item: (item[0][0], sorted(item[0][1]))
    ):
        names = ", ".join(f"'{name}'" for name in sorted(running_ids))
        languages = languages_named(codes)
        where = f"in {languages}" if len(codes) == 1 else "in each"
        if teams == 0:
            available = "there is no interpreter team"
        elif teams == 1:
            available = "there is only 1 interpreter team"
        else:
            available = f"there are only {teams} interpreter teams"
        messages.append(
            f"{len(running_ids)} sessions interpreted into {languages} run at"
            f" {problem.label(minute)} ({names}) but {available} {where}"
        )
    return messages
