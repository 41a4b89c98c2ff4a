"""A timetable under construction that answers "may this session go here?" quickly.

The greedy first pass, the final fill-in pass and the diagnosis of unplaced sessions all ask the
same question against the sessions already placed: is the room free (with its turnover), is every
person free, is no not-parallel session running, is an interpreter team free. Rooms and persons
keep sorted, non-overlapping spans so that the answer is a binary search.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from .problem import Problem, Session, TeamPool
from .solution import Assignment


class _Spans:
    """Non-overlapping ``[start, end)`` spans kept in start order, each with a session id."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.owners: list[str] = []

    def is_free(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)
        return index == 0 or self.ends[index - 1] <= start

    def occupants(self, start: int, end: int) -> list[str]:
        index = bisect.bisect_left(self.starts, end)
        found = []
        while index > 0 and self.ends[index - 1] > start:
            index -= 1
            found.append(self.owners[index])
        return found

    def add(self, start: int, end: int, owner: str) -> None:
        index = bisect.bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        self.owners.insert(index, owner)

    def remove(self, start: int, owner: str) -> None:
        index = bisect.bisect_left(self.starts, start)
        while self.owners[index] != owner:
            index += 1
        del self.starts[index], self.ends[index], self.owners[index]


class Timetable:
    """Placed sessions with indexes by room, person, interpreter need and session."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.placed: dict[str, Assignment] = {}
        self._rooms: dict[str, _Spans] = defaultdict(_Spans)
        self._people: dict[str, _Spans] = defaultdict(_Spans)
        self._interpreted: dict[str, tuple[int, int]] = {}
        self._journal: list[tuple[bool, Assignment]] = []

    def _span(self, session: Session, start: int) -> tuple[int, int]:
        return start, start + session.duration_minutes

    def can_place(self, session: Session, room_id: str, start: int) -> bool:
        return self.room_is_free(session, room_id, start) and self.can_start(session, start)

    def room_is_free(self, session: Session, room_id: str, start: int) -> bool:
        """The room, with its turnover after this session and after the others, is free."""
        start, end = self._span(session, start)
        turnover = self.problem.room_by_id[room_id].turnover_minutes
        return self._rooms[room_id].is_free(start, end + turnover)

    def can_start(self, session: Session, start: int) -> bool:
        """Persons, not-parallel sessions and booth teams allow this start (any room)."""
        start, end = self._span(session, start)
        if not all(self._people[person].is_free(start, end) for person in session.people):
            return False
        for other_id in self.problem.not_parallel[session.id]:
            other = self.placed.get(other_id)
            if other is not None and self._overlaps(other, start, end):
                return False
        return not self._busy_pools(session, start, end)

    def blockers(self, session: Session, room_id: str, start: int) -> list[tuple[str, str, str]]:
        """Each rule that stops the session going here, as (rule, subject, session in the way).

        The rule is ``room`` (subject: the room), ``person`` (the person), ``not_parallel_with``
        (the session it must not overlap) or ``interpreter_teams`` (the languages whose teams
        are all busy, e.g. ``Arabic and Chinese``).
        """
        start, end = self._span(session, start)
        turnover = self.problem.room_by_id[room_id].turnover_minutes
        found = [
            ("room", room_id, owner)
            for owner in self._rooms[room_id].occupants(start, end + turnover)
        ]
        for person in session.people:
            for owner in self._people[person].occupants(start, end):
                found.append(("person", person, owner))
        for other_id in sorted(self.problem.not_parallel[session.id]):
            other = self.placed.get(other_id)
            if other is not None and self._overlaps(other, start, end):
                found.append(("not_parallel_with", other_id, other_id))
        for pool in self._busy_pools(session, start, end):
            for other_id, (other_start, other_end) in self._interpreted.items():
                if other_id in pool.sessions and other_start < end and start < other_end:
                    found.append(("interpreter_teams", pool.named, other_id))
        return found

    def mark(self) -> int:
        """A point to :meth:`roll_back` to: every later place and remove is undone there."""
        return len(self._journal)

    def roll_back(self, mark: int) -> None:
        while len(self._journal) > mark:
            placed, assignment = self._journal.pop()
            if placed:
                self.remove(assignment.session)
            else:
                self.place(assignment)
            self._journal.pop()

    def place(self, assignment: Assignment) -> None:
        self._journal.append((True, assignment))
        session = self.problem.session_by_id[assignment.session]
        start, end = self._span(session, assignment.start)
        turnover = self.problem.room_by_id[assignment.room].turnover_minutes
        self._rooms[assignment.room].add(start, end + turnover, session.id)
        for person in session.people:
            self._people[person].add(start, end, session.id)
        if self.problem.pools_of[session.id]:
            self._interpreted[session.id] = (start, end)
        self.placed[session.id] = assignment

    def remove(self, session_id: str) -> None:
        assignment = self.placed.pop(session_id)
        self._journal.append((False, assignment))
        session = self.problem.session_by_id[session_id]
        self._rooms[assignment.room].remove(assignment.start, session_id)
        for person in session.people:
            self._people[person].remove(assignment.start, session_id)
        self._interpreted.pop(session_id, None)

    def _overlaps(self, other: Assignment, start: int, end: int) -> bool:
        other_end = other.start + self.problem.session_by_id[other.session].duration_minutes
        return other.start < end and start < other_end

    def _busy_pools(self, session: Session, start: int, end: int) -> list[TeamPool]:
        """The session's team pools whose every team is taken at some moment of its span."""
        pools = self.problem.pools_of[session.id]
        if not pools:
            return []
        overlapping = [
            (other_id, max(other_start, start), min(other_end, end))
            for other_id, (other_start, other_end) in self._interpreted.items()
            if other_start < end and start < other_end
        ]
        busy = []
        for pool in pools:
            if pool.teams == 0:
                busy.append(pool)
                continue
            events = []
            for other_id, other_start, other_end in overlapping:
                if other_id in pool.sessions:
                    events.append((other_start, 1))
                    events.append((other_end, -1))
            running = 0
            for _, change in sorted(events):
                running += change
                if running >= pool.teams:
                    busy.append(pool)
                    break
        return busy
