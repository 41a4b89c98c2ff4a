"""A fast first timetable: hardest sessions first, each at its cheapest free place, then repair.

It keeps every hard rule by construction (the :class:`Timetable` is asked before each placement),
often places everything, and hands CP-SAT a complete or nearly complete starting point.
"""

from __future__ import annotations

import time

from .candidates import Places
from .costs import CROWDING_POINTS, SoftCosts
from .problem import Problem, Session
from .solution import Assignment
from .timetable import Timetable


def place_greedily(
    problem: Problem, places: dict[str, Places], costs: SoftCosts, deadline: float
) -> list[Assignment]:
    """Pinned sessions, then ``previous`` places still free, then the rest by difficulty.

    Sessions left over are then fitted in by moving others (until ``deadline``, a
    ``time.perf_counter()`` value).
    """
    timetable = Timetable(problem)
    for session in problem.sessions:
        if session.pinned is not None:
            timetable.place(Assignment(session.id, session.pinned.room, session.pinned.start))
    for session_id, before in problem.previous:
        session = problem.session_by_id[session_id]
        starts = places[session_id].starts_by_room.get(before.room, ())
        if (
            session_id not in timetable.placed
            and before.start in starts
            and timetable.can_place(session, before.room, before.start)
        ):
            timetable.place(Assignment(session_id, before.room, before.start))
    fill_free_places(problem, places, costs, timetable)
    displace_to_fit(problem, places, costs, timetable, deadline)
    return list(timetable.placed.values())


def fill_free_places(
    problem: Problem, places: dict[str, Places], costs: SoftCosts, timetable: Timetable
) -> None:
    """Place each waiting session, fewest places and largest first, where it costs least."""
    waiting = [
        session
        for session in problem.sessions
        if session.id not in timetable.placed and places[session.id].count
    ]
    waiting.sort(key=lambda s: (places[s.id].count, -s.attendance, -len(s.people), s.id))
    for session in waiting:
        choice = cheapest_free_place(places[session.id], costs, timetable)
        if choice is not None:
            timetable.place(choice)


def displace_to_fit(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    timetable: Timetable,
    deadline: float,
    *,
    depth: int = 3,
    breadth: int = 8,
    most_displaced: int = 2,
) -> None:
    """Place waiting sessions by moving the few sessions in their way elsewhere.

    For a waiting session, try its places blocked by at most ``most_displaced`` unpinned sessions
    (fewest first, then those whose blockers have the most places of their own): take the
    blockers out, put the session in, and place each blocker again the same way, ``depth`` levels
    deep. A failed attempt is rolled back whole, chains below it included, so the timetable keeps
    every rule. A nearly full timetable leaves few free places, and such a chain often finds one.
    """

    def insert(session_id: str, levels: int, moving: frozenset[str]) -> bool:
        choice = cheapest_free_place(places[session_id], costs, timetable)
        if choice is not None:
            timetable.place(choice)
            return True
        if levels == 0 or time.perf_counter() > deadline:
            return False
        for room_id, start, blockers in displacements(session_id, moving)[:breadth]:
            mark = timetable.mark()
            for blocker in blockers:
                timetable.remove(blocker)
            timetable.place(Assignment(session_id, room_id, start))
            if all(insert(blocker, levels - 1, moving | set(blockers)) for blocker in blockers):
                return True
            timetable.roll_back(mark)
        return False

    def displacements(session_id: str, moving: frozenset[str]):
        session = problem.session_by_id[session_id]
        options = []
        for room_id, start in places[session_id]:
            blockers = {owner for _, _, owner in timetable.blockers(session, room_id, start)}
            if (
                len(blockers) <= most_displaced
                and not blockers & moving
                and all(problem.session_by_id[owner].pinned is None for owner in blockers)
            ):
                flexibility = sum(places[owner].count for owner in blockers)
                options.append((len(blockers), -flexibility, start, room_id, sorted(blockers)))
        options.sort()
        return [(room_id, start, blockers) for _, _, start, room_id, blockers in options]

    for session in problem.sessions:
        if session.id not in timetable.placed and places[session.id].count:
            insert(session.id, depth, frozenset({session.id}))


def cheapest_free_place(
    places: Places, costs: SoftCosts, timetable: Timetable
) -> Assignment | None:
    """The free place with the fewest soft points; ties go to the earliest start."""
    session = places.session
    best: tuple[int, int, str] | None = None
    start_points: dict[int, int | None] = {}
    for room_id, starts in places.starts_by_room.items():
        waste = costs.waste[session.id, room_id]
        if best is not None and waste > best[0]:
            continue
        for start in starts:
            if start not in start_points:
                start_points[start] = _start_points(session, start, costs, timetable)
            points = start_points[start]
            if points is None:
                continue
            total = waste + points + costs.moved_points(session.id, room_id, start)
            if best is not None and (total, start, room_id) >= best:
                continue
            if timetable.room_is_free(session, room_id, start):
                best = (total, start, room_id)
    return None if best is None else Assignment(session.id, best[2], best[1])


def _start_points(
    session: Session, start: int, costs: SoftCosts, timetable: Timetable
) -> int | None:
    """Crowding points of a start, or None when a person, a pair or the interpreters forbid it."""
    if not timetable.can_start(session, start):
        return None
    end = start + session.duration_minutes
    points = 0
    for partner_id in costs.partners.get(session.id, ()):
        partner = timetable.placed.get(partner_id)
        if partner is not None and costs.crowded(start, end, partner):
            points += CROWDING_POINTS
    return points
