"""What the engine answers: assignments, unplaced sessions with reasons, and the JSON form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .problem import FORMAT, Problem, ProblemError, expect_instant, expect_object, expect_string

COMPLETE = "complete"
PARTIAL = "partial"
INFEASIBLE = "infeasible"

# Why the engine stopped (``Solution.stopped``).
OPTIMAL = "optimal"  # CP-SAT proved no timetable scores better
PLATEAU = "plateau"  # the objective stopped improving (see ``solver.plateau_seconds``)
TIME_LIMIT = "time_limit"  # the ceiling ended the search
CANCELLED = "cancelled"  # ``should_stop`` asked for it
PINNED_CONFLICT = "pinned_conflict"  # pinned sessions break a rule: nothing was searched

STAGES = ("checking", "greedy", "completing", "optimising", "done")


@dataclass(frozen=True)
class Assignment:
    """A session held in a room from ``start`` (minutes, as in :class:`Problem`)."""

    session: str
    room: str
    start: int


@dataclass(frozen=True)
class Unplaced:
    session: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """Where the engine is, handed to ``solve(on_progress=...)`` at each stage and improvement.

    ``stage`` is one of :data:`STAGES`; ``objective`` is the best timetable's points so far and
    ``bound`` CP-SAT's best proven lower bound of them (``None`` until known).
    """

    stage: str
    placed: int
    total: int
    objective: int | None
    bound: int | None
    elapsed: float

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: int | None, bound: int | None) -> float | None:
    """How far the objective may still be from the optimum, relative to the objective."""
    if objective is None or bound is None:
        return None
    return max(0, objective - bound) / max(1, abs(objective))


@dataclass(frozen=True)
class Solution:
    """The timetable, and how the search that found it ended.

    ``objective`` is the timetable's points (``costs.py``, lower is better), ``bound`` the best
    lower bound CP-SAT proved for them (``None`` when it did not search), ``stopped`` why the
    engine returned (``OPTIMAL``, ``PLATEAU``, ``TIME_LIMIT``, ``CANCELLED``, ``PINNED_CONFLICT``).
    """

    status: str
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...]
    seconds: float
    objective: int | None = None
    bound: int | None = None
    stopped: str | None = None

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)

    def to_json(self, problem: Problem) -> dict[str, Any]:
        """The solution in the format's JSON shape, times in the problem's time zone."""
        durations = {session.id: session.duration_minutes for session in problem.sessions}
        return {
            "format": FORMAT,
            "status": self.status,
            "assignments": [
                {
                    "session": assignment.session,
                    "room": assignment.room,
                    "start": problem.isoformat(assignment.start),
                    "end": problem.isoformat(assignment.start + durations[assignment.session]),
                }
                for assignment in sorted(
                    self.assignments, key=lambda item: (item.start, item.room, item.session)
                )
            ],
            "unplaced": [
                {"session": item.session, "reasons": list(item.reasons)} for item in self.unplaced
            ],
            "stats": {
                "seconds": round(self.seconds, 3),
                "sessions": len(problem.sessions),
                "placed": len(self.assignments),
                "objective": self.objective,
                "bound": self.bound,
                "gap": None if self.gap is None else round(self.gap, 6),
                "stopped": self.stopped,
            },
        }


def parse_assignments(problem: Problem, data: Any) -> list[Assignment]:
    """Read assignments in the solution format (``end``, if given, must match the duration).

    Lets a caller check a hand-edited programme with :func:`check.violations`.
    """
    if not isinstance(data, list):
        raise ProblemError("assignments", "must be a list")
    assignments = []
    for index, item in enumerate(data):
        field = f"assignments[{index}]"
        entry = expect_object(item, field, required={"session", "room", "start"}, optional={"end"})
        session_id = expect_string(entry["session"], f"{field}.session")
        session = problem.session_by_id.get(session_id)
        if session is None:
            raise ProblemError(f"{field}.session", f"unknown session {session_id!r}")
        room_id = expect_string(entry["room"], f"{field}.room")
        if room_id not in problem.room_by_id:
            raise ProblemError(f"{field}.room", f"unknown room {room_id!r}")
        start = problem.minute(expect_instant(entry["start"], f"{field}.start"))
        if entry.get("end") is not None:
            end = problem.minute(expect_instant(entry["end"], f"{field}.end"))
            if end != start + session.duration_minutes:
                raise ProblemError(
                    f"{field}.end",
                    f"must be start + {session.duration_minutes} minutes (the session's duration)",
                )
        assignments.append(Assignment(session_id, room_id, start))
    return assignments


def as_assignments(
    problem: Problem, assignments: Iterable[Assignment | Mapping[str, Any]]
) -> list[Assignment]:
    """Accept :class:`Assignment` objects or solution-format mappings alike."""
    items = list(assignments)
    if all(isinstance(item, Assignment) for item in items):
        return items
    return parse_assignments(
        problem,
        [
            item
            if isinstance(item, Mapping)
            else {
                "session": item.session,
                "room": item.room,
                "start": problem.isoformat(item.start),
            }
            for item in items
        ],
    )
