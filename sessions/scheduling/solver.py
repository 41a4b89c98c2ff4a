"""Place sessions into rooms and times: greedy first, then CP-SAT, then a check.

The order of work, and why:

1. Pinned sessions are checked alone first. If they break a rule by themselves or between
   themselves, no timetable can be right: the answer is ``infeasible``, naming them.
2. Each session's static places are listed (``candidates.py``), so that the models hold only
   places that already keep the rules about the session itself.
3. A greedy pass (``greedy.py``) places the hardest sessions first, each at its cheapest free
   place, after putting sessions back where ``previous`` had them, then fits in the rest by
   moving sessions in their way. It is fast, keeps every rule, and gives CP-SAT a starting point
   (a solution hint).
4. If sessions are still out, CP-SAT first searches for a timetable that places them all, with
   no objective: on tightly packed problems this pure search finds complete timetables that an
   optimising search, busy trading soft costs, does not. Its run time varies much from one
   random seed to the next, so it runs as short attempts with new seeds and growing limits.
5. CP-SAT then minimises the objective (``costs.py``: the count placed first, then wasted seats,
   crowding and changes from ``previous``) from the best timetable so far, until it proves the
   optimum or the time limit ends it; the best timetable found is kept.
6. Sessions still unplaced are tried once more at any free place; the result is verified with
   ``check.violations`` (a failure is a bug and raises :class:`SchedulingBug`), and each unplaced
   session is explained by the rules that block its places.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from .candidates import Places, session_places, static_reasons
from .check import placement_faults, violations
from .costs import SoftCosts
from .greedy import fill_free_places, place_greedily
from .model import TimetableModel, build_model
from .problem import Problem, languages_named
from .solution import COMPLETE, INFEASIBLE, PARTIAL, Assignment, Solution, Unplaced
from .timetable import Timetable

DEFAULT_TIME_LIMIT = 30.0
GREEDY_SHARE = 0.1
COMPLETION_SHARE = 0.8
FIRST_ATTEMPT_SHARE = 0.15
FIRST_ATTEMPT_SECONDS = 2.0
NOT_FOUND = "no solution found within the time limit"
MOST_REASONS = 6

logger = logging.getLogger(__name__)


class SchedulingBug(RuntimeError):
    """The solver built a timetable that breaks a hard rule; it is never returned."""


def solve(
    problem: Problem, time_limit: float = DEFAULT_TIME_LIMIT, *, workers: int = 2, seed: int = 0
) -> Solution:
    """The best timetable found within about ``time_limit`` seconds.

    ``infeasible`` when pinned sessions alone break a rule (they are listed with the rules, and
    nothing is placed); otherwise ``complete``, or ``partial`` with reasons for each session left
    out. Raises :class:`SchedulingBug` rather than return a timetable that breaks a hard rule.
    """
    began = time.perf_counter()
    conflicts = pinned_conflicts(problem)
    if conflicts:
        unplaced = tuple(Unplaced(session_id, tuple(reasons)) for session_id, reasons in conflicts)
        return Solution(INFEASIBLE, (), unplaced, time.perf_counter() - began)

    places = session_places(problem)
    costs = SoftCosts(problem, places)
    best = place_greedily(problem, places, costs, deadline=began + time_limit * GREEDY_SHARE)
    logger.info(
        "greedy pass placed %d of %d sessions after %.2f s",
        len(best),
        len(problem.sessions),
        time.perf_counter() - began,
    )
    deadline = began + time_limit
    if time.perf_counter() < deadline:
        best = _improve(problem, places, costs, best, deadline, workers, seed)

    timetable = Timetable(problem)
    for assignment in best:
        timetable.place(assignment)
    fill_free_places(problem, places, costs, timetable)
    assignments = tuple(timetable.placed.values())
    faults = violations(problem, assignments)
    if faults:
        raise SchedulingBug("; ".join(faults[:5]))
    unplaced = tuple(
        Unplaced(session.id, tuple(unplaced_reasons(problem, places[session.id], timetable)))
        for session in problem.sessions
        if session.id not in timetable.placed
    )
    status = PARTIAL if unplaced else COMPLETE
    return Solution(status, assignments, unplaced, time.perf_counter() - began)


def _improve(
    problem: Problem,
    places: dict[str, Places],
    costs: SoftCosts,
    best: list[Assignment],
    deadline: float,
    workers: int,
    seed: int,
) -> list[Assignment]:
    """CP-SAT's part: complete the timetable if it can, then minimise the objective."""
    model = build_model(problem, places, costs)
    model.hint(best)
    logger.info("%s built, %d s left", type(model).__name__, deadline - time.perf_counter())
    placeable = sum(1 for session_places_ in places.values() if session_places_.count)
    if len(best) < placeable:
        time_limit = (deadline - time.perf_counter()) * COMPLETION_SHARE
        complete = _complete(model, time_limit, workers, seed)
        logger.info(
            "complete timetable %s, %.1f s left",
            "found" if complete is not None else "not found",
            deadline - time.perf_counter(),
        )
        if complete is not None:
            best = complete
            model.hint(best)
    optimised, _ = _search(model, model.model, deadline - time.perf_counter(), workers, seed)
    if optimised is not None and costs.total(optimised) < costs.total(best):
        best = optimised
    logger.info("objective %d points", costs.total(best))
    return best


