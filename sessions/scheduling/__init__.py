"""The timetabling engine: rooms and times for a conference's sessions, with no database.

``parse_problem`` reads a problem in the ``treaty-event-timetable/1`` JSON format, ``solve``
places its sessions with OR-Tools CP-SAT, ``violations`` checks any set of assignments against
every hard rule. See README.md beside this file for the format's additions and the model.

OR-Tools (and, through it, pandas) loads with the solver, on the first use of ``solve``: reading
a problem and checking assignments do not need it, and every process that does not solve
would pay a third of a second for it.
"""

from .check import violations
from .problem import Problem, ProblemError, parse_problem
from .solution import Assignment, Progress, Solution, Unplaced, parse_assignments


def __getattr__(name):
    if name == "solve":
        from .solver import solve

        return solve
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Assignment",
    "Problem",
    "ProblemError",
    "Progress",
    "Solution",
    "Unplaced",
    "parse_assignments",
    "parse_problem",
    "solve",
    "violations",
]
