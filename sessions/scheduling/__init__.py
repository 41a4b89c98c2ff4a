"""The timetabling engine: rooms and times for a conference's sessions, with no database.

``parse_problem`` reads a problem in the ``treaty-event-timetable/1`` JSON format, ``solve``
places its sessions with OR-Tools CP-SAT, ``violations`` checks any set of assignments against
every hard rule. See README.md beside this file for the format's additions and the model.
"""

from .check import violations
from .problem import Problem, ProblemError, parse_problem
from .solution import Assignment, Solution, Unplaced, parse_assignments
from .solver import solve

__all__ = [
    "Assignment",
    "Problem",
    "ProblemError",
    "Solution",
    "Unplaced",
    "parse_assignments",
    "parse_problem",
    "solve",
    "violations",
]