def _complete(
    model: TimetableModel, time_limit: float, workers: int, seed: int
) -> list[Assignment] | None:
    """A timetable placing every session that has a place, by attempts of growing length."""
    deadline = time.perf_counter() + time_limit
    attempt_limit = max(FIRST_ATTEMPT_SECONDS, FIRST_ATTEMPT_SHARE * time_limit)
    everything = model.require_all_placed()
    attempt = 0
    while (left := deadline - time.perf_counter()) > 0:
        # Every other attempt also puts the at-most-one constraints in the LP relaxation: on
        # some problems that finds complete timetables sooner, on others later.
        found, status = _search(
            model,
            everything,
            min(attempt_limit, left),
            workers,
            seed + attempt,
            linearization_level=1 + attempt % 2,
        )
        if found is not None or status == cp_model.INFEASIBLE:
            return found
        attempt_limit *= 1.5
        attempt += 1
    return None


def _search(
    model: TimetableModel,
    proto: cp_model.CpModel,
    time_limit: float,
    workers: int,
    seed: int,
    linearization_level: int = 1,
) -> tuple[list[Assignment] | None, int]:
    if time_limit <= 0.05:
        return None, cp_model.UNKNOWN
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = linearization_level
    # Probing in presolve costs seconds on these models and pays back little (measured).
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(proto)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, status
    return model.assignments(solver), status


def pinned_conflicts(problem: Problem) -> list[tuple[str, list[str]]]:
    """Pinned sessions that break a rule alone or among themselves, with the rules they break."""
    faults: dict[str, list[str]] = defaultdict(list)
    pinned = [session for session in problem.sessions if session.pinned is not None]
    for session in pinned:
        room = problem.room_by_id[session.pinned.room]
        faults[session.id].extend(placement_faults(problem, session, room, session.pinned.start))
        without = problem.languages_without_teams(session)
        if without:
            faults[session.id].append(
                f"'{session.id}' needs {languages_named(without)} interpreters"
                " but interpreter_teams has none"
            )
    assignments = [Assignment(s.id, s.pinned.room, s.pinned.start) for s in pinned]
    for message in violations(problem, assignments):
        for session in pinned:
            if f"'{session.id}'" in message and message not in faults[session.id]:
                faults[session.id].append(message)
    return [(session.id, faults[session.id]) for session in pinned if faults[session.id]]


def unplaced_reasons(problem: Problem, places: Places, timetable: Timetable) -> list[str]:
    """Why a session has no place: the rules that empty its list, or what blocks its places.

    Each blocking rule is named with the sessions in the way and how many of the session's
    places it blocks, most blocking first; when some rules block every place, only those.
    """
    if not places.count:
        return static_reasons(problem, places.session)
    blocked: dict[tuple[str, str], int] = defaultdict(int)
    in_the_way: dict[tuple[str, str], set[str]] = defaultdict(set)
    free = 0
    for room_id, start in places:
        blockers = timetable.blockers(places.session, room_id, start)
        free += not blockers
        for rule, subject, owner in blockers:
            in_the_way[rule, subject].add(owner)
        for key in {(rule, subject) for rule, subject, _ in blockers}:
            blocked[key] += 1
    if free:
        return [f"{free} of its {places.count} possible places are free, but {NOT_FOUND}"]
    ranked = sorted(blocked.items(), key=lambda item: (-item[1], item[0]))
    if ranked[0][1] == places.count:
        # A rule that blocks every place explains enough; the partial ones would only be noise.
        ranked = [item for item in ranked if item[1] == places.count]
    reasons = []
    for (rule, subject), count in ranked[:MOST_REASONS]:
        share = "every place" if count == places.count else f"{count} of {places.count} places"
        owners = sorted(in_the_way[rule, subject])
        names = ", ".join(f"'{owner}'" for owner in owners[:4])
        names += f" and {len(owners) - 4} more" if len(owners) > 4 else ""
        if rule == "room":
            reasons.append(f"room '{subject}' is taken by {names} ({share})")
        elif rule == "person":
            reasons.append(f"overlaps sessions sharing person '{subject}': {names} ({share})")
        elif rule == "not_parallel_with":
            reasons.append(f"not_parallel_with {names} ({share})")
        else:
            reasons.append(f"{subject} interpreter teams all busy with {names} ({share})")
    if len(ranked) > MOST_REASONS:
        reasons.append(f"and {len(ranked) - MOST_REASONS} more blocking rules")
    return reasons
