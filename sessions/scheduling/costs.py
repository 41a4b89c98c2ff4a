"""The soft goals, in points, shared by the greedy pass, the CP-SAT models and the final choice.

- Wasted seats: one point per ``SEATS_PER_POINT`` empty seats, so large sessions get large rooms
  and small ones leave them free.
- Crowding: ``CROWDING_POINTS`` for each pair of sessions sharing a person that are less than
  ``SPREAD_MINUTES`` apart, so a delegation's own sessions are spread out.
- Changes from ``previous``: ``MOVED_START_POINTS`` when a session's start changes and
  ``MOVED_ROOM_POINTS`` when its room does (an unplaced session counts as both).

Placing a session is worth more than any trade of soft points (see ``placement_base``), so the
number of placed sessions always comes first; among equal numbers, larger sessions are preferred.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from .candidates import Places
from .problem import Problem, Session
from .solution import Assignment

SEATS_PER_POINT = 10
SPREAD_MINUTES = 60
CROWDING_POINTS = 30
MOVED_START_POINTS = 100
MOVED_ROOM_POINTS = 50


class SoftCosts:
    def __init__(self, problem: Problem, places: dict[str, Places]) -> None:
        self.problem = problem
        self.waste = {
            (session.id, room_id): (problem.room_by_id[room_id].capacity - session.attendance)
            // SEATS_PER_POINT
            for session in problem.sessions
            for room_id in places[session.id].starts_by_room
        }
        self.sharing_pairs = _sessions_sharing_people(problem)
        self.partners: dict[str, set[str]] = defaultdict(set)
        for first, second in self.sharing_pairs:
            self.partners[first].add(second)
            self.partners[second].add(first)
        worst_waste = sum(
            max((self.waste[s.id, room_id] for room_id in places[s.id].starts_by_room), default=0)
            for s in problem.sessions
        )
        soft_ceiling = (
            worst_waste
            + CROWDING_POINTS * len(self.sharing_pairs)
            + (MOVED_START_POINTS + MOVED_ROOM_POINTS) * len(problem.previous)
        )
        total_attendance = sum(session.attendance for session in problem.sessions)
        # Larger than any trade of soft points and attendance: the count placed comes first.
        self.placement_base = soft_ceiling + total_attendance + 1

    def unplaced_points(self, session: Session) -> int:
        return self.placement_base + session.attendance

    def moved_points(self, session_id: str, room_id: str | None, start: int | None) -> int:
        before = self.problem.previous_by_session.get(session_id)
        if before is None:
            return 0
        return MOVED_START_POINTS * (before.start != start) + MOVED_ROOM_POINTS * (
            before.room != room_id
        )

    def crowded(self, start: int, end: int, other: Assignment) -> bool:
        """Whether ``[start, end)`` comes less than SPREAD_MINUTES from ``other``."""
        other_end = other.start + self.problem.session_by_id[other.session].duration_minutes
        return start < other_end + SPREAD_MINUTES and other.start < end + SPREAD_MINUTES

    def pair_crowded(self, first: Assignment, second: Assignment) -> bool:
        first_end = first.start + self.problem.session_by_id[first.session].duration_minutes
        return self.crowded(first.start, first_end, second)

    def total(self, assignments: Iterable[Assignment]) -> int:
        """The objective of a whole timetable, as the CP-SAT models count it."""
        placed = {assignment.session: assignment for assignment in assignments}
        points = 0
        for session in self.problem.sessions:
            assignment = placed.get(session.id)
            if assignment is None:
                points += self.unplaced_points(session) + self.moved_points(session.id, None, None)
            else:
                points += self.waste[session.id, assignment.room]
                points += self.moved_points(session.id, assignment.room, assignment.start)
        for first, second in self.sharing_pairs:
            if first in placed and second in placed:
                points += CROWDING_POINTS * self.pair_crowded(placed[first], placed[second])
        return points


def _sessions_sharing_people(problem: Problem) -> list[tuple[str, str]]:
    by_person: dict[str, list[str]] = defaultdict(list)
    for session in problem.sessions:
        for person in session.people:
            by_person[person].append(session.id)
    pairs: set[tuple[str, str]] = set()
    for session_ids in by_person.values():
        pairs.update(combinations(sorted(session_ids), 2))
    return sorted(pairs)
