"""Small problems built in a line or two: one day in Hanoi, 09:00-12:00, 15-minute grid."""

from __future__ import annotations

import copy
from datetime import datetime

from sessions.scheduling import Assignment, Problem, parse_problem, solve, violations
from sessions.scheduling.problem import FORMAT

DAY = "2025-10-25"


def at(clock: str, day: str = DAY) -> str:
    """An instant in Hanoi time, e.g. ``at("09:30")``."""
    return f"{day}T{clock}:00+07:00"


def room(room_id: str, capacity: int = 100, booths: int = 0, **extra) -> dict:
    return {"id": room_id, "capacity": capacity, "booths": booths, **extra}


def session(session_id: str, minutes: int = 60, attendance: int = 50, **extra) -> dict:
    return {
        "id": session_id,
        "kind": extra.pop("kind", "workshop"),
        "duration_minutes": minutes,
        "attendance": attendance,
        "languages": extra.pop("languages", 1),
        **extra,
    }


def problem_data(rooms: list[dict], sessions: list[dict], **extra) -> dict:
    return copy.deepcopy(
        {
            "format": FORMAT,
            "timezone": "Asia/Ho_Chi_Minh",
            "granularity_minutes": 15,
            "days": [{"date": DAY, "open": "09:00", "close": "12:00"}],
            "rooms": rooms,
            "sessions": sessions,
            **extra,
        }
    )


def build(rooms: list[dict], sessions: list[dict], **extra) -> Problem:
    return parse_problem(problem_data(rooms, sessions, **extra))


def minute(problem: Problem, clock: str) -> int:
    """The problem's minute for a Hanoi time of day."""
    return problem.minute(datetime.fromisoformat(at(clock)))


def placed(problem: Problem, session_id: str, room_id: str, clock: str) -> Assignment:
    """An assignment written as the organisers would: room and local start time."""
    return Assignment(session_id, room_id, minute(problem, clock))


def solved(problem: Problem, time_limit: float = 5.0):
    """Solve and insist, as every test should, that the answer keeps every hard rule."""
    solution = solve(problem, time_limit=time_limit)
    assert violations(problem, solution.assignments) == []
    return solution


def clock_of(problem: Problem, solution, session_id: str) -> str:
    assignment = next(item for item in solution.assignments if item.session == session_id)
    return problem.instant(assignment.start).strftime("%H:%M")


def room_of(solution, session_id: str) -> str:
    return next(item.room for item in solution.assignments if item.session == session_id)
